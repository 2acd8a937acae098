/**
 * A flag's rule and evidence in the reader's language: "3 ledakan: 07.05–07.13 (8), …", "p = 1,2 × 10⁻¹²".
 */
import type { Evidence, IntegrityRule } from '$lib/domain/integrity';
import { formatCount, formatDecimal, formatTime } from '$lib/format';
import { m } from '$lib/paraglide/messages';

const RULE_NAMES: Record<IntegrityRule, () => string> = {
	burst: m.integrity_rule_burst,
	straight_line: m.integrity_rule_straight_line,
	outside_hours: m.integrity_rule_outside_hours,
	above_served: m.integrity_rule_above_served,
	sequence_gap: m.integrity_rule_sequence_gap,
	multi_counter: m.integrity_rule_multi_counter
};

export const ruleName = (rule: IntegrityRule) => RULE_NAMES[rule]();

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A p-value: 3 decimals down to 0,001, below that "m × 10⁻ᵉ". */
function formatPValue(p: number, locale: string): string {
	if (p >= 0.001 || p === 0) return formatDecimal(p, 3, locale);
	const exponent = Math.floor(Math.log10(p));
	const mantissa = p / 10 ** exponent;
	return `${formatDecimal(mantissa, 1, locale)} × 10⁻${[...String(-exponent)].map((d) => SUPERSCRIPT[Number(d)]).join('')}`;
}

export function evidenceText(evidence: Evidence, locale: string, timeZone: string): string {
	const count = (n: number) => formatCount(n, locale);
	const time = (at: string) => formatTime(at, locale, timeZone);
	switch (evidence.rule) {
		case 'burst':
			return evidence.bursts
				.map((b) =>
					b.ticketsThatHour === null
						? m.integrity_evidence_burst({ count: count(b.count), from: time(b.from), to: time(b.to) })
						: m.integrity_evidence_burst_tickets({ count: count(b.count), from: time(b.from), to: time(b.to), tickets: count(b.ticketsThatHour) })
				)
				.join('; ');
		case 'straight_line':
			return m.integrity_evidence_straight_line({
				straight: count(evidence.straight),
				n: count(evidence.n),
				baseline: `${formatDecimal(evidence.baseline * 100, 1, locale)} %`,
				p: formatPValue(evidence.pValue, locale)
			});
		case 'outside_hours':
			return m.integrity_evidence_outside_hours({ outside: count(evidence.outside), n: count(evidence.n), earliest: evidence.earliest, latest: evidence.latest });
		case 'above_served':
			return (evidence.source === 'tickets' ? m.integrity_evidence_above_tickets : m.integrity_evidence_above_volumes)({
				responses: count(evidence.responses),
				served: count(evidence.served)
			});
		case 'sequence_gap':
			return m.integrity_evidence_sequence_gap({
				missing: count(evidence.missing),
				ranges: evidence.ranges.map((r) => (r.from === r.to ? count(r.from) : `${count(r.from)}–${count(r.to)}`)).join(', ')
			});
		case 'multi_counter':
			return m.integrity_evidence_multi_counter({ counters: evidence.counters.join(', ') });
	}
}
