/**
 * The integrity checks of a hall's period: every rule of $lib/domain/integrity applied to the raw responses per
 * device (kiosk) or counter (phone) and local day, or per service and month (above_served), with the evidence, the
 * reviews of the flags, the IKM with and without the flagged responses, and the share of phone-open responses per
 * counter. Imported responses have no device or counter: only above_served looks at them.
 */
import { SKM_CODES } from '../../domain/instruments';
import {
	aboveServed,
	findBursts,
	flagKey,
	INTEGRITY_RULES,
	isStraightLine,
	straightLineBaseline,
	straightLineTest,
	type Evidence,
	type IntegrityRule
} from '../../domain/integrity';
import { isOpenAt, parseOpeningHours, type IsoWeekday } from '../../domain/opening-hours';
import { addDays, startOfLocalDay } from '../../domain/periods';
import type { Access } from '../../domain/roles';
import type { ScopeFilter } from '../../domain/scope';
import { computeIkm, tallyAnswers, type IkmResult } from '../../domain/skm';
import type { Db } from '../db/client';
import { hallHours, pairingsIn, responsesOf, sequenceGapsIn, servedVolumes, subjectNames, ticketCounts, type IntegrityResponse, type IntegrityUnit, type Span } from './queries';
import type { Actor } from '../audit/audit';
import { parseFlagKey, reviewFlag, reviewsOf, type Review } from './reviews';

type SubjectType = 'device' | 'counter' | 'service';

export interface Flag {
	key: string;
	rule: IntegrityRule;
	subjectType: SubjectType;
	subjectId: number;
	subject: string;
	agencyId: number | null;
	/** The local day "YYYY-MM-DD" (a month "YYYY-MM" for above_served). */
	day: string;
	evidence: Evidence;
	/** How many stored responses the flag holds (none for sequence_gap and multi_counter: they flag the device). */
	flaggedResponses: number;
	review: Review | null;
}

export interface IkmFigures {
	n: number;
	result: IkmResult;
}

export interface IntegrityReport {
	from: string;
	to: string;
	timeZone: string;
	/** Whether the hall has opening hours (outside_hours is not applied without them). */
	hoursSet: boolean;
	/** The hall's straight-lining rate over the period, floored: what each day is tested against. */
	baseline: number;
	flags: Flag[];
	responses: number;
	flaggedResponses: number;
	withFlagged: IkmFigures;
	withoutFlagged: IkmFigures;
	phoneOpen: { counterId: number; counter: string; total: number; phoneOpen: number; share: number }[];
}

/** The engine's IKM (U1..U9) over raw answer rows. */
function ikmOfRows(rows: readonly { answers: (number | null)[] }[]): IkmFigures {
	return { n: rows.length, result: computeIkm(tallyAnswers(rows.map((r) => r.answers.slice(0, SKM_CODES.length)), SKM_CODES)) };
}

/** The subject a response is checked under: its device (kiosk) or its counter (phone); none for imports. */
function subjectOf(r: IntegrityResponse): { type: 'device' | 'counter'; id: number } | null {
	if (r.deviceId !== null) return { type: 'device', id: r.deviceId };
	if (r.counterId !== null && r.channel !== 'import') return { type: 'counter', id: r.counterId };
	return null;
}

const hourOf = (r: IntegrityResponse) => `${r.day} ${r.time.slice(0, 2)}`;

/**
 * Run every check over the hall's (or one agency's) local days `from`..`to`: the report, and the ids of the flagged
 * responses (kept out of the report, which pages and the API send whole).
 */
export async function checkIntegrity(
	db: Db,
	access: Access & { mallId: number },
	range: { from: string; to: string; unit: IntegrityUnit | null }
): Promise<{ report: IntegrityReport; flaggedIds: ReadonlySet<string> }> {
	const hall = await hallHours(db, access.mallId);
	const timeZone = hall?.timeZone ?? 'UTC';
	const span: Span = {
		mallId: access.mallId,
		start: startOfLocalDay(range.from, timeZone),
		end: startOfLocalDay(addDays(range.to, 1), timeZone),
		timeZone,
		unit: range.unit
	};
	const parsedHours = parseOpeningHours(hall?.openingHours ?? null);
	const hours = 'hours' in parsedHours ? parsedHours.hours : null;
	const rows = await responsesOf(db, access, span);
	const months = [...new Set(rows.map((r) => r.day.slice(0, 7)))];
	const [names, volumes, tickets, gaps, pairings, reviews] = await Promise.all([
		subjectNames(db, access.mallId),
		servedVolumes(db, access.mallId, [...new Set(rows.map((r) => r.serviceId))], months),
		ticketCounts(db, span),
		sequenceGapsIn(db, access, span),
		pairingsIn(db, span),
		reviewsOf(db, access.mallId)
	]);

	const flags: Omit<Flag, 'review'>[] = [];
	const flaggedIds = new Set<string>();
	const add = (flag: Omit<Flag, 'key' | 'review' | 'flaggedResponses'>, ids: readonly string[]) => {
		for (const id of ids) flaggedIds.add(id);
		flags.push({ ...flag, key: flagKey(flag.rule, flag.subjectType, flag.subjectId, flag.day), flaggedResponses: ids.length });
	};
	const nameOf = (type: SubjectType, id: number) => names[type].get(id) ?? `#${id}`;

	// Straight-lining and the IKM figures are about the nine unsur: quick ratings (one answer) count in the other checks only.
	const ikmRows = rows.filter((r) => r.feedsIkm);
	const baseline = straightLineBaseline(ikmRows.filter((r) => isStraightLine(r.answers)).length, ikmRows.length);
	const groups = new Map<string, { type: 'device' | 'counter'; id: number; day: string; rows: IntegrityResponse[] }>();
	for (const r of rows) {
		const subject = subjectOf(r);
		if (!subject) continue;
		const key = `${subject.type}:${subject.id}:${r.day}`;
		const group = groups.get(key) ?? { ...subject, day: r.day, rows: [] };
		group.rows.push(r);
		groups.set(key, group);
	}

	for (const { type, id, day, rows: dayRows } of groups.values()) {
		const subject = { subjectType: type, subjectId: id, subject: nameOf(type, id), agencyId: dayRows[0]!.agencyId, day };
		const bursts = findBursts(dayRows.map((r) => r.submittedAt.getTime()));
		if (bursts.length > 0) {
			const counterId = dayRows[0]!.counterId;
			const known = counterId !== null && tickets.countersWithTickets.has(counterId);
			add(
				{
					...subject,
					rule: 'burst',
					evidence: {
						rule: 'burst',
						responses: bursts.reduce((sum, b) => sum + b.count, 0),
						bursts: bursts.map((b) => ({
							from: new Date(b.from).toISOString(),
							to: new Date(b.to).toISOString(),
							count: b.count,
							ticketsThatHour: known ? (tickets.byCounterHour.get(`${counterId}:${hourOf(dayRows[b.members[0]!]!)}`) ?? 0) : null
						}))
					}
				},
				bursts.flatMap((b) => b.members.map((i) => dayRows[i]!.id))
			);
		}
		const dayIkmRows = dayRows.filter((r) => r.feedsIkm);
		const straight = dayIkmRows.filter((r) => isStraightLine(r.answers));
		const test = straightLineTest(dayIkmRows.length, straight.length, baseline);
		if (test.flagged) {
			add(
				{ ...subject, rule: 'straight_line', evidence: { rule: 'straight_line', n: dayIkmRows.length, straight: straight.length, baseline, pValue: test.pValue } },
				straight.map((r) => r.id)
			);
		}
		if (hours) {
			const outside = dayRows.filter((r) => !isOpenAt(hours, r.weekday as IsoWeekday, r.time));
			if (outside.length > 0) {
				add(
					{
						...subject,
						rule: 'outside_hours',
						evidence: { rule: 'outside_hours', n: dayRows.length, outside: outside.length, earliest: outside[0]!.time, latest: outside.at(-1)!.time }
					},
					outside.map((r) => r.id)
				);
			}
		}
	}

	// above_served: every response of a service's month counts, imported ones too. Served citizens come from the volumes;
	// tickets count only for a month with no volume (a hall may ticket its phone channel alone, not every citizen).
	const byServiceMonth = new Map<string, IntegrityResponse[]>();
	for (const r of rows) {
		const key = `${r.serviceId}:${r.day.slice(0, 7)}`;
		const monthRows = byServiceMonth.get(key) ?? [];
		monthRows.push(r);
		byServiceMonth.set(key, monthRows);
	}
	for (const [key, monthRows] of byServiceMonth) {
		const volume = volumes.get(key);
		const ticketed = volume === undefined ? tickets.byServiceMonth.get(key) : undefined;
		const served = volume ?? ticketed;
		if (served === undefined || !aboveServed(monthRows.length, served)) continue;
		const [serviceId, month] = key.split(':') as [string, string];
		add(
			{
				rule: 'above_served',
				subjectType: 'service',
				subjectId: Number(serviceId),
				subject: nameOf('service', Number(serviceId)),
				agencyId: monthRows[0]!.agencyId,
				day: month,
				evidence: { rule: 'above_served', responses: monthRows.length, served, source: ticketed === undefined ? 'volumes' : 'tickets' }
			},
			monthRows.map((r) => r.id)
		);
	}

	const gapDays = new Map<string, { deviceId: number; day: string; ranges: { from: number; to: number }[] }>();
	for (const gap of gaps) {
		const key = `${gap.deviceId}:${gap.day}`;
		const entry = gapDays.get(key) ?? { deviceId: gap.deviceId, day: gap.day, ranges: [] };
		entry.ranges.push({ from: gap.from, to: gap.to });
		gapDays.set(key, entry);
	}
	for (const { deviceId, day, ranges } of gapDays.values()) {
		const missing = ranges.reduce((sum, r) => sum + r.to - r.from + 1, 0);
		const agencyId = rows.find((r) => r.deviceId === deviceId)?.agencyId ?? null;
		add({ rule: 'sequence_gap', subjectType: 'device', subjectId: deviceId, subject: nameOf('device', deviceId), agencyId, day, evidence: { rule: 'sequence_gap', missing, ranges } }, []);
	}

	// multi_counter: the counters a device stored responses for, or was paired to, on one local day.
	const countersByDeviceDay = new Map<string, Set<number>>();
	const note = (deviceId: number, day: string, counterId: number) => {
		const key = `${deviceId}:${day}`;
		countersByDeviceDay.set(key, (countersByDeviceDay.get(key) ?? new Set()).add(counterId));
	};
	for (const r of rows) if (r.deviceId !== null && r.counterId !== null) note(r.deviceId, r.day, r.counterId);
	for (const p of pairings) {
		const unit = range.unit;
		const inUnit =
			unit === null ||
			(unit.type === 'agency' && names.counterAgency.get(p.counterId) === unit.id) ||
			(unit.type === 'counter' && p.counterId === unit.id) ||
			(unit.type === 'service' && names.counterService.get(p.counterId) === unit.id);
		if (inUnit) note(p.deviceId, p.day, p.counterId);
	}
	for (const [key, counterIds] of countersByDeviceDay) {
		if (counterIds.size < 2) continue;
		const [deviceId, day] = key.split(':') as [string, string];
		const ids = [...counterIds].sort((a, b) => a - b);
		add(
			{
				rule: 'multi_counter',
				subjectType: 'device',
				subjectId: Number(deviceId),
				subject: nameOf('device', Number(deviceId)),
				agencyId: names.counterAgency.get(ids[0]!) ?? null,
				day,
				evidence: { rule: 'multi_counter', counters: ids.map((id) => nameOf('counter', id)) }
			},
			[]
		);
	}

	const phone = new Map<number, { total: number; phoneOpen: number }>();
	for (const r of rows) {
		if (r.counterId === null) continue;
		const entry = phone.get(r.counterId) ?? { total: 0, phoneOpen: 0 };
		entry.total += 1;
		if (r.channel === 'qr') entry.phoneOpen += 1;
		phone.set(r.counterId, entry);
	}

	flags.sort((a, b) => b.day.localeCompare(a.day) || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject, 'id'));
	const report: IntegrityReport = {
		from: range.from,
		to: range.to,
		timeZone,
		hoursSet: hours !== null,
		baseline,
		flags: flags.map((flag) => ({ ...flag, review: reviews.get(flag.key) ?? null })),
		responses: rows.length,
		flaggedResponses: flaggedIds.size,
		withFlagged: ikmOfRows(ikmRows),
		withoutFlagged: ikmOfRows(ikmRows.filter((r) => !flaggedIds.has(r.id))),
		phoneOpen: [...phone]
			.map(([counterId, { total, phoneOpen }]) => ({ counterId, counter: nameOf('counter', counterId), total, phoneOpen, share: phoneOpen / total }))
			.sort((a, b) => b.share - a.share || a.counter.localeCompare(b.counter, 'id'))
	};
	return { report, flaggedIds };
}

/** The local days a flag key's day covers: the day itself, or every day of a month ("YYYY-MM", above_served). */
function daysOfFlag(day: string): { from: string; to: string } {
	if (day.length === 10) return { from: day, to: day };
	const next = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 1));
	return { from: `${day}-01`, to: addDays(next.toISOString().slice(0, 10), -1) };
}

/**
 * Mark a flag reviewed with a note (audited): 'not_found' when no such flag is raised today for its day (a key typed
 * by hand, another hall's), 'taken' when it was reviewed already.
 */
export async function reviewRaisedFlag(db: Db, access: Access & { mallId: number }, actor: Actor, key: string, note: string): Promise<'reviewed' | 'not_found' | 'taken'> {
	const parsed = parseFlagKey(key);
	if (!parsed) return 'not_found';
	const { report } = await checkIntegrity(db, access, { ...daysOfFlag(parsed.day), unit: null });
	const flag = report.flags.find((f) => f.key === key);
	if (!flag) return 'not_found';
	if (flag.review) return 'taken';
	return (await reviewFlag(db, access.mallId, actor, key, note)) ? 'reviewed' : 'taken';
}

/** The Laporan SKM's "Pemeriksaan integritas data": flags per rule and the IKM with and without the flagged responses. */
export interface ReportIntegrity {
	flagsByRule: Record<IntegrityRule, number>;
	responses: number;
	flaggedResponses: number;
	withFlagged: IkmFigures;
	withoutFlagged: IkmFigures;
	hoursSet: boolean;
}

/**
 * The checks of a report's scope and local days, computed when the PDF or XLSX is written (from the raw responses as
 * they are then, like the matrix appendix; a report's snapshot does not hold them). The report's own guard decided
 * who reads it, so the checks read the whole scope.
 */
export async function integrityForReport(db: Db, mallId: number, scope: ScopeFilter, range: { from: string; to: string }): Promise<ReportIntegrity> {
	const access = { userId: null, role: 'admin' as const, mallId, agencyIds: null };
	const unit = scope.type === 'mall' ? null : { type: scope.type, id: scope.id };
	const { report } = await checkIntegrity(db, access, { ...range, unit });
	const flagsByRule = Object.fromEntries(INTEGRITY_RULES.map((rule) => [rule, report.flags.filter((f) => f.rule === rule).length])) as Record<IntegrityRule, number>;
	return {
		flagsByRule,
		responses: report.responses,
		flaggedResponses: report.flaggedResponses,
		withFlagged: report.withFlagged,
		withoutFlagged: report.withoutFlagged,
		hoursSet: report.hoursSet
	};
}

/** The rules as the Laporan SKM (Bahasa Indonesia only, like the rest of it) names them, with their thresholds. */
export const REPORT_RULE_LABELS: Record<IntegrityRule, string> = {
	burst: 'Ledakan (≥ 6 respons dalam 10 menit pada satu tablet atau loket)',
	straight_line: 'Jawaban seragam (uji binomial satu sisi, p < 0,001 per hari)',
	outside_hours: 'Di luar jam layanan',
	above_served: 'Melebihi warga yang dilayani dalam sebulan',
	sequence_gap: 'Celah nomor urut tablet',
	multi_counter: 'Tablet di lebih dari satu loket dalam sehari'
};
