import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { problemText } from '$lib/forms/problems';
import * as fields from './fields';
import { formValues, readForm, refuse } from './read-form';

const form = (entries: [string, string][]) => {
	const data = new FormData();
	for (const [name, value] of entries) data.append(name, value);
	return data;
};

describe('formValues', () => {
	it('reads named fields as strings (null when absent) and checkbox fields as every value', () => {
		const raw = formValues(form([['name', 'Dukcapil'], ['agencies', '1'], ['agencies', '3']]), ['name', 'code'], ['agencies']);
		expect(raw).toEqual({ name: 'Dukcapil', code: null, agencies: ['1', '3'] });
	});
});

describe('readForm', () => {
	const Schema = v.object({ code: fields.slugCode, name: fields.name, interval: fields.minIntervalSeconds, day: fields.date, agency: fields.id });

	it('gives the data when every field holds', () => {
		const parsed = readForm(Schema, { code: ' DKP ', name: 'Dukcapil', interval: '30', day: '2026-02-28', agency: '7' });
		expect(parsed).toEqual({ data: { code: 'dkp', name: 'Dukcapil', interval: 30, day: '2026-02-28', agency: 7 } });
	});

	it('names every refused field once, in form order, with its problem and the bound it missed', () => {
		const parsed = readForm(Schema, { code: 'a b', name: 'x'.repeat(121), interval: '9999', day: '2026-02-30', agency: '99999999999' });
		expect(parsed).toEqual({
			problems: [
				{ field: 'code', problem: 'format' },
				{ field: 'name', problem: 'too_long', max: 120 },
				{ field: 'interval', problem: 'range', min: 0, max: 3600 },
				{ field: 'day', problem: 'date' },
				{ field: 'agency', problem: 'not_found' }
			]
		});
	});

	it('calls a missing field required and a message that is no problem code invalid', () => {
		expect(readForm(Schema, { code: null, name: '', interval: '1', day: '2026-01-01', agency: '1' })).toEqual({
			problems: [
				{ field: 'code', problem: 'required' },
				{ field: 'name', problem: 'required', max: 1 }
			]
		});
		expect(readForm(v.object({ n: v.pipe(v.string(), v.regex(/^\d$/)) }), { n: 'x' })).toEqual({ problems: [{ field: 'n', problem: 'invalid' }] });
	});

	it('reads an optional field the form left out (formValues gives null) as blank', () => {
		const Optional = v.object({ agency: fields.optionalId, note: fields.optionalText(10) });
		expect(readForm(Optional, formValues(form([]), ['agency', 'note']))).toEqual({ data: { agency: '', note: '' } });
		expect(readForm(Optional, { agency: '3', note: ' x ' })).toEqual({ data: { agency: 3, note: 'x' } });
	});

	it('refuses text PostgreSQL cannot store', () => {
		expect(readForm(v.object({ name: fields.name }), { name: 'a\u0000b' })).toEqual({ problems: [{ field: 'name', problem: 'invalid' }] });
	});
});

describe('refuse', () => {
	it('answers 400 with the form, the row, every problem and what was typed — never a password', () => {
		const answer = refuse('createUser', [{ field: 'email', problem: 'taken' }], { id: 4, values: { email: 'a@b.id', password: 'secret', agencies: ['1'] } });
		expect(answer.status).toBe(400);
		expect(answer.data).toEqual({ action: 'createUser', id: 4, problems: [{ field: 'email', problem: 'taken' }], values: { email: 'a@b.id', agencies: ['1'] } });
	});

	it('keeps the status and the detail it is given', () => {
		const answer = refuse('markComplaint', { field: 'response', problem: 'taken' }, { status: 409, detail: { complaintId: 12 } });
		expect(answer.status).toBe(409);
		expect(answer.data).toMatchObject({ action: 'markComplaint', id: null, complaintId: 12 });
	});
});

describe('problemText', () => {
	it('names the field and what is wrong with it', () => {
		expect(problemText({ field: 'code', problem: 'taken' }, 'createAgency')).toBe('Kode sudah dipakai. Pilih yang lain.');
		expect(problemText({ field: 'name', problem: 'too_long', max: 120 }, 'createAgency')).toBe('Nama terlalu panjang (maksimal 120 karakter).');
		expect(problemText({ field: 'minIntervalSeconds', problem: 'range', min: 0, max: 3600 }, 'updateCounter')).toBe(
			'Jeda minimum (detik) harus bilangan bulat dari 0 sampai 3600.'
		);
	});

	it("uses a form's own sentence for its field, and for one problem of it", () => {
		expect(problemText({ field: 'name', problem: 'required' }, 'innovation')).toBe('Nama inovasi wajib diisi (paling banyak 200 karakter).');
		expect(problemText({ field: 'form', problem: 'rate_limited' }, 'login')).toMatch(/^Terlalu banyak percobaan/);
		expect(problemText({ field: 'file', problem: 'too_large', max: 8 }, 'upload')).toContain('8');
	});

	it("falls back to the form's general sentence for a field it has no words for", () => {
		expect(problemText({ field: 'complaint', problem: 'invalid' }, 'followUp')).toBe('Formulir tidak lengkap; muat ulang halaman lalu coba lagi.');
		expect(problemText({ field: 'mystery', problem: 'invalid' }, 'createAgency')).toBe('Isian tidak valid.');
	});
});
