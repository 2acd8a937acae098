/**
 * The optional respondent profile as the survey shows it: each field's label and its options' labels, in the
 * reader's language (codes from the domain, words from the message catalogue).
 */
import { AGE_BANDS, EDUCATIONS, OCCUPATIONS, SEXES } from '$lib/domain/profile';
import { m } from '$lib/paraglide/messages';
import type { Profile } from '$lib/kiosk/session.svelte';

export interface ProfileField {
	key: keyof Profile;
	label: () => string;
	options: readonly { code: string; label: () => string }[];
}

const AGE: Record<(typeof AGE_BANDS)[number], () => string> = {
	'<17': m.age_under_17,
	'17-25': m.age_17_25,
	'26-35': m.age_26_35,
	'36-45': m.age_36_45,
	'46-55': m.age_46_55,
	'56+': m.age_56_plus
};
const EDUCATION: Record<(typeof EDUCATIONS)[number], () => string> = {
	SD: m.edu_sd,
	SMP: m.edu_smp,
	SMA: m.edu_sma,
	'D1-D3': m.edu_d1_d3,
	'D4-S1': m.edu_d4_s1,
	S2: m.edu_s2,
	S3: m.edu_s3
};
const OCCUPATION: Record<(typeof OCCUPATIONS)[number], () => string> = {
	PNS: m.job_pns,
	TNI: m.job_tni,
	POLRI: m.job_polri,
	Swasta: m.job_swasta,
	Wirausaha: m.job_wirausaha,
	Lainnya: m.job_lainnya
};
const SEX: Record<(typeof SEXES)[number], () => string> = { L: m.sex_L, P: m.sex_P };

export const PROFILE_FIELDS: readonly ProfileField[] = [
	{ key: 'sex', label: m.profile_sex, options: SEXES.map((code) => ({ code, label: SEX[code] })) },
	{ key: 'ageBand', label: m.profile_age, options: AGE_BANDS.map((code) => ({ code, label: AGE[code] })) },
	{ key: 'education', label: m.profile_education, options: EDUCATIONS.map((code) => ({ code, label: EDUCATION[code] })) },
	{ key: 'occupation', label: m.profile_occupation, options: OCCUPATIONS.map((code) => ({ code, label: OCCUPATION[code] })) }
];
