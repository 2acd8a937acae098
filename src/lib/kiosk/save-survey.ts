/**
 * Saving a citizen's survey to the outbox, once per survey. A double tap on "Kirim", an idle timeout ticking again
 * while IndexedDB still writes, finishing after the timeout saved: only the first save of a survey (one pass of a
 * SurveySession, known by its `id`) stores anything, every later one stores nothing. The first save claims the
 * survey synchronously, before any await; the outbox refusing a second entry under the survey's id is the second
 * line. Within the counter's minimum interval the survey is not stored but counted as a suppressed tap — once, too.
 */
import type { KioskConfig } from './api';
import type { Outbox } from './outbox';
import { responseItem } from './response-item';
import type { SurveySession } from './session.svelte';

export type SaveOutcome = 'stored' | 'suppressed' | 'already saved';

/** What a save needs of the counter's configuration. */
export interface SaveConfig {
	counter: Pick<KioskConfig['counter'], 'id' | 'minIntervalSeconds'>;
	service: Pick<KioskConfig['service'], 'id'>;
	instrument: Pick<KioskConfig['instrument'], 'code' | 'version'>;
}

/** Surveys remembered in memory; an older one's session was reset long ago, so nothing saves it again. */
const REMEMBERED_SURVEYS = 100;

export class SurveySaver {
	/** The first save of each recent survey, by survey id. */
	private readonly saves = new Map<string, Promise<SaveOutcome>>();

	constructor(private readonly outbox: Outbox) {}

	/**
	 * Store what `survey` holds now as a `status` response, or count it as suppressed within the minimum interval.
	 * A later save of the same survey stores nothing: it settles with the first ('already saved', or its error).
	 */
	save(survey: Pick<SurveySession, 'id' | 'draft'>, status: 'complete' | 'partial', config: SaveConfig): Promise<SaveOutcome> {
		const first = this.saves.get(survey.id);
		if (first) return first.then((): SaveOutcome => 'already saved');
		const saving = this.store(survey, status, config);
		this.saves.set(survey.id, saving);
		if (this.saves.size > REMEMBERED_SURVEYS) this.saves.delete(this.saves.keys().next().value!);
		// A failed write stored nothing (one transaction), so a later save may try again.
		saving.catch(() => {
			if (this.saves.get(survey.id) === saving) this.saves.delete(survey.id);
		});
		return saving;
	}

	private async store(survey: Pick<SurveySession, 'id' | 'draft'>, status: 'complete' | 'partial', config: SaveConfig): Promise<SaveOutcome> {
		// Everything is read before the first await: what is stored is the survey as it was when saved.
		const { id } = survey;
		const draft = survey.draft(status);
		const now = Date.now();
		const { counter, service, instrument } = config;
		const lastStoredKey = `lastStored:${counter.id}`;
		const lastStored = await this.outbox.getMeta<number>(lastStoredKey);
		if (lastStored !== undefined && now - lastStored < counter.minIntervalSeconds * 1000) {
			// Anti-abuse: within the counter's minimum interval nothing is stored; the tap is only counted.
			const added = await this.outbox.addSuppressed({ id, counterId: counter.id, at: new Date(now).toISOString() });
			return added ? 'suppressed' : 'already saved';
		}
		const stored = await this.outbox.addResponse((seq) => responseItem({ id, seq, counter, service, instrument, at: now }, draft));
		if (!stored) return 'already saved';
		await this.outbox.setMeta(lastStoredKey, now);
		return 'stored';
	}
}
