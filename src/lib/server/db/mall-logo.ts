/**
 * How a hall's logo is named without its bytes: the md5 of the bytes (null without a logo) is the logo route's ETag
 * and the version in every address that links it, so the halls' pages and the kiosk config never carry the bytes.
 */
import { sql } from 'drizzle-orm';
import { malls } from './schema';

export const logoDigest = sql<string | null>`md5(${malls.logo})`;
