/**
 * Notices a citizen who walked away mid-survey: without a touch for IDLE_MS it asks "Masih di sana?" with a
 * countdown, and IDLE_GRACE_MS later it times the survey out. It checks every second and times out on every check
 * until the survey is no longer in progress, so what a timeout does must be idempotent per survey (save-survey.ts).
 */

/** Without a touch for this long during a survey, ask "Masih di sana?" … */
export const IDLE_MS = 60_000;
/** … and this long after that, save what was answered and start over. */
export const IDLE_GRACE_MS = 10_000;
const CHECK_EVERY_MS = 1_000;

export interface IdleWatchOptions {
	/** Whether idle handling applies now: a survey in progress, the staff panel closed. */
	applies: () => boolean;
	/** The seconds left to answer "Masih di sana?", or null when not asking. */
	onCountdown: (secondsLeft: number | null) => void;
	/** The citizen walked away. */
	onTimeout: () => void;
}

export class IdleWatch {
	private lastTouch = Date.now();

	constructor(private readonly options: IdleWatchOptions) {}

	/** Check every second; returns the function that stops it. */
	start(): () => void {
		const interval = setInterval(() => this.check(), CHECK_EVERY_MS);
		return () => clearInterval(interval);
	}

	/** A touch or a key: the citizen is there. */
	touched(): void {
		this.lastTouch = Date.now();
		this.options.onCountdown(null);
	}

	private check(): void {
		const idle = Date.now() - this.lastTouch;
		if (!this.options.applies() || idle < IDLE_MS) this.options.onCountdown(null);
		else if (idle < IDLE_MS + IDLE_GRACE_MS) this.options.onCountdown(Math.ceil((IDLE_MS + IDLE_GRACE_MS - idle) / 1000));
		else {
			this.options.onCountdown(null);
			this.options.onTimeout();
		}
	}
}
