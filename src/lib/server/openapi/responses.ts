/**
 * What the v1 API answers, as valibot schemas: the OpenAPI document is generated from them, and a Playwright test
 * checks real answers of the running server against that document.
 */
import * as v from 'valibot';
import { GRANULARITIES } from '../../domain/granularity';
import { ROLES } from '../../domain/roles';
import { AGE_BANDS, CHANNELS, EDUCATIONS, OCCUPATIONS, RESPONSE_STATUSES, PHONE_CHANNELS, SEXES, SURVEY_MODES } from '../../domain/profile';
import { SCOPE_TYPES } from '../../domain/scope';
import { API_TOKEN_KINDS } from '../db/schema/access';

const int = v.pipe(v.number(), v.integer());
const text2 = v.strictObject({ id: v.string(), en: v.string() });
const dateTime = v.pipe(v.string(), v.isoTimestamp());
const localDate = v.pipe(v.string(), v.isoDate());
const mutu = v.nullable(v.picklist(['A', 'B', 'C', 'D']));
const kinerja = v.nullable(v.picklist(['Sangat baik', 'Baik', 'Kurang baik', 'Tidak baik']));

export const ErrorBodySchema = v.object({ message: v.string(), code: v.optional(v.string()) });

export const ItemResultSchema = v.strictObject({
	id: v.nullable(v.string()),
	index: int,
	status: v.picklist(['stored', 'duplicate', 'conflict', 'rejected']),
	errors: v.optional(v.array(v.strictObject({ field: v.string(), message: v.string() })))
});

export const BatchResultSchema = v.strictObject({ results: v.array(ItemResultSchema), suppressed: v.array(ItemResultSchema) });

export const PairResultSchema = v.strictObject({
	token: v.string(),
	device: v.strictObject({ id: int, name: v.string() }),
	highestSeq: int
});

export const KioskConfigSchema = v.strictObject({
	device: v.strictObject({ id: int, name: v.string(), highestSeq: int }),
	mall: v.strictObject({ name: v.string(), timeZone: v.string(), logoUrl: v.nullable(v.pipe(v.string(), v.description('The hall\'s logo (GET it, no token needed), or null when it has none.'))) }),
	agency: v.strictObject({ name: v.string() }),
	service: v.strictObject({ id: int, name: v.string() }),
	counter: v.strictObject({ id: int, code: v.string(), name: v.string(), surveyMode: v.picklist(SURVEY_MODES), minIntervalSeconds: int }),
	instrument: v.strictObject({
		id: int,
		code: v.string(),
		version: int,
		title: text2,
		feedsIkm: v.boolean(),
		items: v.array(
			v.strictObject({
				code: v.string(),
				name: text2,
				question: text2,
				options: v.strictObject({ id: v.array(v.string()), en: v.array(v.string()) })
			})
		),
		reasons: v.array(v.strictObject({ code: v.string(), unsur: v.string(), label: text2 }))
	}),
	staffPinHash: v.nullable(v.string())
});

export const PairingCodeSchema = v.strictObject({
	code: v.pipe(v.string(), v.regex(/^\d{6}$/)),
	expiresAt: dateTime,
	pairUrl: v.pipe(v.string(), v.url()),
	counter: v.strictObject({ id: int, code: v.string(), name: v.string() })
});

export const DeviceListSchema = v.strictObject({
	devices: v.array(
		v.strictObject({
			id: int,
			name: v.string(),
			counterCode: v.string(),
			lastSeenAt: v.nullable(dateTime),
			highestSeq: int,
			received: int,
			suppressed: int,
			gaps: v.array(v.strictObject({ from: int, to: int })),
			revoked: v.boolean()
		})
	)
});

export const RevokedSchema = v.strictObject({ id: int, revoked: v.literal(true) });

export const CounterSurveySchema = v.strictObject({ id: int, code: v.string(), surveyMode: v.picklist(SURVEY_MODES), minIntervalSeconds: int, phoneChannel: v.picklist(PHONE_CHANNELS) });

export const StoredResponseSchema = v.strictObject({
	id: v.pipe(v.string(), v.uuid()),
	mallId: int,
	agencyId: int,
	serviceId: int,
	counterId: v.nullable(int),
	deviceId: v.nullable(int),
	deviceSeq: v.nullable(int),
	instrumentId: int,
	submittedAt: dateTime,
	receivedAt: dateTime,
	channel: v.picklist(CHANNELS),
	status: v.picklist(RESPONSE_STATUSES),
	answers: v.array(v.nullable(int)),
	reasons: v.nullable(v.array(v.string())),
	sex: v.nullable(v.picklist(SEXES)),
	ageBand: v.nullable(v.picklist(AGE_BANDS)),
	education: v.nullable(v.picklist(EDUCATIONS)),
	occupation: v.nullable(v.picklist(OCCUPATIONS)),
	comment: v.nullable(v.string()),
	/** The one-time ticket it was rated with (channel "ticket"), else null. */
	ticketId: v.nullable(int),
	instrument: v.strictObject({ code: v.string(), version: int })
});

export const ResponseListSchema = v.strictObject({ responses: v.array(StoredResponseSchema) });

const UserSchema = v.strictObject({
	id: int,
	email: v.string(),
	name: v.string(),
	role: v.picklist(ROLES),
	agencies: v.array(v.strictObject({ code: v.string(), name: v.string() })),
	disabled: v.boolean(),
	locked: v.boolean(),
	region: v.optional(v.pipe(v.string(), v.description('An account across halls (an operator, an evaluator of a region or the nation): nation, or its province or kabupaten/kota code')))
});

export const UserListSchema = v.strictObject({ users: v.array(UserSchema) });

export const UserCreatedSchema = v.strictObject({ user: UserSchema });

export const MallCreatedSchema = v.strictObject({
	mall: v.strictObject({ id: int, slug: v.string(), name: v.string(), timeZone: v.string(), region: v.string(), city: v.string() }),
	admin: v.strictObject({ id: int, email: v.string(), password: v.optional(v.pipe(v.string(), v.description('Only when the server made it: shown once'))) })
});

export const ApiTokenListSchema = v.strictObject({
	tokens: v.array(
		v.strictObject({
			id: int,
			label: v.string(),
			kind: v.picklist(API_TOKEN_KINDS),
			mall: v.nullable(v.string()),
			createdBy: v.nullable(v.string()),
			createdAt: dateTime,
			lastUsedAt: v.nullable(dateTime),
			revokedAt: v.nullable(dateTime)
		})
	)
});

export const ApiTokenCreatedSchema = v.strictObject({ id: int, token: v.string(), label: v.string(), kind: v.picklist(API_TOKEN_KINDS), mall: v.nullable(v.string()), region: v.optional(v.pipe(v.string(), v.description('A token across halls: nation, or its province or kabupaten/kota code'))) });

/** A one-time ticket, shown once: its code, the survey URL with it, that URL as a QR (SVG), and when it expires. */
export const TicketCreatedSchema = v.strictObject({
	code: v.pipe(v.string(), v.description('22 base64url characters (128 random bits); only its SHA-256 is stored')),
	url: v.pipe(v.string(), v.description('The phone survey of the counter with the ticket: <origin>/s/<counter>?t=<code>')),
	qrSvg: v.pipe(v.string(), v.description('The URL as a QR code, an SVG document')),
	expiresAt: dateTime
});

export const PinSetSchema = v.strictObject({ mall: v.string(), pinSet: v.literal(true) });

export const RebuildSchema = v.strictObject({ itemRows: int, countRows: int, heatRows: int });

const figures = {
	respondents: int,
	ikm: v.nullable(v.number()),
	ikmExact: v.nullable(v.number()),
	mutu,
	kinerja
};

/** Quick mode's CSAT: the share of 3–4 answers to its one question (never part of the IKM). */
const csat = v.strictObject({ n: int, satisfied: int, csat: v.nullable(v.number()) });

/** What every scope's indicators share: the period's figures, pooled from its buckets, and the series. */
const periodFigures = {
	from: localDate,
	to: localDate,
	granularity: v.picklist(GRANULARITIES),
	...figures,
	trail: v.strictObject({
		k: int,
		unsur: v.array(v.strictObject({ code: v.string(), n: int, sum: int, nrr: v.nullable(v.number()), weighted: v.nullable(v.number()) })),
		skm: v.nullable(v.number()),
		ikmExact: v.nullable(v.number()),
		ikm: v.nullable(v.number()),
		row: v.nullable(v.strictObject({ min: v.number(), max: v.number(), mutu: v.picklist(['A', 'B', 'C', 'D']), kinerja: v.picklist(['Sangat baik', 'Baik', 'Kurang baik', 'Tidak baik']) }))
	}),
	unsur: v.array(
		v.strictObject({ code: v.string(), n: int, sum: int, nrr: v.nullable(v.number()), index: v.nullable(v.number()), mutu })
	),
	counts: v.strictObject({ complete: int, partial: int, quick: int, suppressed: int }),
	quick: v.strictObject({ ...csat.entries, values: v.array(int) }),
	perception: v.strictObject({
		ipkp: v.nullable(v.number()),
		ipkpExact: v.nullable(v.number()),
		ipak: v.nullable(v.number()),
		ipakExact: v.nullable(v.number()),
		ipakRespondents: int
	}),
	series: v.array(v.strictObject({ period: v.string(), from: localDate, to: localDate, ...figures, quick: csat }))
};

export const IndicatorsSchema = v.strictObject({
	scope: v.strictObject({ type: v.picklist(SCOPE_TYPES), id: int, name: v.string(), mallId: int }),
	...periodFigures,
	channel: v.pipe(v.nullable(v.picklist(CHANNELS)), v.description('The channel the figures are restricted to (?channel=), or null for all')),
	channels: v.pipe(
		v.array(v.strictObject({ channel: v.picklist(CHANNELS), ...figures })),
		v.description('n and IKM per channel from the raw responses of the period: kiosk (tablet), qr (phone survey opened by the counter QR), ticket (phone survey with a one-time ticket), import (historical upload)')
	)
});

const place = v.nullable(v.strictObject({ code: v.string(), name: v.string() }));

/** A hall as the halls list and the region figures name it: with its kabupaten/kota and province. */
const hallEntries = {
	id: int,
	slug: v.string(),
	name: v.string(),
	regency: v.pipe(place, v.description('The kabupaten/kota (null when the hall has none recorded: it then lies only in the nation)')),
	province: place,
	archived: v.boolean()
};

export const HallListSchema = v.strictObject({
	halls: v.array(v.strictObject({ ...hallEntries, shortName: v.nullable(v.string()), city: v.string(), timeZone: v.string() }))
});

export const RegionIndicatorsSchema = v.strictObject({
	scope: v.strictObject({ type: v.picklist(['region', 'nation']), code: v.nullable(v.string()), name: v.string() }),
	agencyKind: v.pipe(
		v.nullable(v.strictObject({ code: v.string(), nameId: v.string(), nameEn: v.string() })),
		v.description('The agency kind the figures are restricted to (?agencyKind=), or null for the halls as a whole')
	),
	method: v.pipe(v.literal('pooled'), v.description('The IKM and every figure beside it: the regulation’s formula over every respondent of the region’s halls')),
	...periodFigures,
	meanOfHalls: v.pipe(
		v.strictObject({ method: v.literal('mean_of_halls'), units: int, ikm: v.nullable(v.number()), ikmExact: v.nullable(v.number()), mutu, kinerja }),
		v.description('Not the regulation’s formula: the unweighted mean of the halls’ published IKMs (halls without one left out), shown beside the pooled IKM')
	),
	halls: v.array(v.strictObject({ ...hallEntries, ...figures }))
});

export const VolumesStoredSchema = v.strictObject({
	mall: v.string(),
	stored: int,
	volumes: v.array(v.strictObject({ service: v.string(), month: v.string(), served: int, servedOnline: v.nullable(int) }))
});

const integrityIkm = v.strictObject({ n: int, ikm: v.nullable(v.number()), ikmExact: v.nullable(v.number()), mutu, kinerja });

/** GET /api/v1/integrity: the flags of a period with their evidence and reviews, the IKM with and without them. */
export const IntegritySchema = v.strictObject({
	from: localDate,
	to: localDate,
	timeZone: v.string(),
	hoursSet: v.pipe(v.boolean(), v.description('Whether the hall has opening hours; without them outside_hours is not applied')),
	baseline: v.pipe(v.number(), v.description('The hall’s share of straight-lined responses over the period, at least 0.05: p₀ of the binomial test')),
	responses: int,
	flaggedResponses: int,
	withFlagged: integrityIkm,
	withoutFlagged: integrityIkm,
	flags: v.array(
		v.strictObject({
			key: v.pipe(v.string(), v.description('<rule>:<subject type>:<id>:<day>, e.g. burst:device:12:2026-11-30 (a month YYYY-MM for above_served)')),
			rule: v.picklist(['burst', 'straight_line', 'outside_hours', 'above_served', 'sequence_gap', 'multi_counter']),
			subjectType: v.picklist(['device', 'counter', 'service']),
			subjectId: int,
			subject: v.string(),
			agencyId: v.nullable(int),
			day: v.string(),
			evidence: v.pipe(v.record(v.string(), v.unknown()), v.description('The rule and its figures: counts, instants of bursts (and tickets that hour), n, k, baseline and pValue, opening-hours times, served, missing sequence ranges, counters')),
			flaggedResponses: int,
			review: v.nullable(v.strictObject({ note: v.string(), reviewer: v.string(), reviewedAt: dateTime }))
		})
	),
	phoneOpen: v.array(v.strictObject({ counterId: int, counter: v.string(), total: int, phoneOpen: int, share: v.number() }))
});
