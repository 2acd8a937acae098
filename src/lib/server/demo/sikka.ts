/**
 * The demo's second hall, smaller than Kupang's: MPP Kabupaten Sikka (Maumere, 53.07), so the region views of NTT
 * (/app/halls) compare two halls. Five tenants, a counter per service, about a fifth of Kupang's citizens over the
 * same periods, and tenants of their own quality (on the whole below Kupang's). No innovations, staged episode,
 * alerts, tickets or reports: only what the figures need.
 */
import { DEMO_VOLUMES, type DemoAgency, type DemoHall, type DemoService } from './kupang';

const svc = (code: string, name: string, isFree: boolean, standardMinutes: number, weight: number, counters: DemoService['counters']): DemoService => ({
	code,
	name,
	isFree,
	standardMinutes,
	weight,
	counters
});

const SIKKA_AGENCIES: DemoAgency[] = [
	{
		code: 'dukcapil',
		name: 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sikka',
		kind: 'dukcapil',
		weight: 30,
		quality: -0.15,
		services: [
			svc('dukcapil-ktp', 'Perekaman dan Pencetakan KTP-el', true, 60, 3, [{ code: 'SK-DKP-01', name: 'Loket 1 Dukcapil' }]),
			svc('dukcapil-kk', 'Kartu Keluarga dan Akta Pencatatan Sipil', true, 60, 2, [{ code: 'SK-DKP-02', name: 'Loket 2 Dukcapil' }])
		]
	},
	{
		code: 'samsat',
		name: 'UPTD Samsat Maumere',
		kind: 'samsat',
		weight: 25,
		quality: -0.3,
		services: [
			svc('pkb', 'Pembayaran Pajak Kendaraan Bermotor', false, 30, 3, [{ code: 'SK-SMS-01', name: 'Loket Pajak Kendaraan' }]),
			svc('bbn', 'Balik Nama Kendaraan Bermotor', false, 120, 1, [{ code: 'SK-SMS-02', name: 'Loket Balik Nama', slow: true }])
		]
	},
	{
		code: 'bpjs-kesehatan',
		name: 'BPJS Kesehatan Kabupaten Sikka',
		kind: 'bpjs-kesehatan',
		weight: 18,
		quality: 0.15,
		services: [svc('jkn-daftar', 'Pendaftaran dan Perubahan Data JKN', true, 20, 1, [{ code: 'SK-BKS-01', name: 'Loket BPJS Kesehatan' }])]
	},
	{
		code: 'bank-ntt',
		name: 'Bank NTT Cabang Maumere',
		kind: 'bank-daerah',
		weight: 15,
		quality: 0,
		services: [
			svc('ntt-rekening', 'Pembukaan Rekening Tabungan', true, 20, 2, [{ code: 'SK-BNT-01', name: 'Loket Bank NTT' }]),
			svc('ntt-pajak', 'Pembayaran Pajak dan Retribusi Daerah', false, 10, 1, [{ code: 'SK-BNT-02', name: 'Kasir Bank NTT' }])
		]
	},
	{
		code: 'kantah',
		name: 'Kantor Pertanahan Kabupaten Sikka',
		kind: 'bpn',
		weight: 12,
		quality: -0.55,
		integrity: -0.3,
		services: [
			svc('bpn-cek', 'Pengecekan Sertifikat', false, 60, 2, [{ code: 'SK-BPN-01', name: 'Loket Pengecekan', slow: true, ipak: true }]),
			svc('bpn-peralihan', 'Peralihan Hak Tanah', false, 480, 1, [{ code: 'SK-BPN-02', name: 'Loket Peralihan Hak', slow: true, ipak: true }])
		]
	}
];

/** Share of Kupang's citizens the Sikka hall serves in each period. */
const SIKKA_SCALE = 0.2;

export const DEMO_SIKKA: DemoHall = {
	mall: {
		slug: 'mpp-kabupaten-sikka',
		name: 'Mal Pelayanan Publik Kabupaten Sikka',
		shortName: 'MPP Sikka',
		city: 'Kabupaten Sikka',
		regionCode: '53.07',
		timeZone: 'Asia/Makassar'
	},
	agencies: SIKKA_AGENCIES,
	volumes: DEMO_VOLUMES.map((period) => ({ ...period, served: Math.round(period.served * SIKKA_SCALE) })),
	innovations: [],
	seed: 5307_2024,
	stagedCounter: null
};
