/**
 * The 2017 interval table as chart bands (IKM scale 25–100), from the engine's own table rows.
 */
import { intervalRowOf } from '$lib/domain/skm';
import type { Band } from './ChartCanvas.svelte';

const COLORS = { A: 'rgba(11,110,79,0.13)', B: 'rgba(31,95,168,0.11)', C: 'rgba(168,101,0,0.12)', D: 'rgba(179,38,30,0.10)' };

export const IKM_BANDS: Band[] = [95, 80, 70, 40].map((value) => {
	const row = intervalRowOf(value);
	return { from: row.min, to: row.mutu === 'A' ? 100 : row.max + 0.01, color: COLORS[row.mutu], label: row.mutu };
});
