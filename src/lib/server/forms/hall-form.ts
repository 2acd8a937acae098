/**
 * The form that creates a hall and its first admin: on /setup (with the one-time link's token) and on /app/halls/new
 * (an installation operator). One schema for both.
 */
import * as v from 'valibot';
import * as fields from './fields';

export const HALL_FIELDS = ['name', 'shortName', 'slug', 'timeZone', 'region', 'adminName', 'adminEmail', 'adminPassword'] as const;

export const HallFormSchema = v.object({
	name: fields.requiredText(200),
	shortName: fields.optionalText(60),
	slug: fields.hallSlug,
	timeZone: fields.hallTimeZone,
	region: fields.regionCode,
	adminName: fields.name,
	adminEmail: fields.email,
	adminPassword: fields.newPassword
});

/** A read form as createHall takes it. */
export function newHallOf(form: v.InferOutput<typeof HallFormSchema>) {
	const { region, adminName, adminEmail, adminPassword, ...hall } = form;
	return { ...hall, regionCode: region, admin: { name: adminName, email: adminEmail, password: adminPassword } };
}
