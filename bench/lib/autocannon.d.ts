/**
 * The part of autocannon's API the benchmarks use (the package ships no types; @types/autocannon describes v7).
 */
declare module 'autocannon' {
	interface AutocannonRequest {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
		body?: string;
	}

	interface Options {
		url: string;
		connections?: number;
		/** Seconds. */
		duration?: number;
		requests?: (AutocannonRequest & { setupRequest?: (request: AutocannonRequest) => AutocannonRequest })[];
	}

	interface Histogram {
		average: number;
		p50: number;
		p99: number;
	}

	interface Result {
		'2xx': number;
		non2xx: number;
		errors: number;
		latency: Histogram;
		requests: Histogram;
	}

	function autocannon(options: Options): Promise<Result>;
	export default autocannon;
}
