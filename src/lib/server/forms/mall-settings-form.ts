/**
 * The forms of a hall's settings page (/app/admin/mall), read as every form is (formValues → readForm): the identity,
 * the kiosks' staff PIN typed twice, the opening hours a day at a time, and the logo's refusals as field problems.
 */
import * as v from 'valibot';
import { MAX_LOGO_BYTES, type LogoProblem } from '$lib/domain/logo';
import { openingHoursFromForm, WEEKDAYS, type IsoWeekday, type OpeningHours } from '$lib/domain/opening-hours';
import type { FieldProblem } from '$lib/forms/problems';
import * as fields from './fields';

export const MALL_FIELDS = ['name', 'shortName', 'address', 'region', 'headName', 'headNip', 'timeZone', 'ticketTtlHours'] as const;
export const MallSettingsForm = v.object({
	name: fields.requiredText(200),
	shortName: fields.optionalText(60),
	address: fields.optionalText(300),
	region: fields.regionCode,
	headName: fields.optionalText(120),
	headNip: fields.optionalNip,
	timeZone: fields.hallTimeZone,
	// Null when the form has no such field (a script posting the older form): the lifetime stays as it is.
	ticketTtlHours: v.nullish(fields.ticketTtlHours)
});

export const PIN_FIELDS = ['pin', 'pinAgain'] as const;
/** The new PIN, 4–8 digits, the same twice (a difference is the second field's problem). */
export const KioskPinForm = v.pipe(
	v.object({ pin: fields.kioskPin, pinAgain: v.nullish(v.string('invalid'), '') }),
	v.forward(
		v.partialCheck([['pin'], ['pinAgain']], (input) => input.pin === input.pinAgain, 'invalid'),
		['pinAgain']
	)
);

/** open1, close1 … open7, close7: the opening and closing time of each ISO weekday. */
export const HOURS_FIELDS = WEEKDAYS.flatMap((day) => [`open${day}`, `close${day}`]);
export const OpeningHoursForm = v.object(Object.fromEntries(HOURS_FIELDS.map((name) => [name, fields.optionalClockTime])));

/** The week's hours from the form's times (both blank: closed), each refused day named by the field it is about. */
export function openingHoursOf(times: Record<string, string>): { data: OpeningHours } | { problems: FieldProblem[] } {
	const days = Object.fromEntries(WEEKDAYS.map((day) => [day, { open: times[`open${day}`] ?? '', close: times[`close${day}`] ?? '' }]));
	const hours = openingHoursFromForm(days as Record<IsoWeekday, { open: string; close: string }>);
	if ('hours' in hours) return { data: hours.hours };
	return {
		problems: hours.problems.map(({ day, field, problem }) => ({ field: `${field}${day}`, problem: problem === 'required' || problem === 'format' ? problem : 'range' }))
	};
}

/** A logo's refusal as the upload field's problem (an unsafe SVG is "not allowed"; the limit in KB). */
export function logoProblem(problem: LogoProblem): FieldProblem {
	switch (problem) {
		case 'too_large':
			return { field: 'file', problem: 'too_large', max: MAX_LOGO_BYTES / 1024 };
		case 'unsafe':
			return { field: 'file', problem: 'not_allowed' };
		default:
			return { field: 'file', problem };
	}
}
