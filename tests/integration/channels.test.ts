/**
 * Channels and waiting times (issue 16): the figures per channel equal the engine on each channel's raw answers; the
 * dashboard's channel filter restricts every figure; waiting-time bands from known queue times equal the engine on
 * each band's raw answers; the Laporan SKM's method, CSV, XLSX and PDF carry the channels.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_CODES } from '../../src/lib/domain/instruments';
import { CHANNELS, type Channel } from '../../src/lib/domain/profile';
import { parsePeriod } from '../../src/lib/domain/report-period';
import { computeIkm, tallyAnswers } from '../../src/lib/domain/skm';
import { responses, tickets } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/lib/server/db/client';
import { channelBreakdown } from '../../src/lib/server/indicators/channels';
import { loadDashboard } from '../../src/lib/server/indicators/dashboard';
import { computeIndicators } from '../../src/lib/server/indicators/indicators';
import { IndicatorQuerySchema } from '../../src/lib/server/indicators/query-schema';
import { readMatrixCsv } from '../../src/lib/server/import/matrix-csv';
import { exportResponse, parseExportRequest, resolveReport, type ExportFormat } from '../../src/lib/server/reports/exports';
import { buildReport } from '../../src/lib/server/reports/report';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let dir: string;
const MARCH = parsePeriod('month', '2026-03')!;
type Answers = (number | null)[];
/** Every March response as inserted: its channel, agency, answers and (ticket responses) queue minutes. */
const inserted: { channel: Channel; unit: 'a' | 'b'; answers: Answers; wait: number | null; service: number | null }[] = [];

function lcg(seed: number) {
	let state = seed;
	return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

const MINUTE = 60_000;

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'channel-mall');
	dir = mkdtempSync(join(tmpdir(), 'puas-channels-'));
	const random = lcg(16);
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
	// Each channel rates differently, so a figure from the wrong channel cannot pass.
	const scale: Record<Channel, number[]> = { kiosk: [3, 4, 4], qr: [1, 2, 3], ticket: [2, 3, 4], import: [3, 3, 4] };
	const rows: (typeof responses.$inferInsert)[] = [];
	for (const channel of CHANNELS) {
		for (let i = 0; i < 36; i++) {
			const answers: Answers = SKM_CODES.map(() => (random() < 0.05 ? null : pick(scale[channel])));
			if (!answers.some((a) => a !== null)) answers[0] = 4;
			const unit = random() < 0.6 ? 'a' : 'b';
			// 1–28 March, 08:00–15:59 in Kupang (UTC+8).
			const submittedAt = new Date(Date.UTC(2026, 2, 1 + Math.floor(random() * 28), Math.floor(random() * 8), Math.floor(random() * 60)));
			let ticketId: number | null = null;
			let wait: number | null = null;
			let service: number | null = null;
			if (channel === 'ticket') {
				// Every band is filled (the edges 15, 30 and 60 included); a few tickets carry no queue times at all.
				const timed = i < 32;
				wait = timed ? [3, 14, 15, 22, 30, 45, 60, 61, 95][i % 9]! : null;
				service = timed ? 2 + (i % 7) : null;
				const called = new Date(submittedAt.getTime() - (service ?? 5) * MINUTE - 2 * MINUTE);
				const [ticket] = await handle.db
					.insert(tickets)
					.values({
						mallId: org.mall.id,
						counterId: org[unit].counter.id,
						codeHash: (i + 1).toString(16).padStart(64, '0'),
						issuedAt: timed ? new Date(called.getTime() - wait! * MINUTE) : null,
						calledAt: timed ? called : null,
						servedAt: timed ? new Date(called.getTime() + service! * MINUTE) : null,
						expiresAt: new Date('2099-01-01T00:00:00Z')
					})
					.returning();
				ticketId = ticket!.id;
			}
			rows.push(
				responseRow(org, unit, answers, {
					submittedAt,
					channel,
					ticketId,
					...(channel === 'import' ? { counterId: null } : {}),
					status: random() < 0.1 ? 'partial' : 'complete'
				})
			);
			inserted.push({ channel, unit, answers, wait, service });
		}
	}
	// February, for the previous period; and April, outside the period.
	rows.push(responseRow(org, 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], { channel: 'kiosk', submittedAt: new Date('2026-02-10T02:00:00Z') }));
	rows.push(responseRow(org, 'a', [1, 1, 1, 1, 1, 1, 1, 1, 1], { channel: 'qr', submittedAt: new Date('2026-02-11T02:00:00Z') }));
	// 31 March 16:30 UTC is 1 April in Kupang: outside March for every channel figure.
	rows.push(responseRow(org, 'a', [1, 1, 1, 1, 1, 1, 1, 1, 1], { channel: 'kiosk', submittedAt: new Date('2026-03-31T16:30:00Z') }));
	await handle.db.insert(responses).values(rows);
	await rebuildRollups(handle.db);
}, 60_000);
afterAll(async () => {
	await handle?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const admin = () => ({ userId: null, role: 'admin' as const, mallId: org.mall.id, agencyIds: null });
const mall = () => ({ type: 'mall' as const, id: org.mall.id });
const engine = (rows: { answers: Answers }[]) => computeIkm(tallyAnswers(rows.map((r) => r.answers), SKM_CODES));

describe('the channel breakdown', () => {
	it('gives each channel the engine’s IKM on its own raw answers, and the channels add up to the whole', async () => {
		const d = (await loadDashboard(handle.db, admin(), mall(), MARCH))!;
		expect(d.current.channels.map((c) => c.channel)).toEqual([...CHANNELS]);
		for (const figures of d.current.channels) {
			const mine = inserted.filter((r) => r.channel === figures.channel);
			const expected = engine(mine);
			expect(figures.respondents).toBe(mine.length);
			expect(figures.ikm).toBe(expected.ikm);
			expect(figures.ikmExact).toBe(expected.ikmExact);
			expect(figures.mutu).toBe(expected.mutu);
		}
		expect(d.current.channels.reduce((a, c) => a + c.respondents, 0)).toBe(d.current.respondents);
		// The channels really differ: the phone-open figure is the lowest by construction.
		expect(new Set(d.current.channels.map((c) => c.ikm)).size).toBe(4);
	});

	it('is computed per agency too, and the API asks for it while other callers skip its read', async () => {
		const agency = { type: 'agency' as const, id: org.b.agency.id };
		const byChannel = await channelBreakdown(handle.db, agency, MARCH);
		for (const figures of byChannel) {
			const mine = inserted.filter((r) => r.channel === figures.channel && r.unit === 'b');
			expect([figures.respondents, figures.result.ikm]).toEqual([mine.length, engine(mine).ikm]);
		}
		const query = { scope: 'mall' as const, id: org.mall.id, from: MARCH.from, to: MARCH.to, granularity: 'month' as const };
		expect((await computeIndicators(handle.db, query, admin()))!.channels).toEqual([]);
		expect((await computeIndicators(handle.db, { ...query, breakdown: true }, admin()))!.channels).toHaveLength(4);
	});

	it('refuses an unknown channel at the API’s edge, naming the field', () => {
		const parsed = v.safeParse(IndicatorQuerySchema, { scope: 'mall', id: '1', channel: 'phone' });
		expect(parsed.success).toBe(false);
		expect(parsed.issues?.[0]?.path?.[0]?.key).toBe('channel');
		expect(v.safeParse(IndicatorQuerySchema, { scope: 'mall', id: '1', channel: 'ticket' }).success).toBe(true);
	});
});

describe('the dashboard’s channel filter', () => {
	it.each(CHANNELS)('draws the heatmap of %s from its rollups as the raw answers give it', async (channel) => {
		const raw = rowsOf<{ cell: string }>(
			await handle.db.execute(sql`
				select concat_ws('|', extract(isodow from local)::int, extract(hour from local)::int, count(*), sum(s), sum(n)) as cell from (
					select r.submitted_at at time zone m.time_zone as local, (select sum(v) from unnest(r.answers[1:9]) v) as s,
						cardinality(array_remove(r.answers[1:9], null)) as n
					from responses r join malls m on m.id = r.mall_id join instruments i on i.id = r.instrument_id and i.feeds_ikm
					where r.mall_id = ${org.mall.id} and r.channel = ${channel}
						and (r.submitted_at at time zone m.time_zone)::date between ${MARCH.from}::date and ${MARCH.to}::date
				) t group by extract(isodow from local), extract(hour from local) order by 1`)
		).map((r) => r.cell);
		expect(raw.length).toBeGreaterThan(0);
		const d = (await loadDashboard(handle.db, admin(), mall(), MARCH, channel))!;
		const cells = d.heatmap.map((c) => [c.weekday, c.hour, c.responses, c.mean === null ? null : Math.round(c.mean * 1e9)]);
		const expected = raw.map((line) => {
			const [weekday, hour, n, sum, answered] = line.split('|').map(Number) as [number, number, number, number, number];
			return [weekday, hour, n, answered > 0 ? Math.round((sum / answered) * 1e9) : null];
		});
		expect(cells.sort()).toEqual(expected.sort());
	});

	it.each(CHANNELS)('restricts every figure of the page to %s', async (channel) => {
		const d = (await loadDashboard(handle.db, admin(), mall(), MARCH, channel))!;
		const mine = inserted.filter((r) => r.channel === channel);
		const expected = engine(mine);
		expect(d.current.channel).toBe(channel);
		expect(d.current.respondents).toBe(mine.length);
		expect(d.current.ikm).toBe(expected.ikm);
		expect(d.current.ikmExact).toBe(expected.ikmExact);
		expect(d.current.unsur.map((u) => [u.sum, u.n])).toEqual(expected.unsur.map((u) => [u.sum, u.n]));
		expect(d.current.series.reduce((a, s) => a + s.respondents, 0)).toBe(mine.length);
		expect(d.current.channels.map((c) => [c.channel, c.respondents, c.ikm])).toEqual([[channel, mine.length, expected.ikm]]);
		// One level down: each agency on this channel only.
		for (const unit of ['a', 'b'] as const) {
			const child = d.children.find((c) => c.id === org[unit].agency.id)!;
			const ours = mine.filter((r) => r.unit === unit);
			expect([child.respondents, child.result.ikm]).toEqual([ours.length, engine(ours).ikm]);
		}
		expect(d.heatmap.reduce((a, c) => a + c.responses, 0)).toBe(mine.length);
		// The previous month (February) on this channel: one kiosk and one phone-open response.
		expect(d.previous.respondents).toBe(channel === 'kiosk' || channel === 'qr' ? 1 : 0);
		// Waiting times exist only for ticket responses.
		expect(d.waiting === null).toBe(channel !== 'ticket');
	});
});

describe('waiting and service time', () => {
	const median = (values: number[]) => {
		const s = [...values].sort((a, b) => a - b);
		return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
	};

	it('gives each waiting band the engine’s IKM on its raw answers, the medians and the U3 NRR', async () => {
		const d = (await loadDashboard(handle.db, admin(), mall(), MARCH))!;
		const timed = inserted.filter((r) => r.channel === 'ticket' && r.wait !== null);
		const w = d.waiting!;
		expect(w.respondents).toBe(timed.length);
		const bands: [string, (m: number) => boolean][] = [
			['under15', (m) => m < 15],
			['15to30', (m) => m >= 15 && m < 30],
			['30to60', (m) => m >= 30 && m <= 60],
			['over60', (m) => m > 60]
		];
		for (const [band, inBand] of bands) {
			const mine = timed.filter((r) => inBand(r.wait!));
			const figures = w.bands.find((b) => b.band === band)!;
			expect(mine.length).toBeGreaterThan(0);
			expect(figures.respondents).toBe(mine.length);
			expect(figures.result.ikm).toBe(engine(mine).ikm);
			expect(figures.result.ikmExact).toBe(engine(mine).ikmExact);
		}
		expect(w.medianWaitMinutes).toBeCloseTo(median(timed.map((r) => r.wait!)), 9);
		expect(w.medianServiceMinutes).toBeCloseTo(median(timed.map((r) => r.service!)), 9);
		const u3 = timed.map((r) => r.answers[SKM_CODES.indexOf('U3')]).filter((a): a is number => a !== null && a !== undefined);
		expect(w.u3.n).toBe(u3.length);
		expect(w.u3.nrr).toBeCloseTo(u3.reduce((a, b) => a + b, 0) / u3.length, 12);
	});

	it('is absent for a period without ticket responses with queue times', async () => {
		const d = (await loadDashboard(handle.db, admin(), mall(), parsePeriod('month', '2026-02')!))!;
		expect(d.waiting).toBeNull();
	});
});

describe('the Laporan SKM', () => {
	async function download(format: ExportFormat) {
		const params = new URLSearchParams({ format, scope: `mall-${org.mall.id}`, period: 'month', value: '2026-03' });
		const request = parseExportRequest(params);
		if (!request.ok) throw new Error(request.message);
		const resolved = (await resolveReport(handle.db, admin(), request))!;
		const response = await exportResponse(handle.db, resolved, request.format, request.delimiter, (hash) => `https://puas.example/verify/${hash}`);
		const bytes = Buffer.from(await response.arrayBuffer());
		const path = join(dir, `report.${format}`);
		writeFileSync(path, bytes);
		return { path, bytes };
	}

	it('states the channels in its method (JSON, XLSX Metode, PDF II) and the CSV matrix carries a channel column', async () => {
		const report = (await buildReport(handle.db, admin(), mall(), MARCH))!;
		const dashboard = (await loadDashboard(handle.db, admin(), mall(), MARCH))!;
		expect(report.method.channels).toEqual(dashboard.current.channels);

		const json = JSON.parse((await download('json')).bytes.toString('utf8'));
		expect(json.method.channels.map((c: { channel: string; respondents: number }) => [c.channel, c.respondents])).toEqual(
			CHANNELS.map((channel) => [channel, inserted.filter((r) => r.channel === channel).length])
		);
		expect(json.codebook.find((c: { column: string }) => c.column === 'Kanal').values).toBe(CHANNELS.join(' | '));

		const csv = (await download('csv')).bytes;
		const lines = csv.toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
		const header = lines[0]!.split(',');
		const column = header.indexOf('Kanal');
		expect(column).toBeGreaterThan(0);
		const counted = Object.fromEntries(CHANNELS.map((c) => [c, lines.slice(1).filter((line) => line.split(',')[column] === c).length]));
		expect(counted).toEqual(Object.fromEntries(CHANNELS.map((c) => [c, inserted.filter((r) => r.channel === c).length])));
		// The import reader still reads the file back (ticket rows included).
		const parsed = await readMatrixCsv(csv, SKM_CODES);
		expect(parsed.ok && parsed.matrix.answers.length).toBe(inserted.length);

		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile((await download('xlsx')).path);
		const method: unknown[][] = [];
		workbook.getWorksheet('Metode')!.eachRow((row) => method.push((row.values as unknown[]).slice(1)));
		const at = method.findIndex((row) => row[0] === 'Kanal pengisian');
		expect(method[at]).toEqual(['Kanal pengisian', 'Responden', 'IKM', 'Mutu']);
		expect(method.slice(at + 1, at + 5).map((row) => [String(row[0]).split(':')[0], row[1], row[2]])).toEqual(
			report.method.channels.map((c) => [c.channel, c.respondents, c.ikm])
		);

		const pdf = execFileSync('pdftotext', [(await download('pdf')).path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
		expect(pdf).toContain('Kanal pengisian');
		const ticket = report.method.channels.find((c) => c.channel === 'ticket')!;
		expect(pdf).toContain(`Ponsel, tiket sekali pakai ${ticket.respondents} ${ticket.ikm!.toFixed(2).replace('.', ',')}`);
	}, 60_000);
});
