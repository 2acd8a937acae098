/** How often the event loop turned while `work` ran: a reader that yields between chunks lets it turn many times. */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
	let turns = 0;
	let counting = true;
	const count = () => {
		turns++;
		if (counting) setImmediate(count);
	};
	setImmediate(count);
	const result = await work();
	counting = false;
	return { result, turns };
}
