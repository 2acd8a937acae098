/**
 * Survey answers are anonymous (UU 27/2022): a comment must not carry a phone number, NIK or e-mail address,
 * even when the citizen types one in — or disguises it. Names cannot be recognised reliably and are left to moderation.
 */

export const REDACTED = '[disamarkan]';

// ---- normalizing: what looks like an address or a number must match like one ----

/**
 * Characters that show nothing but split a number or an address: soft hyphen, Mongolian vowel separator, zero-width
 * space and non-joiner, direction marks and embeddings, word joiner and invisible operators, isolates, BOM. The
 * zero-width joiner goes too, except between two emoji (where it draws one emoji, e.g. a family).
 */
const INVISIBLE =
	/[\u00AD\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|(?<![\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F])\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/** Compatibility look-alikes of ASCII (full-width digits, letters and ＠, no-break spaces …) as ASCII: NFKC per character where it gives one ASCII character; anything else stays as typed. */
function foldToAscii(text: string): string {
	return text.replace(/[^\0-\x7F]/gu, (char) => {
		const folded = char.normalize('NFKC');
		return folded.length === 1 && folded.charCodeAt(0) < 0x80 ? folded : char;
	});
}

/** The text as it is matched (and stored): look-alikes folded to ASCII, invisible characters removed. */
export function normalizeText(text: string): string {
	return foldToAscii(text).replace(INVISIBLE, '');
}

// ---- e-mail addresses, plain and spelled out ----

/** A spelled-out symbol in brackets: "[at]", "(at)", "{ dot }", "<titik>" ("keong", the snail, is @ in Indonesian). */
const bracketed = (words: string) => String.raw`\s*[\[({<]\s*(?:${words})\s*[\])}>]\s*`;
const AT = String.raw`(?:@\s*|\s+@\s+|${bracketed('at|et|keong')})`;
const BARE_AT = String.raw`\s+(?:at|et)\s+`;
const SPELLED_DOT = String.raw`(?:${bracketed('dot|titik')}|\s+dot\s+)`;
const WORD = String.raw`[\p{L}\p{N}_%+-]+`;
const LOCAL = String.raw`${WORD}(?:(?:\.+|${SPELLED_DOT})${WORD})*`;
const LABEL = String.raw`[\p{L}\p{N}-]+`;
/** Endings a loosely written address must have ("nama at gmail dot com"), so prose around a word "at" stays. */
const KNOWN_TLD = String.raw`(?:com|net|org|id|info|biz|io|me|co|edu|gov|xyz|online|site)(?![\p{L}\p{N}])`;
const LOOSE_END = String.raw`(?:\s*\.\s*|${SPELLED_DOT})${KNOWN_TLD}`;
const DOMAIN = String.raw`${LABEL}(?:(?:\.|${SPELLED_DOT})${LABEL})*`;

/** "budi.santoso+skm@gmail.co.id", "nama[at]mail.com", "nama @ mail . com", "nama(at)mail(dot)co(dot)id". */
const EMAIL = new RegExp(String.raw`${LOCAL}${AT}${DOMAIN}(?:\.\p{L}{2,}|${LOOSE_END})`, 'giu');
/** "nama at mail dot com", "nama at mail.com": a bare "at" only before a known ending. */
const SPELLED_EMAIL = new RegExp(String.raw`${LOCAL}${BARE_AT}${DOMAIN}(?:\.|${SPELLED_DOT}|\s*\.\s*)${KNOWN_TLD}`, 'giu');

// ---- numbers: 8 or more digits, whatever stands between them ----

/**
 * Digits with up to five characters that are neither letters nor digits between each two — "0812 3456 7890",
 * "0812,3456,7890", "0812_3456_7890", "(0812)3456(7890)", "+62 812-3456-7890", "0812 - - 3456" — with a bracket on
 * either side.
 */
const DIGIT_RUN = /[(\[]?\+?\d(?:[^\p{L}\p{N}]{0,5}\d)*[)\]]?/gu;
const GAP = String.raw`[^\p{L}\p{N}]{1,3}`;
/**
 * Between two dates or times of a row ("08.00-12.00, 13.00-17.00", "2024/2025"): a gap that starts with a space, a
 * comma, a dash or a slash — never a lone dot or colon, which would read "08.12.23.45.12.34" (a phone in pairs) as times.
 */
const CALENDAR_GAP = String.raw`[\s,;/&\u2013\u2014-][^\p{L}\p{N}]{0,2}`;

const DAY = String.raw`(?:0?[1-9]|[12]\d|3[01])`;
const MONTH = String.raw`(?:0?[1-9]|1[0-2])`;
const YEAR = String.raw`(?:19|20)\d\d`;
/** 17-08-2025, 17/8/25, 17.08.2025, 2025-08-17; 12.00, 08:30; 2024 (as in 2024/2025). */
const CALENDAR_ITEM = String.raw`(?:${DAY}[-/.]${MONTH}[-/.](?:${YEAR}|\d\d)|${YEAR}[-/.]${MONTH}[-/.]${DAY}|(?:[01]?\d|2[0-4])[.:][0-5]\d|${YEAR})`;
/** Dates, times and years, alone or in a row ("08.00-12.00, 13.00-17.00"), have 8 digits but identify nobody. */
const CALENDAR = new RegExp(String.raw`^${CALENDAR_ITEM}(?:${CALENDAR_GAP}${CALENDAR_ITEM})*$`, 'u');

/** An amount in thousands as prices are written, below a trillion: 150.000, 15.000.000,00, 1.500.000,- or 150,000.00. */
const AMOUNT = String.raw`(?:[1-9]\d{0,2}(?:\.\d{3}){1,3}(?:,\d\d|,-)?|[1-9]\d{0,2}(?:,\d{3}){1,3}(?:\.\d\d)?|[1-9]\d{0,2})`;
const AMOUNTS = new RegExp(String.raw`^${AMOUNT}(?:${GAP}${AMOUNT})*$`, 'u');
const CURRENCY_BEFORE = /(?:rp|idr)\.?\s{0,2}$/i;

/** Whether a run of digits (its brackets aside) could identify someone; `before` is the text just before it. */
function isPersonalNumber(core: string, before: string): boolean {
	if ((core.match(/\d/g)?.length ?? 0) < 8) return false;
	if (CALENDAR.test(core)) return false;
	// "Rp 15.000.000": an amount after Rp or IDR, in thousands, below a trillion; ungrouped, it is masked like any number.
	if (CURRENCY_BEFORE.test(before) && AMOUNTS.test(core)) return false;
	return true;
}

const brackets = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/** A digit run masked; a bracket around it stays unless the number needs it ("(0380) 821234" loses both, "(0812…)" keeps them). */
function maskDigitRun(run: string, offset: number, text: string): string {
	const lead = /^[(\[]/.test(run) ? run[0]! : '';
	const trail = /[)\]]$/.test(run) && run.length > 1 ? run.at(-1)! : '';
	const core = run.slice(lead.length, run.length - trail.length);
	if (!isPersonalNumber(core, text.slice(Math.max(0, offset - 8), offset + lead.length))) return run;
	const open = brackets(core, /[(\[]/g);
	const close = brackets(core, /[)\]]/g);
	return (close > open ? '' : lead) + REDACTED + (open > close ? '' : trail);
}

/**
 * The comment as stored: normalized (look-alikes folded, invisible characters dropped), then every e-mail address
 * (also "nama[at]mail.com", "nama at mail dot com") and every number of 8 or more digits whatever separates them
 * (phone numbers, NIK, account numbers) masked — dates, times and "Rp" amounts in thousands aside.
 */
export function redactPersonalData(text: string): string {
	return normalizeText(text)
		.replace(EMAIL, REDACTED)
		.replace(SPELLED_EMAIL, REDACTED)
		.replace(DIGIT_RUN, maskDigitRun);
}

// ---- publication ----

/** Published figures need at least this many respondents, and published tables hide any count below it: fewer can point at one person. */
export const MIN_PUBLISHED_CELL = 5;

/** Whether figures over `respondents` people may be made public (a report, a unit's row, a profile cell): n ≥ MIN_PUBLISHED_CELL. */
export function mayPublishFigures(respondents: number): boolean {
	return respondents >= MIN_PUBLISHED_CELL;
}

/** A count as published: null ("fewer than 5") from 1 to MIN_PUBLISHED_CELL − 1; 0 (nobody to point at) and larger counts stay. */
export function publishedCount(count: number): number | null {
	return count === 0 || mayPublishFigures(count) ? count : null;
}

/** Counts for publication: each count as publishedCount gives it. */
export function suppressSmallCells<T extends { count: number }>(cells: readonly T[]): (Omit<T, 'count'> & { count: number | null })[] {
	return cells.map((cell) => ({ ...cell, count: publishedCount(cell.count) }));
}
