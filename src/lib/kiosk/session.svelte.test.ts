import { describe, expect, it } from 'vitest';
import { QUICK_V1, SKM_2017 } from '../domain/instruments';
import { SurveySession } from './session.svelte';

describe('SurveySession', () => {
	it('walks the nine unsur one by one, with back and skip, then profile and comment', () => {
		const session = new SurveySession(SKM_2017);
		expect(session.inProgress).toBe(false);
		session.begin();
		expect(session.inProgress).toBe(true);
		expect(session.answer(1)).toBe(false);
		session.back();
		expect(session.index).toBe(0);
		[4, 3, 2, 1, 4, 3, 2].forEach((value) => session.answer(value));
		session.skip();
		session.answer(4);
		expect(session.step).toBe('profile');
		session.profile.sex = 'P';
		session.step = 'comment';
		session.comment = '  Bagus  ';
		expect(session.draft('complete')).toEqual({
			status: 'complete',
			answers: [4, 3, 2, 1, 4, 3, 2, null, 4],
			reasons: [],
			profile: { sex: 'P', ageBand: null, education: null, occupation: null },
			comment: 'Bagus'
		});
		session.back();
		expect(session.step).toBe('profile');
		session.back();
		expect([session.step, session.index]).toEqual(['question', 8]);
	});

	it('knows when anything was answered (a partial response is saved only then)', () => {
		const session = new SurveySession(SKM_2017);
		session.begin();
		expect(session.answeredAny).toBe(false);
		session.skip();
		expect(session.answeredAny).toBe(false);
		session.answer(3);
		expect(session.answeredAny).toBe(true);
		expect(session.draft('partial').answers).toEqual([null, 3, null, null, null, null, null, null, null]);
	});

	it('quick mode: a good score is ready at once, a low one asks for reasons', () => {
		const good = new SurveySession(QUICK_V1);
		expect(good.quick).toBe(true);
		expect(good.answer(3)).toBe(true);
		const low = new SurveySession(QUICK_V1);
		expect(low.answer(2)).toBe(false);
		expect(low.step).toBe('reasons');
		low.toggleReason('lama');
		low.toggleReason('fasilitas');
		low.toggleReason('fasilitas');
		expect(low.draft('complete')).toMatchObject({ answers: [2], reasons: ['lama'] });
	});

	it('keeps one identity (a UUID) from construction or reset to the next reset', () => {
		const session = new SurveySession(QUICK_V1);
		const first = session.id;
		expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		session.begin();
		session.answer(3);
		session.draft('complete');
		expect(session.id).toBe(first);
		session.reset();
		expect(session.id).not.toBe(first);
		expect(new SurveySession(QUICK_V1).id).not.toBe(session.id);
	});

	it('resets everything, language included, for the next citizen', () => {
		const session = new SurveySession(SKM_2017);
		session.lang = 'en';
		session.begin();
		session.answer(4);
		session.profile.ageBand = '17-25';
		session.comment = 'x';
		session.reset();
		expect([session.step, session.index, session.lang, session.comment, session.answeredAny, session.profile.ageBand]).toEqual([
			'start',
			0,
			'id',
			'',
			false,
			null
		]);
	});
});
