/**
 * A demo hall's service volumes: citizens served per service per month, summing exactly to the hall's figures per
 * period (Kupang's DEMO_VOLUMES, the article's; Sikka's a fifth of them), spread over working days and services by the same traffic the responses follow, and
 * including the innovations' volume and online-channel effects. Only months that ended before `until` are given
 * (a queue system reports a month once it is over).
 */
import type { DemoHall } from './kupang';
import { onlineShareOn, trafficOn, workingDays } from './generate';
import { localDate } from '../../domain/periods';

export interface DemoVolume {
	serviceCode: string;
	/** 'YYYY-MM-01' */
	month: string;
	served: number;
	servedOnline: number;
}

/** Round shares to whole numbers that keep their exact total (largest remainder). */
function roundKeepingTotal(values: number[], total: number): number[] {
	const floors = values.map(Math.floor);
	let missing = total - floors.reduce((a, b) => a + b, 0);
	const order = values.map((v, i) => ({ i, rest: v - Math.floor(v) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
	for (const { i } of order) {
		if (missing <= 0) break;
		floors[i] = floors[i]! + 1;
		missing -= 1;
	}
	return floors;
}

/** A hall's monthly volumes per service for every complete month before `until`. */
export function demoServiceVolumes(hall: DemoHall, until: Date): DemoVolume[] {
	const lastComplete = `${localDate(until, hall.mall.timeZone).slice(0, 7)}-01`;
	const result: DemoVolume[] = [];
	for (const period of hall.volumes) {
		if (period.from >= lastComplete) break;
		const cells = new Map<string, { serviceCode: string; month: string; served: number; online: number }>();
		const days = workingDays(period.from, period.to);
		const dayTotal = days.reduce((sum, d) => sum + d.weight, 0);
		for (const day of days) {
			const date = `${day.y}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
			const traffic = trafficOn(hall, date);
			const agencyTotal = traffic.reduce((sum, a) => sum + a.weight, 0);
			for (const { agency, weight, services } of traffic) {
				const serviceTotal = services.reduce((sum, s) => sum + s.weight, 0);
				for (const { service, weight: serviceWeight } of services) {
					const served = (period.served * day.weight * weight * serviceWeight) / (dayTotal * agencyTotal * serviceTotal);
					const key = `${service.code}|${date.slice(0, 7)}`;
					const cell = cells.get(key) ?? { serviceCode: service.code, month: `${date.slice(0, 7)}-01`, served: 0, online: 0 };
					cell.served += served;
					cell.online += served * onlineShareOn(hall, agency, service, date);
					cells.set(key, cell);
				}
			}
		}
		const list = [...cells.values()];
		const rounded = roundKeepingTotal(
			list.map((c) => c.served),
			period.served
		);
		list.forEach((cell, i) => {
			if (cell.month >= lastComplete) return;
			result.push({ serviceCode: cell.serviceCode, month: cell.month, served: rounded[i]!, servedOnline: Math.min(rounded[i]!, Math.round(cell.online)) });
		});
	}
	return result;
}
