/**
 * The demo mall, modelled on MPP Kota Kupang ("BESTI – Beres dan Pasti"): tenants from its 2022–2025 line-up,
 * each with 1–4 services and counters. `quality` shifts the agency's answers (0 = the mall's average),
 * `slowUnsur` marks counters that citizens find slow (weak on U3 Waktu Penyelesaian). The demo's second, smaller
 * hall is in sikka.ts; both are described by a DemoHall, which the generator takes.
 */

export interface DemoService {
	code: string;
	name: string;
	isFree: boolean;
	standardMinutes: number;
	/** Share of the agency's traffic. */
	weight: number;
	/** `ipak`: the counter runs SKM followed by the five IPAK items (survey mode full-ipak). */
	counters: { code: string; name: string; slow?: boolean; ipak?: boolean }[];
}

export interface DemoAgency {
	code: string;
	name: string;
	/** Its kind in the national catalogue (STANDARD_AGENCY_KINDS), when one fits. */
	kind?: string;
	/** Share of the mall's traffic. */
	weight: number;
	/** Shift of the latent satisfaction, in answer points. */
	quality: number;
	/** Shift of the IPAK answers (corruption perception), in answer points; 0 = the mall's average. */
	integrity?: number;
	services: DemoService[];
}

export const DEMO_MALL = {
	slug: 'mpp-kota-kupang',
	name: 'Mal Pelayanan Publik Kota Kupang',
	shortName: 'MPP Kota Kupang',
	city: 'Kota Kupang',
	regionCode: '53.71',
	timeZone: 'Asia/Makassar'
} as const;

/**
 * The demo hall's opening hours (jam layanan): Monday to Friday 08:00–15:30, when the generated citizens come,
 * Saturday 08:00–12:00 (none come then), closed on Sunday. The integrity checks flag ratings outside them.
 */
export const DEMO_OPENING_HOURS = {
	'1': [{ open: '08:00', close: '15:30' }],
	'2': [{ open: '08:00', close: '15:30' }],
	'3': [{ open: '08:00', close: '15:30' }],
	'4': [{ open: '08:00', close: '15:30' }],
	'5': [{ open: '08:00', close: '15:30' }],
	'6': [{ open: '08:00', close: '12:00' }],
	'7': []
};

/** The staff-panel PIN of the demo kiosks (README lists it). */
export const DEMO_KIOSK_PIN = '2468';

const svc = (
	code: string,
	name: string,
	isFree: boolean,
	standardMinutes: number,
	weight: number,
	counters: DemoService['counters']
): DemoService => ({ code, name, isFree, standardMinutes, weight, counters });

export const DEMO_AGENCIES: DemoAgency[] = [
	{
		code: 'dukcapil',
		name: 'Dinas Kependudukan dan Pencatatan Sipil',
		kind: 'dukcapil',
		weight: 22,
		quality: 0.05,
		services: [
			svc('dukcapil-ktp', 'Perekaman dan Pencetakan KTP-el', true, 60, 4, [{ code: 'DKP-01', name: 'Loket 1 Dukcapil' }]),
			svc('dukcapil-kk', 'Penerbitan Kartu Keluarga', true, 60, 3, [{ code: 'DKP-02', name: 'Loket 2 Dukcapil' }]),
			svc('dukcapil-akta', 'Akta Kelahiran dan Kematian', true, 60, 2, [{ code: 'DKP-03', name: 'Loket 3 Dukcapil' }]),
			svc('dukcapil-pindah', 'Surat Pindah Datang', true, 60, 1, [{ code: 'DKP-04', name: 'Loket 4 Dukcapil' }])
		]
	},
	{
		code: 'satpas-sim',
		name: 'Satpas SIM Polresta Kupang Kota',
		kind: 'satpas-sim',
		weight: 14,
		quality: -0.2,
		services: [
			svc('sim-baru', 'Penerbitan SIM Baru', false, 120, 2, [{ code: 'SIM-01', name: 'Loket SIM Baru', slow: true }]),
			svc('sim-perpanjangan', 'Perpanjangan SIM', false, 60, 3, [{ code: 'SIM-02', name: 'Loket Perpanjangan SIM' }])
		]
	},
	{
		code: 'bpjs-kesehatan',
		name: 'BPJS Kesehatan',
		kind: 'bpjs-kesehatan',
		weight: 12,
		quality: 0.3,
		services: [
			svc('jkn-daftar', 'Pendaftaran dan Perubahan Data JKN', true, 20, 3, [
				{ code: 'BKS-01', name: 'Loket 1 BPJS Kesehatan' },
				{ code: 'BKS-02', name: 'Loket 2 BPJS Kesehatan' }
			])
		]
	},
	{
		code: 'bpjs-ketenagakerjaan',
		name: 'BPJS Ketenagakerjaan',
		kind: 'bpjs-ketenagakerjaan',
		weight: 8,
		quality: 0.25,
		services: [
			svc('jht-klaim', 'Klaim Jaminan Hari Tua', true, 30, 2, [{ code: 'BTK-01', name: 'Loket Klaim JHT' }]),
			svc('bpu-daftar', 'Pendaftaran Peserta Bukan Penerima Upah', true, 15, 1, [{ code: 'BTK-02', name: 'Loket Kepesertaan' }])
		]
	},
	{
		code: 'bank-ntt',
		name: 'Bank NTT',
		kind: 'bank-daerah',
		weight: 8,
		quality: 0.2,
		services: [
			svc('ntt-rekening', 'Pembukaan Rekening Tabungan', true, 20, 2, [{ code: 'BNT-01', name: 'Loket Bank NTT' }]),
			svc('ntt-pajak', 'Pembayaran Pajak dan Retribusi Daerah', false, 10, 1, [{ code: 'BNT-02', name: 'Kasir Bank NTT' }])
		]
	},
	{
		code: 'dpmptsp',
		name: 'DPMPTSP Kota Kupang (OSS)',
		kind: 'dpmptsp',
		weight: 7,
		quality: 0.1,
		services: [
			svc('oss-nib', 'Nomor Induk Berusaha (OSS RBA)', true, 30, 3, [{ code: 'OSS-01', name: 'Loket OSS' }]),
			svc('pbg', 'Persetujuan Bangunan Gedung', false, 240, 1, [{ code: 'OSS-02', name: 'Loket PBG', slow: true }])
		]
	},
	{
		code: 'kantah',
		name: 'Kantor Pertanahan Kota Kupang',
		kind: 'bpn',
		weight: 6,
		quality: -0.45,
		integrity: -0.35,
		services: [
			svc('bpn-cek', 'Pengecekan Sertifikat', false, 60, 2, [{ code: 'BPN-01', name: 'Loket Pengecekan', slow: true, ipak: true }]),
			svc('bpn-peralihan', 'Peralihan Hak Tanah', false, 480, 1, [{ code: 'BPN-02', name: 'Loket Peralihan Hak', slow: true, ipak: true }])
		]
	},
	{
		code: 'kpp-pratama',
		name: 'KPP Pratama Kupang',
		kind: 'kpp-pratama',
		weight: 5,
		quality: 0.05,
		services: [
			svc('npwp', 'Pendaftaran NPWP', true, 30, 1, [{ code: 'KPP-01', name: 'Loket Pajak' }]),
			svc('spt', 'Asistensi SPT Tahunan', true, 30, 1, [{ code: 'KPP-02', name: 'Meja Asistensi SPT' }])
		]
	},
	{
		code: 'bapenda',
		name: 'Badan Pendapatan Daerah Kota Kupang',
		kind: 'bapenda',
		weight: 5,
		quality: -0.1,
		integrity: 0.1,
		services: [svc('pbb', 'Layanan PBB-P2 dan BPHTB', true, 45, 1, [{ code: 'BPD-01', name: 'Loket Bapenda', ipak: true }])]
	},
	{
		code: 'dinsos',
		name: 'Dinas Sosial Kota Kupang',
		weight: 5,
		quality: -0.05,
		services: [svc('dtks', 'Pendaftaran DTKS dan Bantuan Sosial', true, 30, 1, [{ code: 'DNS-01', name: 'Loket Dinas Sosial' }])]
	},
	{
		code: 'pln',
		name: 'PT PLN (Persero) UP3 Kupang',
		kind: 'pln',
		weight: 4,
		quality: 0,
		services: [
			svc('pln-pasang', 'Pasang Baru dan Tambah Daya', false, 60, 1, [{ code: 'PLN-01', name: 'Loket PLN' }])
		]
	},
	{
		code: 'pos',
		name: 'PT Pos Indonesia',
		kind: 'pos',
		weight: 4,
		quality: 0.15,
		services: [
			svc('pos-kirim', 'Pengiriman Surat dan Paket', false, 10, 2, [{ code: 'POS-01', name: 'Loket Pos' }]),
			svc('pos-bayar', 'Pembayaran Tagihan dan Penyaluran Bansos', true, 10, 1, [{ code: 'POS-02', name: 'Loket Pembayaran Pos' }])
		]
	}
];

/**
 * Citizens served per period, as the LAN RI article reports them (24 000 in 2024, 20 000 in the first half of 2025);
 * later halves slightly up. About `DEMO_RESPONSE_RATE` of them answer the survey.
 */
export const DEMO_VOLUMES: { from: string; to: string; served: number }[] = [
	{ from: '2024-01-01', to: '2025-01-01', served: 24_000 },
	{ from: '2025-01-01', to: '2025-07-01', served: 20_000 },
	{ from: '2025-07-01', to: '2026-01-01', served: 20_600 },
	{ from: '2026-01-01', to: '2026-07-01', served: 21_200 },
	{ from: '2026-07-01', to: '2027-01-01', served: 21_800 },
	{ from: '2027-01-01', to: '2028-01-01', served: 44_000 }
];

/** Share of the citizens served who answer the survey at the counter or by QR. */
export const DEMO_RESPONSE_RATE = 0.6;

export interface DemoInnovation {
	name: string;
	description: string;
	/** Owner agency code; null = the mall's own. */
	agency: string | null;
	/** The one service it targets, if any. */
	service: string | null;
	launchDate: string;
	kind: 'public-service' | 'governance';
	medium: 'digital' | 'non-digital';
	stage: 'drum-up' | 'diagnose' | 'design' | 'deliver' | 'display';
	replication: string;
	competition: string;
	award: string;
	evidenceLinks: string[];
	/** Built-in effect on the latent answer per unsur, in answer points, from the launch on (none = no effect). */
	effect: Partial<Record<string, number>>;
	/** Traffic of its scope multiplied by this from the launch on. */
	volumeFactor: number;
	/** Share of its scope's citizens served online from the launch on. */
	onlineShare: number;
}

/**
 * Three Kupang innovations. Two carry effects the generator builds in (the impact analysis must find them); the
 * BESTI rebrand carries none (the analysis must not find one). Launch dates and recognitions are illustrative.
 */
export const DEMO_INNOVATIONS: DemoInnovation[] = [
	{
		name: 'BESTI – Beres dan Pasti',
		description: 'Rebranding MPP Kota Kupang dengan moto "Beres dan Pasti": identitas, papan informasi, dan janji layanan bersama semua tenant.',
		agency: null,
		service: null,
		launchDate: '2024-09-02',
		kind: 'governance',
		medium: 'non-digital',
		stage: 'display',
		replication: '',
		competition: '',
		award: '',
		evidenceLinks: [],
		effect: {},
		volumeFactor: 1,
		onlineShare: 0
	},
	{
		name: 'Layanan Terpadu SIM–NIK–BPJS',
		description: 'Perpanjangan SIM dengan validasi NIK Dukcapil dan status BPJS Kesehatan di satu loket: tanpa fotokopi KTP dan kartu BPJS.',
		agency: 'satpas-sim',
		service: 'sim-perpanjangan',
		launchDate: '2025-03-03',
		kind: 'public-service',
		medium: 'non-digital',
		stage: 'display',
		replication: 'Satpas Polres Kupang (2026)',
		competition: 'KIPP 2025',
		award: '',
		evidenceLinks: ['https://mpp.kupangkota.go.id/inovasi/sim-nik-bpjs'],
		effect: { U1: 0.3, U2: 0.6, U3: 0.8 },
		volumeFactor: 1.3,
		onlineShare: 0
	},
	{
		name: 'Antrean Online Dukcapil',
		description: 'Nomor antrean Dukcapil diambil dari ponsel sebelum datang; warga datang pada jam yang dipilih.',
		agency: 'dukcapil',
		service: null,
		launchDate: '2025-08-04',
		kind: 'public-service',
		medium: 'digital',
		stage: 'deliver',
		replication: '',
		competition: '',
		award: '',
		evidenceLinks: [],
		effect: { U2: 0.3, U3: 0.5, U9: 0.3 },
		volumeFactor: 1,
		onlineShare: 0.35
	}
];

/** National holidays and joint leave days (approximate) on which the mall is closed. */
export const DEMO_HOLIDAYS = new Set([
	'2024-01-01', '2024-02-08', '2024-02-09', '2024-03-11', '2024-03-29', '2024-04-08', '2024-04-09', '2024-04-10',
	'2024-04-11', '2024-04-12', '2024-04-15', '2024-05-01', '2024-05-09', '2024-05-10', '2024-05-23', '2024-05-24',
	'2024-06-17', '2024-06-18', '2024-09-16', '2024-12-25', '2024-12-26',
	'2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-03-28', '2025-03-31', '2025-04-01', '2025-04-02',
	'2025-04-03', '2025-04-04', '2025-04-07', '2025-04-18', '2025-05-01', '2025-05-12', '2025-05-13', '2025-05-29',
	'2025-05-30', '2025-06-06', '2025-06-09', '2025-06-27', '2025-08-18', '2025-09-05', '2025-12-25', '2025-12-26',
	'2026-01-01', '2026-01-16', '2026-02-16', '2026-02-17', '2026-03-18', '2026-03-19', '2026-03-20', '2026-03-23',
	'2026-03-24', '2026-04-03', '2026-05-01', '2026-05-14', '2026-05-15', '2026-05-27', '2026-05-28', '2026-06-01',
	'2026-06-16', '2026-08-17', '2026-08-25', '2026-12-24', '2026-12-25'
]);

/** A demo hall as the generator and the seed take it: the mall's row, its tenants, its traffic and what shifts it. */
export interface DemoHall {
	mall: { slug: string; name: string; shortName: string; city: string; regionCode: string; timeZone: string };
	agencies: readonly DemoAgency[];
	/** Citizens served per period; about DEMO_RESPONSE_RATE of them answer. */
	volumes: readonly { from: string; to: string; served: number }[];
	/** The innovations whose effects the generator builds in (their register is seeded for Kupang only). */
	innovations: readonly DemoInnovation[];
	/** Seed of the hall's random streams. */
	seed: number;
	/** The counter whose tablet the staged integrity episode taps each January; null: no episode. */
	stagedCounter: string | null;
}

/** MPP Kota Kupang, the demo's main hall: everything the demo shows is seeded for it. */
export const DEMO_KUPANG = {
	mall: DEMO_MALL,
	agencies: DEMO_AGENCIES,
	volumes: DEMO_VOLUMES,
	innovations: DEMO_INNOVATIONS,
	seed: 2024_10_16,
	// Loket 2 Dukcapil: a free service, so all-4 is a possible rating.
	stagedCounter: 'DKP-02'
} satisfies DemoHall;
