/**
 * The optional respondent profile of an SKM (PermenPANRB 14/2017): every field may be skipped, and it never holds
 * a name, NIK or phone number (UU 27/2022). Age is a band: no exact age is collected, least of all under 17.
 */
export const SEXES = ['L', 'P'] as const;
export const AGE_BANDS = ['<17', '17-25', '26-35', '36-45', '46-55', '56+'] as const;
export const EDUCATIONS = ['SD', 'SMP', 'SMA', 'D1-D3', 'D4-S1', 'S2', 'S3'] as const;
export const OCCUPATIONS = ['PNS', 'TNI', 'POLRI', 'Swasta', 'Wirausaha', 'Lainnya'] as const;

export type Sex = (typeof SEXES)[number];
export type AgeBand = (typeof AGE_BANDS)[number];
export type Education = (typeof EDUCATIONS)[number];
export type Occupation = (typeof OCCUPATIONS)[number];

/** Longest comment a respondent may leave. */
export const MAX_COMMENT_LENGTH = 1000;

/**
 * Where a response came from: the counter's tablet, the phone survey opened by the counter's QR code (open), the phone
 * survey opened by a one-time ticket, or a historical import.
 */
export const CHANNELS = ['kiosk', 'qr', 'ticket', 'import'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A counter's phone survey: open to anyone with its QR code, or only with an unused one-time ticket. */
export const PHONE_CHANNELS = ['open', 'ticket'] as const;
export type PhoneChannel = (typeof PHONE_CHANNELS)[number];

/** complete: the respondent reached the end (single items may be skipped); partial: abandoned midway. */
export const RESPONSE_STATUSES = ['complete', 'partial'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/** full: SKM's nine unsur; full-ipak: SKM followed by the five IPAK items; quick: one question (CSAT). */
export const SURVEY_MODES = ['full', 'full-ipak', 'quick'] as const;
export type SurveyMode = (typeof SURVEY_MODES)[number];

/** How long a one-time ticket can be used, by default and at most (a hall setting, in hours). */
export const DEFAULT_TICKET_TTL_HOURS = 24;
export const MAX_TICKET_TTL_HOURS = 720;

/** The most a counter may hold back a tablet between two stored submissions (seconds). */
export const MAX_INTERVAL_SECONDS = 3600;
