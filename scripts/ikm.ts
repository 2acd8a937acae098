/**
 * Evaluator CLI: the IKM of a raw respondent × unsur matrix (CSV or XLSX), exactly as PermenPANRB 14/2017 defines it.
 *
 *   npm run --silent ikm -- <matrix.csv|matrix.xlsx> [--population N]
 *
 * Prints JSON on stdout. On bad input it prints the problems (row and column named) on stderr, nothing on
 * stdout, and exits 1 (2 for a bad command line or an unreadable file).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SKM_CODES } from '../src/lib/domain/instruments';
import { describeProblem } from '../src/lib/domain/matrix';
import { ikmReport, unansweredCodes } from '../src/lib/domain/ikm-report';
import { CLI_LIMITS } from '../src/lib/server/import/file-limits';
import { readMatrixFile } from '../src/lib/server/import/matrix-file';

function fail(code: number, lines: string[]): never {
	process.stderr.write(lines.map((line) => `ikm: ${line}\n`).join(''));
	process.exit(code);
}

const usage = 'usage: npm run --silent ikm -- <matrix.csv|matrix.xlsx> [--population N]';
let parsed;
try {
	parsed = parseArgs({ allowPositionals: true, options: { population: { type: 'string' } } });
} catch (error) {
	fail(2, [(error as Error).message, usage]);
}
const [file, ...extra] = parsed.positionals;
if (!file || extra.length > 0) fail(2, [usage]);

let population: number | undefined;
if (parsed.values.population !== undefined) {
	population = Number(parsed.values.population);
	if (!/^\d+$/.test(parsed.values.population) || population < 1) {
		fail(2, [`--population must be a whole number of at least 1 (got "${parsed.values.population}")`]);
	}
}

let bytes: Uint8Array;
try {
	bytes = readFileSync(file);
} catch (error) {
	fail(2, [`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
}

// The evaluator's own machine: a mall-year export of a million rows reads back (the server's uploads stay smaller).
const { result } = await readMatrixFile(bytes, SKM_CODES, CLI_LIMITS);
if (!result.ok) fail(1, [`${file} is not a valid SKM matrix:`, ...result.problems.map(describeProblem)]);
if (result.matrix.answers.length === 0) fail(1, [`${file} has a header but no respondent with an answer`]);
const unanswered = unansweredCodes(result.matrix);
if (unanswered.length > 0) {
	fail(1, [`${file}: no respondent answered ${unanswered.join(', ')}; the IKM needs every unsur (column ${unanswered[0]})`]);
}

process.stdout.write(JSON.stringify(ikmReport(result.matrix, population), null, 2) + '\n');
