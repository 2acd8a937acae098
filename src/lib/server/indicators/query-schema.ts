/**
 * The query string of GET /api/v1/indicators, checked at the edge.
 */
import * as v from 'valibot';
import { GRANULARITIES } from '../../domain/granularity';
import { CHANNELS } from '../../domain/profile';
import { SCOPE_TYPES } from '../../domain/scope';
import { AGENCY_KIND_CODE } from '../../domain/agency-kinds';
import { calendarDate, idText } from '../values';

const isoDate = calendarDate('must be a date YYYY-MM-DD that exists');

const MAX_BUCKETS = 1000;

const periodEntries = {
	from: v.optional(isoDate),
	to: v.optional(isoDate),
	granularity: v.optional(v.picklist(GRANULARITIES, `must be one of ${GRANULARITIES.join(', ')}`), 'month')
};

/** A province ("53") or kabupaten/kota ("53.71") code as the official list writes it. */
const regionCodeText = v.pipe(v.string(), v.regex(/^\d{2}(\.\d{2})?$/, 'must be a province code (53) or a kabupaten/kota code (53.71)'));

/** An agency kind's catalogue code ("dukcapil"). */
const agencyKindText = v.pipe(v.string(), v.regex(AGENCY_KIND_CODE, 'must be an agency kind code of the catalogue (e.g. dukcapil)'));

/** One query for every scope: a unit of a hall (mall, agency, service, counter by id), a region by code, or the nation. */
export const IndicatorQuerySchema = v.pipe(
	v.variant(
		'scope',
		[
			v.strictObject({
				scope: v.picklist(SCOPE_TYPES),
				id: idText('must be a positive whole number up to 2147483647'),
				...periodEntries,
				channel: v.optional(v.picklist(CHANNELS, `must be one of ${CHANNELS.join(', ')}`))
			}),
			v.strictObject({ scope: v.literal('region'), id: regionCodeText, ...periodEntries, agencyKind: v.optional(agencyKindText) }),
			v.strictObject({ scope: v.literal('nation'), ...periodEntries, agencyKind: v.optional(agencyKindText) })
		],
		'must be mall, agency, service, counter, region or nation'
	),
	v.forward(
		v.check((q) => !q.from || !q.to || q.from <= q.to, 'must not be after to'),
		['from']
	),
	v.forward(
		v.check((q) => {
			if (!q.from || !q.to) return true;
			const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
			const perBucket = { day: 1, week: 7, month: 28, quarter: 90, semester: 181, year: 365 }[q.granularity];
			return days / perBucket <= MAX_BUCKETS;
		}, `gives more than ${MAX_BUCKETS} periods; choose a coarser granularity`),
		['granularity']
	)
);
