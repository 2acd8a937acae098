/**
 * One citizen's pass through a survey (full SKM or quick), as reactive state shared by the kiosk and the QR page.
 * Screens are views of this state; the language switch never loses an answer.
 */
import { v7 as uuidv7 } from 'uuid';

export interface SurveyItem {
	code: string;
	name: { id: string; en: string };
	question: { id: string; en: string };
	options: { id: readonly string[]; en: readonly string[] };
}

export interface SurveyInstrument {
	code: string;
	version: number;
	items: readonly SurveyItem[];
	reasons?: readonly { code: string; unsur: string; label: { id: string; en: string } }[];
}

export type Step = 'start' | 'question' | 'profile' | 'comment' | 'reasons' | 'thanks';
export type Lang = 'id' | 'en';

export interface Profile {
	sex: string | null;
	ageBand: string | null;
	education: string | null;
	occupation: string | null;
}

export interface SurveyDraft {
	status: 'complete' | 'partial';
	answers: (number | null)[];
	reasons: string[];
	profile: Profile;
	comment: string | null;
}

/** A quick-mode score at or below this asks for reasons. */
const LOW_SCORE = 2;

const emptyProfile = (): Profile => ({ sex: null, ageBand: null, education: null, occupation: null });

export class SurveySession {
	/**
	 * This pass's identity, fixed from construction or `reset()` to the next `reset()`: what is stored for it (the
	 * response or the suppressed tap) takes this UUID, so saving the same pass twice stores it once.
	 * Time-ordered (v7): the server's primary-key index grows at its end instead of everywhere.
	 */
	id = uuidv7();
	step = $state<Step>('start');
	index = $state(0);
	answers = $state<(number | null)[]>([]);
	reasons = $state<string[]>([]);
	profile = $state<Profile>(emptyProfile());
	comment = $state('');
	lang = $state<Lang>('id');

	constructor(public instrument: SurveyInstrument) {
		this.answers = instrument.items.map(() => null);
	}

	get quick(): boolean {
		return this.instrument.code === 'quick';
	}

	get item(): SurveyItem {
		return this.instrument.items[this.index]!;
	}

	/** Whether any item has an answer (a partial response is saved only then). */
	get answeredAny(): boolean {
		return this.answers.some((value) => value !== null);
	}

	/** In the middle of a survey (idle handling applies). */
	get inProgress(): boolean {
		return this.step !== 'start' && this.step !== 'thanks';
	}

	begin(): void {
		this.step = 'question';
		this.index = 0;
	}

	/** Answer the current item; returns true when the survey is ready to submit (quick mode, good score). */
	answer(value: number): boolean {
		this.answers[this.index] = value;
		if (this.quick) {
			if (value <= LOW_SCORE && this.instrument.reasons?.length) {
				this.step = 'reasons';
				return false;
			}
			return true;
		}
		this.advance();
		return false;
	}

	skip(): void {
		this.answers[this.index] = null;
		this.advance();
	}

	private advance(): void {
		if (this.index < this.instrument.items.length - 1) this.index += 1;
		else this.step = 'profile';
	}

	back(): void {
		if (this.step === 'comment') this.step = 'profile';
		else if (this.step === 'profile') {
			this.step = 'question';
			this.index = this.instrument.items.length - 1;
		} else if (this.step === 'question' && this.index > 0) this.index -= 1;
	}

	toggleReason(code: string): void {
		this.reasons = this.reasons.includes(code) ? this.reasons.filter((r) => r !== code) : [...this.reasons, code];
	}

	/** What to store: complete when the citizen finished, partial when they walked away. */
	draft(status: 'complete' | 'partial'): SurveyDraft {
		return {
			status,
			answers: [...this.answers],
			reasons: [...this.reasons],
			profile: { ...this.profile },
			comment: this.comment.trim() || null
		};
	}

	/** Back to the start for the next citizen, in Bahasa Indonesia. */
	reset(): void {
		this.id = uuidv7();
		this.step = 'start';
		this.index = 0;
		this.answers = this.instrument.items.map(() => null);
		this.reasons = [];
		this.profile = emptyProfile();
		this.comment = '';
		this.lang = 'id';
	}
}
