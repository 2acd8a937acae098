import { error, json, type RequestHandler } from '@sveltejs/kit';
import { findRegency } from '$lib/domain/regions';
import { requireOperator } from '$lib/server/access/guards';
import { MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE, randomPassword } from '$lib/server/auth/passwords';
import { readJson } from '$lib/server/http';
import { CreateMallSchema } from '$lib/server/openapi/requests';
import { createHall, type HallProblem } from '$lib/server/setup/hall-setup';

/** A refusal of createHall as the message of its 4xx, naming the field as the body names it. */
function refusal(problem: HallProblem): { status: 400 | 409; message: string } {
	switch (problem.field) {
		case 'slug':
			return { status: 409, message: 'slug: a hall with this slug exists already' };
		case 'adminEmail':
			return { status: 409, message: 'admin.email: an account with this email already exists' };
		case 'region':
			return { status: 400, message: 'region: unknown kabupaten/kota code' };
		default:
			return {
				status: 400,
				message:
					problem.problem === 'too_weak'
						? `admin.password: too easy to guess (zxcvbn strength ${problem.min} of 4, at least ${MIN_PASSWORD_SCORE} needed); use a longer passphrase of several unrelated words`
						: problem.problem === 'too_short'
							? `admin.password: must be at least ${MIN_PASSWORD_LENGTH} characters`
							: 'admin.password: may not be the email'
			};
	}
}

/** Create a hall and its first admin: an installation operator's call (an operator, or an installation-wide admin token). */
export const POST: RequestHandler = async (event) => {
	const { db, actor } = await requireOperator(event);
	const input = await readJson(event.request, CreateMallSchema);
	const password = input.admin.password ?? randomPassword();
	const adminName = input.admin.name ?? input.admin.email.split('@')[0]!;
	const created = await createHall(db, {
		slug: input.slug,
		name: input.name,
		shortName: input.shortName ?? '',
		timeZone: input.timeZone,
		regionCode: input.region,
		admin: { name: adminName, email: input.admin.email, password }
	}, undefined, actor);
	if ('problems' in created) {
		const { status, message } = refusal(created.problems[0]!);
		error(status, { message, code: status === 409 ? 'conflict' : 'invalid_body' });
	}
	const regency = findRegency(input.region)!;
	return json(
		{
			mall: { id: created.mallId, slug: input.slug, name: input.name, timeZone: input.timeZone, region: regency.code, city: regency.name },
			admin: { id: created.userId, email: input.admin.email, ...(input.admin.password ? {} : { password }) }
		},
		{ status: 201 }
	);
};
