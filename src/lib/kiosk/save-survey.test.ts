/**
 * Saving a survey to the outbox is idempotent per survey: double taps, idle ticks during the write and finishing
 * after a timeout store one entry; the next citizen's survey is stored as usual; suppressed taps count once.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SKM_2017 } from '../domain/instruments';
import { IDLE_GRACE_MS, IDLE_MS, IdleWatch } from './idle-watch';
import { openOutbox, type Outbox } from './outbox';
import { SurveySaver, type SaveConfig } from './save-survey';
import { SurveySession } from './session.svelte';

const config = (minIntervalSeconds = 0): SaveConfig => ({ counter: { id: 7, minIntervalSeconds }, service: { id: 3 }, instrument: SKM_2017 });

let outbox: Outbox;
beforeEach(async () => {
	outbox = await openOutbox(`test-${crypto.randomUUID()}`);
});
afterEach(() => {
	vi.useRealTimers();
});

/** The outbox, with every write waiting until `release()`: a tap or a tick can come while IndexedDB writes. */
function withSlowWrites(real: Outbox) {
	let release!: () => void;
	const gate = new Promise<void>((resolve) => (release = resolve));
	let writes = 0;
	const slow: Outbox = {
		...real,
		async addResponse(build) {
			writes += 1;
			await gate;
			return real.addResponse(build);
		},
		async addSuppressed(payload) {
			writes += 1;
			await gate;
			return real.addSuppressed(payload);
		}
	};
	return { outbox: slow, release, writes: () => writes };
}

/** A citizen's survey with the first item answered. */
function answeredSurvey(session = new SurveySession(SKM_2017), value = 4) {
	session.begin();
	session.answer(value);
	return session;
}

const stored = async () => (await outbox.pending(100)).responses.flatMap((entry) => (entry.kind === 'response' ? [entry.payload] : []));
const suppressed = async () => (await outbox.pending(100)).suppressed.map((entry) => entry.payload);
/** Let fake-indexeddb (which schedules its work with setImmediate) finish what is under way. */
const settle = async () => {
	for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('SurveySaver', () => {
	it('stores a survey saved twice during its write (a double tap) once, taking one sequence number', async () => {
		const slow = withSlowWrites(outbox);
		const saver = new SurveySaver(slow.outbox);
		const survey = answeredSurvey();
		const both = Promise.all([saver.save(survey, 'complete', config()), saver.save(survey, 'complete', config())]);
		slow.release();
		expect(await both).toEqual(['stored', 'already saved']);
		// The second save never reached IndexedDB: the claim in memory stopped it.
		expect(slow.writes()).toBe(1);
		expect((await stored()).map((r) => [r.id, r.seq, r.status])).toEqual([[survey.id, 1, 'complete']]);
		expect(await outbox.getMeta('nextSeq')).toBe(2);
	});

	it('stores one partial response when the idle timeout ticks again while the write is pending', async () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
		const slow = withSlowWrites(outbox);
		const saver = new SurveySaver(slow.outbox);
		const session = new SurveySession(SKM_2017);
		let timeouts = 0;
		const idle = new IdleWatch({
			applies: () => session.inProgress,
			onCountdown: () => {},
			// As Kiosk.svelte's timeOut: save what was answered, then start over unless a later tick already did.
			onTimeout: async () => {
				timeouts += 1;
				const survey = session.id;
				if (session.answeredAny) await saver.save(session, 'partial', config());
				if (session.id === survey) session.reset();
			}
		});
		const stop = idle.start();
		answeredSurvey(session, 3);
		const walkedAway = session.id;
		await vi.advanceTimersByTimeAsync(IDLE_MS + IDLE_GRACE_MS + 3_000); // the timeout, then three more ticks
		expect(timeouts).toBe(4);
		slow.release();
		await settle();
		await vi.advanceTimersByTimeAsync(5_000); // started over: no survey in progress, nothing more to time out
		stop();
		expect(timeouts).toBe(4);
		expect(slow.writes()).toBe(1);
		expect((await stored()).map((r) => [r.id, r.seq, r.status, r.answers[0]])).toEqual([[walkedAway, 1, 'partial', 3]]);
		expect([session.step, session.id === walkedAway]).toEqual(['start', false]);
		expect(await outbox.getMeta('nextSeq')).toBe(2);
	});

	it('stores nothing more when the survey is finished after it was saved', async () => {
		const saver = new SurveySaver(outbox);
		const survey = answeredSurvey();
		expect(await saver.save(survey, 'partial', config())).toBe('stored');
		survey.answer(2);
		expect(await saver.save(survey, 'complete', config())).toBe('already saved');
		expect((await stored()).map((r) => [r.status, r.answers.slice(0, 2)])).toEqual([['partial', [4, null]]]);
		expect(await outbox.getMeta('nextSeq')).toBe(2);
	});

	it('stores the next citizen’s survey after a reset as usual', async () => {
		const saver = new SurveySaver(outbox);
		const session = answeredSurvey();
		const first = session.id;
		expect(await saver.save(session, 'complete', config())).toBe('stored');
		session.reset();
		answeredSurvey(session, 1);
		expect(session.id).not.toBe(first);
		expect(await saver.save(session, 'complete', config())).toBe('stored');
		const changedInstrument = answeredSurvey(new SurveySession(SKM_2017), 2);
		expect(await saver.save(changedInstrument, 'partial', config())).toBe('stored');
		expect((await stored()).map((r) => [r.id, r.seq, r.answers[0]])).toEqual([
			[first, 1, 4],
			[session.id, 2, 1],
			[changedInstrument.id, 3, 2]
		]);
	});

	it('counts a survey within the minimum interval as one suppressed tap, and stores again after it', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		const slow = withSlowWrites(outbox);
		slow.release();
		const saver = new SurveySaver(slow.outbox);
		const session = answeredSurvey();
		expect(await saver.save(session, 'complete', config(60))).toBe('stored');
		const taps: string[] = [];
		for (const seconds of [10, 20]) {
			vi.setSystemTime(Date.now() + seconds * 1000);
			session.reset();
			answeredSurvey(session);
			taps.push(session.id);
			// A double tap, and the idle timeout on top: still one suppressed tap for this survey.
			const saves = [saver.save(session, 'complete', config(60)), saver.save(session, 'complete', config(60)), saver.save(session, 'partial', config(60))];
			expect(await Promise.all(saves)).toEqual(['suppressed', 'already saved', 'already saved']);
		}
		vi.setSystemTime(Date.now() + 30_000); // 60 s after the stored one
		session.reset();
		answeredSurvey(session);
		expect(await saver.save(session, 'complete', config(60))).toBe('stored');
		expect(slow.writes()).toBe(4);
		expect((await suppressed()).map((tap) => tap.id).sort()).toEqual(taps.sort());
		expect((await stored()).map((r) => r.seq)).toEqual([1, 2]);
	});

	it('stores nothing for a survey already in the outbox even when memory has forgotten it', async () => {
		const survey = answeredSurvey();
		expect(await new SurveySaver(outbox).save(survey, 'partial', config())).toBe('stored');
		// A second saver knows nothing of the first save: the outbox refuses the survey's id, taking no number.
		expect(await new SurveySaver(outbox).save(survey, 'complete', config())).toBe('already saved');
		expect(await new SurveySaver(outbox).save(survey, 'complete', config(60))).toBe('already saved');
		expect((await stored()).map((r) => [r.id, r.status])).toEqual([[survey.id, 'partial']]);
		expect(await outbox.counts()).toEqual({ pending: 1, held: 0 });
		expect(await outbox.getMeta('nextSeq')).toBe(2);
	});

	it('lets a survey whose write failed be saved again (the failed write stored nothing)', async () => {
		let failures = 1;
		const flaky: Outbox = {
			...outbox,
			async addResponse(build) {
				if (failures-- > 0) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
				return outbox.addResponse(build);
			}
		};
		const saver = new SurveySaver(flaky);
		const survey = answeredSurvey();
		const [first, during] = [saver.save(survey, 'complete', config()), saver.save(survey, 'complete', config())];
		await expect(first).rejects.toThrow('quota');
		await expect(during).rejects.toThrow('quota'); // a save during the failed one shares its outcome
		expect(await saver.save(survey, 'complete', config())).toBe('stored');
		expect((await stored()).map((r) => [r.id, r.seq])).toEqual([[survey.id, 1]]);
	});
});
