import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localDate } from '$lib/domain/periods';
import { canActOnAgency, readsOnly } from '$lib/domain/roles';
import { volumeReadProblem, volumeRecords, type VolumeLimitProblem, type VolumeProblem } from '$lib/domain/volume-rows';
import { growth } from '$lib/domain/volume';
import type { FieldProblem } from '$lib/forms/problems';
import { signedIn, type MallAccess } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { formValues, refuse } from '$lib/server/forms/read-form';
import { readCsvRecords } from '$lib/server/import/matrix-csv';
import { storeVolumes, volumeTable } from '$lib/server/volumes/volumes';
import { readableServices } from '$lib/server/access/agency-filter';
import { mallTimeZone } from '$lib/server/organization/queries';

/** Largest volume CSV accepted (5 000 rows fit in far less). */
const MAX_CSV_BYTES = 1_000_000;
/** At most this many of a CSV's problems are listed (all are counted). */
const LISTED_PROBLEMS = 50;

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	const db = await getDb();
	const today = localDate(new Date(), await mallTimeZone(db, access.mallId));
	const thisYear = Number(today.slice(0, 4));
	const rawYear = url.searchParams.get('year');
	const year = rawYear !== null && /^20\d\d$/.test(rawYear) ? Number(rawYear) : thisYear;
	const rows = await volumeTable(db, access, year);
	const services = new Map<number, { id: number; code: string; service: string; agency: string; canEdit: boolean; months: (number | null)[]; online: (number | null)[] }>();
	for (const row of rows) {
		const entry = services.get(row.service_id) ?? {
			id: row.service_id,
			code: row.code,
			service: row.service,
			agency: row.agency,
			canEdit: canActOnAgency(access, row.agency_id),
			months: Array<number | null>(12).fill(null),
			online: Array<number | null>(12).fill(null)
		};
		if (row.month) {
			const index = Number(row.month.slice(5, 7)) - 1;
			entry.months[index] = row.served === null ? null : Number(row.served);
			entry.online[index] = row.served_online === null ? null : Number(row.served_online);
		}
		services.set(row.service_id, entry);
	}
	// The year's months with any volume, against the same months a year before (services the reader may see).
	const previous = await volumeTable(db, access, year - 1);
	const monthsWithVolume = new Set(rows.filter((r) => r.month && r.served !== null).map((r) => r.month!.slice(5, 7)));
	const sum = (list: typeof rows) => list.reduce((total, r) => total + (r.month && monthsWithVolume.has(r.month.slice(5, 7)) ? Number(r.served ?? 0) : 0), 0);
	const summary = monthsWithVolume.size === 0 ? null : { months: [...monthsWithVolume].sort(), ...growth(sum(rows), sum(previous)) };
	return {
		year,
		summary,
		years: Array.from({ length: 5 }, (_, i) => thisYear - i),
		services: [...services.values()],
		editable: (await readableServices(db, access)).filter((s) => canActOnAgency(access, s.agencyId)),
		defaultMonth: today.slice(0, 7)
	};
};

function assertMayEnter(access: MallAccess): void {
	if (readsOnly(access)) error(403, { message: 'your role may only read', code: 'forbidden' });
}

/** The one-month form is one row of the CSV rule: each problem of that row as the form field it names. */
function fieldProblem(problem: VolumeProblem): FieldProblem {
	switch (problem.column) {
		case 'service':
			return { field: 'service', problem: 'not_found' };
		case 'month':
			return { field: 'month', problem: problem.kind === 'future_month' ? 'range' : 'invalid' };
		case 'served':
			return { field: 'served', problem: 'invalid' };
		case 'servedOnline':
			return { field: 'served_online', problem: 'invalid' };
		default:
			// A row of its own has no other problem (no duplicate, never empty).
			return { field: 'form', problem: 'invalid' };
	}
}

export const actions: Actions = {
	save: async ({ locals, request, url }) => {
		const { access } = signedIn(locals);
		assertMayEnter(access);
		const raw = formValues(await request.formData(), ['service', 'month', 'served', 'served_online']);
		const text = (name: string) => (typeof raw[name] === 'string' ? raw[name] : '');
		const row = { row: 1, service: text('service'), month: text('month'), served: text('served'), servedOnline: text('served_online') };
		const stored = await storeVolumes(await getDb(), access, [row], 'form');
		if ('problems' in stored) return refuse('save', stored.problems.map(fieldProblem), { values: raw });
		redirect(303, `/app/volumes?year=${stored.stored[0]!.month.slice(0, 4)}&saved=form`);
	},
	import: async ({ locals, request }) => {
		const { access } = signedIn(locals);
		assertMayEnter(access);
		const file = (await request.formData()).get('file');
		const refused = (problems: (VolumeProblem | VolumeLimitProblem)[], unreadable = false) =>
			fail(400, { action: 'import' as const, problems: problems.slice(0, LISTED_PROBLEMS), total: problems.length, unreadable, values: {} });
		const problem = (p: VolumeProblem | VolumeLimitProblem) => refused([p]);
		if (!(file instanceof File) || file.size === 0) return problem({ row: 1, column: null, kind: 'empty' });
		if (file.size > MAX_CSV_BYTES) return problem({ row: 1, column: null, kind: 'too_many' });
		const read = await readCsvRecords(new Uint8Array(await file.arrayBuffer()));
		if ('problem' in read) {
			const limit = volumeReadProblem(read.problem);
			if (limit) return problem(limit);
			return refused([], true);
		}
		const records = volumeRecords(read.records);
		if ('problem' in records) return problem(records.problem);
		const stored = await storeVolumes(await getDb(), access, records.raw, 'csv');
		if ('problems' in stored) return refused(stored.problems);
		const years = [...new Set(stored.stored.map((r) => r.month.slice(0, 4)))].sort();
		redirect(303, `/app/volumes?year=${years.at(-1)}&saved=csv-${stored.stored.length}`);
	}
};
