/**
 * The unsur answers of a response in SQL: answers[1:9]. Every instrument that feeds the IKM asks the nine unsur in
 * positions 1–9 (publishInstrument refuses any other layout), so means and minima over a response's answers leave
 * out what follows them (the IPAK items of SKM + IPAK counters, on another scale of meaning).
 */
import { sql, type SQL } from 'drizzle-orm';
import { SKM_CODES } from '../../domain/instruments';

/** `<answers column>[1:9]` */
export function unsurAnswers(answers: SQL): SQL {
	return sql`${answers}[1:${sql.raw(String(SKM_CODES.length))}]`;
}
