import { describe, expect, it } from 'vitest';
import { responseItem, type ItemSource } from './response-item';
import type { SurveyDraft } from './session.svelte';

const source: ItemSource = {
	id: '01890a5d-ac96-774b-bcce-b302099a8057',
	seq: 7,
	counter: { id: 3 },
	service: { id: 5 },
	instrument: { code: 'skm-2017', version: 1 },
	at: Date.parse('2026-03-02T01:30:00.000Z')
};
const profile = { sex: 'P', ageBand: '25-34', education: null, occupation: null };
const draft = (status: SurveyDraft['status'], reasons: string[], comment: string | null): SurveyDraft => ({
	status,
	answers: [4, 3, null, 4],
	reasons,
	profile,
	comment
});

describe('responseItem', () => {
	it.each([
		['complete, no reasons', draft('complete', [], 'Cepat'), {}],
		['partial, with reasons', draft('partial', ['slow'], null), { reasons: ['slow'] }]
	])('%s', (_, survey, extra) => {
		expect(responseItem(source, survey)).toEqual({
			id: source.id,
			seq: 7,
			counterId: 3,
			serviceId: 5,
			instrument: { code: 'skm-2017', version: 1 },
			submittedAt: '2026-03-02T01:30:00.000Z',
			status: survey.status,
			answers: [4, 3, null, 4],
			...extra,
			profile,
			comment: survey.comment
		});
	});

	it('leaves reasons out when none were given', () => {
		expect('reasons' in responseItem(source, draft('complete', [], null))).toBe(false);
	});
});
