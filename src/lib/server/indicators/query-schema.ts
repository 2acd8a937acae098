/**
 * The query string of GET /api/v1/indicators, checked at the edge.
 */
import * as v from 'valibot';
import { GRANULARITIES } from '../../domain/granularity';
import { CHANNELS } from '../../domain/profile';
import { SCOPE_TYPES } from '../../domain/scope';
import { calendarDate, idText } from '../values';

const isoDate = calendarDate('must be a date YYYY-MM-DD that exists');

const MAX_BUCKETS = 1000;

export const IndicatorQuerySchema = v.pipe(
	v.strictObject({
		scope: v.picklist(SCOPE_TYPES, 'must be mall, agency, service or counter'),
		id: idText('must be a positive whole number up to 2147483647'),
		from: v.optional(isoDate),
		to: v.optional(isoDate),
		granularity: v.optional(v.picklist(GRANULARITIES, `must be one of ${GRANULARITIES.join(', ')}`), 'month'),
		channel: v.optional(v.picklist(CHANNELS, `must be one of ${CHANNELS.join(', ')}`))
	}),
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
