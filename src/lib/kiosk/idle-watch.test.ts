import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDLE_GRACE_MS, IDLE_MS, IdleWatch } from './idle-watch';

afterEach(() => {
	vi.useRealTimers();
});

describe('IdleWatch', () => {
	it('asks after a minute, counts ten seconds down, then times out on every check while the survey lasts', () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
		let applies = true;
		let timeouts = 0;
		let secondsLeft: number | null = null;
		const watch = new IdleWatch({ applies: () => applies, onCountdown: (s) => (secondsLeft = s), onTimeout: () => (timeouts += 1) });
		const stop = watch.start();
		vi.advanceTimersByTime(IDLE_MS - 1_000);
		expect(secondsLeft).toBeNull();
		vi.advanceTimersByTime(1_000);
		expect(secondsLeft).toBe(10);
		watch.touched();
		expect(secondsLeft).toBeNull();
		vi.advanceTimersByTime(IDLE_MS + IDLE_GRACE_MS - 1_000);
		expect([secondsLeft, timeouts]).toEqual([1, 0]);
		vi.advanceTimersByTime(2_000);
		expect([secondsLeft, timeouts]).toEqual([null, 2]);
		applies = false; // started over, or the staff panel is open
		vi.advanceTimersByTime(5_000);
		expect(timeouts).toBe(2);
		applies = true;
		stop();
		vi.advanceTimersByTime(5_000);
		expect(timeouts).toBe(2);
	});
});
