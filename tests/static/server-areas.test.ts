/**
 * The areas of src/lib/server depend on each other one way only: no folder imports one that imports it back, directly
 * or around a longer loop. A piece several areas need lives in a module of its own (or in $lib/domain when it is
 * pure), never inside the first area that needed it. A module at the top of src/lib/server (http.ts, values.ts) is an
 * area of its own.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const serverDir = join(process.cwd(), 'src', 'lib', 'server');

function tsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? tsFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** The area of a path: its first folder under src/lib/server, the module's own name at the top, null outside. */
function areaOf(path: string): string | null {
	const parts = relative(serverDir, path).split(sep);
	if (parts[0] === '..' || parts[0] === '') return null;
	return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, '');
}

/** `from '…'`, `import '…'` and `import('…')`: static, type-only, re-exported and dynamic imports alike. */
const SPECIFIER = /\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;

/** Area → area it imports → the imports that make the edge ("file: specifier"). */
type Graph = Map<string, Map<string, string[]>>;

function importGraph(): Graph {
	const graph: Graph = new Map();
	for (const file of tsFiles(serverDir)) {
		const from = areaOf(file)!;
		if (!graph.has(from)) graph.set(from, new Map());
		for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
			const target = specifier!.startsWith('$lib/server/')
				? join(serverDir, specifier!.slice('$lib/server/'.length))
				: specifier!.startsWith('.')
					? resolve(dirname(file), specifier!)
					: null;
			const to = target && areaOf(target);
			if (!to || to === from) continue;
			const edges = graph.get(from)!;
			edges.set(to, [...(edges.get(to) ?? []), `${relative(serverDir, file)}: ${specifier}`]);
		}
	}
	return graph;
}

/** For every area on a loop, the shortest loop through it (each loop once, its first area repeated at the end). */
function cycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
	const found = new Map<string, string[]>();
	for (const start of edges.keys()) {
		// Breadth first from `start`: the first path back to it is a shortest loop.
		const cameFrom = new Map<string, string>();
		const queue = [start];
		while (queue.length > 0 && !cameFrom.has(start)) {
			const area = queue.shift()!;
			for (const next of edges.get(area) ?? []) {
				if (cameFrom.has(next)) continue;
				cameFrom.set(next, area);
				queue.push(next);
			}
		}
		if (!cameFrom.has(start)) continue;
		const loop = [start];
		for (let area = cameFrom.get(start)!; area !== start; area = cameFrom.get(area)!) loop.unshift(area);
		// The same loop found from another of its areas: keep one, starting from its smallest name.
		const first = loop.indexOf([...loop].sort()[0]!);
		const canonical = [...loop.slice(first), ...loop.slice(0, first)];
		found.set(canonical.join(' → '), [...canonical, canonical[0]!]);
	}
	return [...found.values()];
}

describe('server areas', () => {
	const graph = importGraph();

	it('finds the areas and their imports', () => {
		expect(graph.size).toBeGreaterThanOrEqual(15);
		expect(graph.get('reports')?.has('db')).toBe(true);
	});

	it('finds a loop when there is one (the check can fail)', () => {
		const loops = cycles(
			new Map([
				['a', ['b']],
				['b', ['c']],
				['c', ['a', 'd']],
				['d', []],
				['e', ['f']],
				['f', ['e']]
			])
		);
		expect(loops).toEqual([
			['a', 'b', 'c', 'a'],
			['e', 'f', 'e']
		]);
	});

	it('no area imports one that imports it back', () => {
		const loops = cycles(new Map([...graph].map(([area, to]) => [area, [...to.keys()]])));
		const explain = (loop: string[]) =>
			loop
				.slice(0, -1)
				.map((area, i) => `  ${area} → ${loop[i + 1]} (${graph.get(area)!.get(loop[i + 1]!)!.join(', ')})`)
				.join('\n');
		expect(loops, `import loops between areas:\n${loops.map(explain).join('\n\n')}`).toEqual([]);
	});
});
