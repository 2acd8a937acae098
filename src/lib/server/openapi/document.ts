/**
 * The OpenAPI 3.1 document of /api/v1, generated from the valibot schemas the handlers check input with and the
 * schemas of what they answer (so the description cannot drift from the code without a test failing).
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { GRANULARITIES } from '../../domain/granularity';
import { CHANNELS } from '../../domain/profile';
import { BatchSchema, ResponseItemSchema, SuppressedItemSchema } from '../responses/schema';
import { CreateTicketSchema } from '../tickets/schema';
import { CreateApiTokenSchema, CreateMallSchema, CreatePairingCodeSchema, CreateUserSchema, KioskPinSchema, PairRequestSchema, PatchCounterSchema, QrResponseSchema, VolumesRequestSchema } from './requests';
import {
	ApiTokenCreatedSchema,
	ApiTokenListSchema,
	BatchResultSchema,
	CounterSurveySchema,
	DeviceListSchema,
	ErrorBodySchema,
	HallListSchema,
	IndicatorsSchema,
	RegionIndicatorsSchema,
	IntegritySchema,
	ItemResultSchema,
	KioskConfigSchema,
	PairingCodeSchema,
	PairResultSchema,
	PinSetSchema,
	RebuildSchema,
	ResponseListSchema,
	RevokedSchema,
	StoredResponseSchema,
	TicketCreatedSchema,
	UserCreatedSchema,
	MallCreatedSchema,
	UserListSchema,
	VolumesStoredSchema
} from './responses';

type Json = Record<string, unknown>;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a valibot schema; transforms and custom checks are left out. */
function schema(s: v.GenericSchema): Json {
	const { $schema: _, ...rest } = toJsonSchema(s, { errorMode: 'ignore' }) as Json;
	return rest;
}

const json = (s: v.GenericSchema | Json) => ({ 'application/json': { schema: '~standard' in s ? schema(s as v.GenericSchema) : s } });

function ok(description: string, s: v.GenericSchema, status = '200') {
	return { [status]: { description, content: json(s) } };
}

function errors(...statuses: number[]) {
	const text: Record<number, string> = {
		400: 'Invalid input; the message names the field',
		401: 'Missing, unknown or revoked token',
		403: 'The token may not do this',
		404: 'Not found (or outside the token’s mall)',
		409: 'Conflict',
		413: 'Body too large',
		415: 'Content-Encoding not supported here (only gzip; the answer carries Accept-Encoding: gzip)',
		429: 'Rate limited; see Retry-After'
	};
	return Object.fromEntries(statuses.map((status) => [String(status), { description: text[status], content: json(ErrorBodySchema) }]));
}

const device = [{ deviceToken: [] }];
const admin = [{ adminToken: [] }];
const pathParam = (name: string, type: 'string' | 'integer' = 'string') => ({ name, in: 'path', required: true, schema: { type } });

/** The batch body, with its items described by the item schema (the envelope checks items one by one). */
const envelope = schema(BatchSchema) as Json & { properties: Record<string, Json> };
const batchBody = {
	...envelope,
	properties: {
		...envelope.properties,
		items: { type: 'array', maxItems: 500, items: schema(ResponseItemSchema) },
		suppressed: { type: 'array', maxItems: 500, items: schema(SuppressedItemSchema) }
	}
};

export function openApiDocument(serverUrl: string): Json {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Puas API',
			version: '1',
			description:
				'Citizen satisfaction surveys (SKM, PermenPANRB 14/2017) at public-service counters. Figures are computed exactly: ' +
				'NRR over answered values only, the exact 1/9 weight, IKM = mean NRR × 25 rounded half up to 2 decimals at the end. ' +
				'Final reports (Laporan SKM, finalized on /app/reports, checked at /verify/{sha256}) are not made through this API: only a ' +
				'period that has ended in the hall’s time zone and has respondents can be final, one per scope and period; finalizing ' +
				'again needs a reason and supersedes the current report (both hashes keep verifying; only the current one, with n ≥ 5, ' +
				'may be published on /publik and its open data).'
		},
		servers: [{ url: serverUrl }],
		components: {
			securitySchemes: {
				deviceToken: { type: 'http', scheme: 'bearer', description: 'A kiosk tablet’s token, from POST /api/v1/devices/pair' },
				adminToken: { type: 'http', scheme: 'bearer', description: 'An administration token (ADMIN_API_TOKEN, ./data/admin-token, or one created with npm run token:create or on /app/admin/tokens)' },
				integrationToken: { type: 'http', scheme: 'bearer', description: 'An integration token of one hall (a queue system; kind integration on /app/admin/tokens or POST /api/v1/admin/tokens): it may only call POST /api/v1/tickets, every other route answers 403' }
			}
		},
		paths: {
			'/api/v1/devices/pair': {
				post: {
					summary: 'Trade a one-time pairing code for a device token',
					security: [],
					requestBody: { required: true, content: json(PairRequestSchema) },
					responses: { ...ok('Paired', PairResultSchema, '201'), ...errors(400, 429) }
				}
			},
			'/api/v1/kiosk/config': {
				get: {
					summary: 'The paired tablet’s counter, instrument texts and settings',
					security: device,
					responses: { ...ok('Configuration', KioskConfigSchema), ...errors(401, 409) }
				}
			},
			'/api/v1/responses': {
				post: {
					summary: 'A batch of up to 500 responses (and suppressed taps) from one tablet',
					description:
						'Each item is answered on its own: stored, duplicate (same UUID, same content), conflict (same UUID, other content) ' +
						'or rejected with the field and reason. A bad item never blocks the others. The body may be gzipped ' +
						'(Content-Encoding: gzip): the 2 MiB limit then applies to the compressed and to the decompressed bytes alike ' +
						'(413 past either); gzip that does not decompress is answered 400 naming the fault (invalid_encoding), any other ' +
						'coding 415.',
					security: device,
					parameters: [
						{
							name: 'Content-Encoding',
							in: 'header',
							required: false,
							schema: { type: 'string', enum: ['gzip', 'identity'] },
							description: 'gzip for a compressed body (the kiosk sends its batches so where the browser has CompressionStream)'
						}
					],
					requestBody: { required: true, content: json(batchBody) },
					responses: { ...ok('One result per item, in request order', BatchResultSchema), ...errors(400, 401, 413, 415, 429) }
				}
			},
			'/api/v1/qr/responses': {
				post: {
					summary: 'One rating from a citizen’s phone (QR poster), without login',
					security: [],
					requestBody: { required: true, content: json({ ...schema(QrResponseSchema), properties: { path: { type: 'string', maxLength: 120 }, item: schema(ResponseItemSchema), ticket: { type: 'string', maxLength: 64, description: 'The one-time ticket code from the survey URL (?t=…): the response is channel ticket and uses the ticket up' } } }) },
					responses: {
						...ok('Stored', ItemResultSchema, '201'),
						...ok('Already stored (same content)', ItemResultSchema),
						'400': { description: 'Rejected (the result names the field), or a bad envelope', content: json(ItemResultSchema) },
						'403': { description: 'ticket_required: this counter rates only with a one-time ticket', content: json(ErrorBodySchema) },
						'409': { description: 'Same UUID, other content (ItemResult); or ticket_used: the ticket has already rated (error body)', content: json(ItemResultSchema) },
						'410': { description: 'ticket_expired: the ticket is past its lifetime', content: json(ErrorBodySchema) },
						...errors(404, 429)
					}
				}
			},
			'/api/v1/tickets': {
				post: {
					summary: 'Issue a one-time rating ticket for a citizen the queue system has served: the counter’s phone survey URL with the code, as a QR',
					description:
						'With an integration token of the hall (a queue system), or an admin of the hall. The code has 128 random bits and is shown only in ' +
						'this answer (the server keeps its SHA-256); it rates the counter once, until expiresAt (now + the hall’s ticket lifetime, 24 h by default). ' +
						'The times, when given, must come in order (issuedAt ≤ calledAt ≤ servedAt) and not more than 5 minutes in the future; a bad field is a 400 naming it. ' +
						'A counter of another hall is 404, an archived one 409 out_of_service.',
					security: [{ integrationToken: [] }, { adminToken: [] }],
					requestBody: { required: true, content: json(CreateTicketSchema) },
					responses: { ...ok('Issued', TicketCreatedSchema, '201'), ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/api/v1/volumes': {
				post: {
					summary: 'Citizens served per service per month (a queue system posts its monthly totals; an existing month is replaced)',
					description:
						'All rows are stored or none: a row with an unknown service code, a malformed month, a month that has not begun in the ' +
						'mall’s time zone, or servedOnline above served is a 400 naming volumes[i] and the field of every problem. With an installation-wide token that serves several malls, name the mall by its slug.',
					security: admin,
					requestBody: { required: true, content: json(VolumesRequestSchema) },
					responses: { ...ok('Stored', VolumesStoredSchema), ...errors(400, 401, 403, 404) }
				}
			},
			'/api/v1/indicators': {
				get: {
					summary: 'IKM, NRR per unsur, n, mutu, kinerja, a series and n and IKM per channel for a scope and period (from rollups); for a region or the nation the same pooled over its halls, with each hall',
					description:
						'A unit of a hall (mall, agency, service, counter) by id; a region by its official code (province 53, kabupaten/kota 53.71); or the ' +
						'nation (no id). Region and nation figures are the regulation’s formula over every respondent of their halls (method pooled), with the ' +
						'unweighted mean of the halls’ IKMs beside them (meanOfHalls, labelled) and a halls array. Readers across halls (evaluator and operator ' +
						'accounts and tokens of a region or the nation) read the regions inside theirs; a hall’s own users and tokens read their hall only: anything ' +
						'else is a 404, as for an id or code that does not exist.',
					security: admin,
					parameters: [
						{ name: 'scope', in: 'query', required: true, schema: { enum: ['mall', 'agency', 'service', 'counter', 'region', 'nation'] } },
						{
							name: 'id',
							in: 'query',
							schema: { oneOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[0-9]{2}([.][0-9]{2})?$' }] },
							description: 'The unit’s id; for scope=region the province or kabupaten/kota code; none for scope=nation'
						},
						{
							name: 'agencyKind',
							in: 'query',
							schema: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
							description: 'Region and nation only: the figures of the agencies of this kind (catalogue code, e.g. dukcapil) in the halls; halls without one are left out'
						},
						{ name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Local date, inclusive (default 1 January)' },
						{ name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Local date, inclusive (default today)' },
						{ name: 'granularity', in: 'query', schema: { enum: [...GRANULARITIES], default: 'month' } },
						{
							name: 'channel',
							in: 'query',
							schema: { enum: [...CHANNELS] },
							description: 'Only this channel’s responses (read from the raw responses; default every channel): kiosk, qr = phone-open, ticket = phone-ticket, import'
						}
					],
					responses: { ...ok('Indicators (a unit of a hall) or region indicators (a region, the nation)', v.union([IndicatorsSchema, RegionIndicatorsSchema])), ...errors(400, 401, 404) }
				}
			},
			'/api/v1/halls': {
				get: {
					summary: 'The halls the caller may read, with their kabupaten/kota and province: a hall’s own users and tokens their hall, readers across halls every hall of their region or the nation',
					security: admin,
					responses: { ...ok('Halls', HallListSchema), ...errors(401, 403) }
				}
			},
			'/api/v1/integrity': {
				get: {
					summary: 'Integrity checks of a period: flags per device, counter and day with their evidence, the IKM with and without the flagged responses, the phone-open share per counter',
					description:
						'Rules: burst (≥ 6 stored responses within 10 minutes on one device or counter), straight_line (all nine unsur alike; one-sided ' +
						'binomial test against the hall’s own rate, at least 0.05, p < 0.001 and k ≥ 3 over the day), outside_hours (the hall’s opening ' +
						'hours; not applied when none are set), above_served (more responses for a service in a month than citizens served by the volumes, or tickets ' +
						'issued in a month without volumes), sequence_gap, multi_counter. Admins and evaluators; managers 403. Nothing is deleted or hidden.',
					security: admin,
					parameters: [
						{ name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' }, description: 'Local date, inclusive' },
						{ name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' }, description: 'Local date, inclusive; at most 366 days after from' },
						{ name: 'agency', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'Only this agency’s responses' },
						{ name: 'mall', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'The hall, for an installation-wide token (a hall’s own token or account reads its hall)' }
					],
					responses: { ...ok('Integrity checks', IntegritySchema), ...errors(400, 401, 403, 404) }
				}
			},
			'/api/v1/admin/pairing-codes': {
				post: {
					summary: 'A one-time 6-digit code (15 minutes) that pairs a tablet with a counter',
					security: admin,
					requestBody: { required: true, content: json(CreatePairingCodeSchema) },
					responses: { ...ok('Created', PairingCodeSchema, '201'), ...errors(400, 401, 404, 409) }
				}
			},
			'/api/v1/admin/devices': {
				get: {
					summary: 'Tablets: last contact, highest sequence number, received, suppressed, sequence gaps',
					security: admin,
					responses: { ...ok('Devices', DeviceListSchema), ...errors(401) }
				}
			},
			'/api/v1/admin/devices/{id}/revoke': {
				post: {
					summary: 'Revoke a tablet’s token (it keeps its queue until paired again)',
					security: admin,
					parameters: [pathParam('id', 'integer')],
					responses: { ...ok('Revoked', RevokedSchema), ...errors(401, 404) }
				}
			},
			'/api/v1/admin/counters/{code}': {
				patch: {
					summary: 'Set a counter’s survey mode (full/quick), minimum interval and phone channel (open, or ticket: only with a one-time ticket)',
					security: admin,
					parameters: [pathParam('code')],
					requestBody: { required: true, content: json(PatchCounterSchema) },
					responses: { ...ok('The counter as it now is', CounterSurveySchema), ...errors(400, 401, 404, 409) }
				}
			},
			'/api/v1/admin/responses': {
				get: {
					summary: 'The responses a tablet delivered, in sequence order (at most 1 000)',
					security: admin,
					parameters: [{ name: 'device', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } }],
					responses: { ...ok('Responses', ResponseListSchema), ...errors(400, 401) }
				}
			},
			'/api/v1/admin/responses/{id}': {
				get: {
					summary: 'One stored response as recorded',
					security: admin,
					parameters: [pathParam('id')],
					responses: { ...ok('Response', StoredResponseSchema), ...errors(401, 404) }
				}
			},
			'/api/v1/admin/malls/{slug}/kiosk-pin': {
				put: {
					summary: 'Set the staff-panel PIN of a mall’s kiosks',
					security: admin,
					parameters: [pathParam('slug')],
					requestBody: { required: true, content: json(KioskPinSchema) },
					responses: { ...ok('Set', PinSetSchema), ...errors(400, 401, 404) }
				}
			},
			'/api/v1/admin/malls': {
				post: {
					summary: 'Create a hall with its first admin (an installation-wide token only: npm run mall:create)',
					security: admin,
					requestBody: { required: true, content: json(CreateMallSchema) },
					responses: { ...ok('Created', MallCreatedSchema, '201'), ...errors(400, 401, 403, 409) }
				}
			},
			'/api/v1/admin/users': {
				get: {
					summary: 'The mall’s accounts: role, a manager’s agencies, disabled or locked',
					security: admin,
					parameters: [{ name: 'mall', in: 'query', schema: { type: 'string' }, description: 'Mall slug; needed only when the token serves several malls' }],
					responses: { ...ok('Accounts', UserListSchema), ...errors(400, 401, 403, 404) }
				},
				post: {
					summary: 'Create an account (a manager needs at least one agency, by code)',
					security: admin,
					requestBody: { required: true, content: json(CreateUserSchema) },
					responses: { ...ok('Created', UserCreatedSchema, '201'), ...errors(400, 401, 403, 404, 409) }
				}
			},
			'/api/v1/admin/tokens': {
				get: {
					summary: 'API tokens: label, mall, who created it, last use (recorded at most once a minute), revoked',
					security: admin,
					responses: { ...ok('Tokens', ApiTokenListSchema), ...errors(401, 403) }
				},
				post: {
					summary: 'Create an API token; it is shown only in this answer (the server keeps its hash). kind integration: a queue system’s token of one hall that may only call POST /api/v1/tickets',
					security: admin,
					requestBody: { required: true, content: json(CreateApiTokenSchema) },
					responses: { ...ok('Created', ApiTokenCreatedSchema, '201'), ...errors(400, 401, 403, 404) }
				}
			},
			'/api/v1/admin/tokens/{id}/revoke': {
				post: {
					summary: 'Revoke an API token for good (a mall’s token revokes only that mall’s tokens)',
					security: admin,
					parameters: [pathParam('id', 'integer')],
					responses: { ...ok('Revoked', RevokedSchema), ...errors(401, 403, 404) }
				}
			},
			'/api/v1/admin/rollups/rebuild': {
				post: {
					summary: 'Recompute every rollup from the raw responses',
					security: admin,
					responses: { ...ok('Rebuilt', RebuildSchema), ...errors(401, 403) }
				}
			},
			'/api/v1/openapi.json': {
				get: {
					summary: 'This document',
					security: [],
					responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } }
				}
			}
		}
	};
}
