/**
 * The hall a reader across halls (an operator, an evaluator of a region or the nation) is looking at: chosen on
 * /app/halls and kept in a cookie (a choice of view, not a right), checked against the reader's region on every
 * request. The hall's pages then work as for an evaluator of that hall, reading only.
 */
import type { Cookies } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { canReachMall, type Access } from '../../domain/roles';
import type { Db } from '../db/client';
import { malls } from '../db/schema';
import { parseId } from '../../domain/values';

export const HALL_COOKIE = 'puas_hall';

/** The access for the hall in view: `reach` limited to that hall when it lies in reach, else `reach` as it is. */
export async function hallInView(db: Db, reach: Access, cookieValue: string | undefined): Promise<Access> {
	if (reach.mallId !== null) return reach; // a hall's own user: always their hall
	const id = parseId(cookieValue);
	if (id === null) return reach;
	const [mall] = await db.select({ id: malls.id, regionCode: malls.regionCode }).from(malls).where(eq(malls.id, id));
	return mall && canReachMall(reach, mall) ? { ...reach, mallId: mall.id } : reach;
}

/** Keep `mallId` in view for this browser (a session cookie: it ends with the browser). */
export function setHallInView(cookies: Cookies, mallId: number, secure: boolean): void {
	cookies.set(HALL_COOKIE, String(mallId), { path: '/app', httpOnly: true, sameSite: 'lax', secure });
}
