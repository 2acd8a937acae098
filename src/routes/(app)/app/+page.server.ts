import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { signedIn } from '$lib/server/access/page-access';
import { homeScope, loadDashboard, scopeOptions } from '$lib/server/indicators/dashboard';
import { scopeChain } from '$lib/server/indicators/queries';
import { mallTimeZone } from '$lib/server/organization/queries';
import { localDate } from '$lib/domain/periods';
import { readChannel, readScopePeriod } from '$lib/server/indicators/query-params';
import { SKM_2017 } from '$lib/domain/instruments';

const SORTS = ['name', 'n', 'ikm'] as const;
type Sort = (typeof SORTS)[number];

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	const db = await getDb();
	const params = url.searchParams;
	const timeZone = await mallTimeZone(db, access.mallId);
	const today = localDate(new Date(), timeZone);
	const { scope, period, errors } = readScopePeriod(params, { scope: await homeScope(db, access), today });
	const { channel, error: channelError } = readChannel(params);

	// A unit that does not exist and one the user may not read answer the same 404: ids cannot be probed.
	// The scope's chain and the picker's options are read beside the dashboard (they are dropped if it is a 404).
	const [dashboard, chain, options] = await Promise.all([loadDashboard(db, access, scope, period, channel), scopeChain(db, scope), scopeOptions(db, access, scope)]);
	if (!dashboard) error(404, { message: 'not found', code: 'not_found' });

	const sort: Sort = SORTS.includes(params.get('sort') as Sort) ? (params.get('sort') as Sort) : 'ikm';
	const dir = params.get('dir') === 'asc' ? 'asc' : 'desc';
	const factor = dir === 'asc' ? 1 : -1;
	const children = [...dashboard.children].sort((a, b) => {
		if (sort === 'name') return factor * a.name.localeCompare(b.name, 'id');
		const [x, y] = sort === 'n' ? [a.respondents, b.respondents] : [a.result.ikm, b.result.ikm];
		if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // undefined IKMs last either way
		return factor * (x - y) || a.name.localeCompare(b.name, 'id');
	});

	return {
		scope,
		scopeKey: `${scope.type}-${scope.id}`,
		chain,
		options,
		period,
		today,
		timeZone,
		errors,
		channel: channel ?? null,
		channelError,
		sort,
		dir,
		dashboard: { ...dashboard, children },
		unsurNames: Object.fromEntries(SKM_2017.items.map((item) => [item.code, item.name]))
	};
};
