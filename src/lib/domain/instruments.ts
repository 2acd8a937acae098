/**
 * Questionnaire definitions. A published instrument version is immutable: responses store answers by the
 * position of each item in their version, so a version's items never change once it is published.
 */

export interface ItemDefinition {
	/** Stable code (U1..U9): never identify an unsur by position alone, deployed systems disagree on 8 and 9. */
	code: string;
	name: { id: string; en: string };
	question: { id: string; en: string };
	/** Labels of the values 1, 2, 3, 4 in order. */
	options: { id: readonly [string, string, string, string]; en: readonly [string, string, string, string] };
}

/** A reason chip (quick mode): a short complaint that points at one SKM unsur. */
interface ReasonDefinition {
	code: string;
	unsur: string;
	label: { id: string; en: string };
}

export interface InstrumentDefinition {
	code: string;
	version: number;
	title: { id: string; en: string };
	/** Whether the instrument's items feed the IKM (the nine unsur of PermenPANRB 14/2017). */
	feedsIkm: boolean;
	items: readonly ItemDefinition[];
	reasons?: readonly ReasonDefinition[];
}

// The nine unsur of PermenPANRB 14/2017 with the regulation's questionnaire wording and answer labels.
export const SKM_2017: InstrumentDefinition = {
	code: 'skm-2017',
	version: 1,
	title: { id: 'Survei Kepuasan Masyarakat', en: 'Public Satisfaction Survey' },
	feedsIkm: true,
	items: [
		{
			code: 'U1',
			name: { id: 'Persyaratan', en: 'Requirements' },
			question: {
				id: 'Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?',
				en: 'How well do the service requirements match the type of service?'
			},
			options: {
				id: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'],
				en: ['Not appropriate', 'Less appropriate', 'Appropriate', 'Very appropriate']
			}
		},
		{
			code: 'U2',
			name: { id: 'Sistem, Mekanisme, dan Prosedur', en: 'Procedure' },
			question: {
				id: 'Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?',
				en: 'How easy is the service procedure at this unit?'
			},
			options: {
				id: ['Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'],
				en: ['Not easy', 'Less easy', 'Easy', 'Very easy']
			}
		},
		{
			code: 'U3',
			name: { id: 'Waktu Penyelesaian', en: 'Completion time' },
			question: {
				id: 'Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?',
				en: 'How fast was the service delivered?'
			},
			options: {
				id: ['Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'],
				en: ['Not fast', 'Less fast', 'Fast', 'Very fast']
			}
		},
		{
			code: 'U4',
			name: { id: 'Biaya/Tarif', en: 'Fee' },
			question: {
				id: 'Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?',
				en: 'How fair is the fee for the service?'
			},
			options: {
				id: ['Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis'],
				en: ['Very expensive', 'Fairly expensive', 'Cheap', 'Free']
			}
		},
		{
			code: 'U5',
			name: { id: 'Produk Spesifikasi Jenis Pelayanan', en: 'Service output' },
			question: {
				id: 'Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?',
				en: 'How well does what you received match the product stated in the service standard?'
			},
			options: {
				id: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'],
				en: ['Not appropriate', 'Less appropriate', 'Appropriate', 'Very appropriate']
			}
		},
		{
			code: 'U6',
			name: { id: 'Kompetensi Pelaksana', en: 'Staff competence' },
			question: {
				id: 'Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?',
				en: 'How competent were the staff who served you?'
			},
			options: {
				id: ['Tidak kompeten', 'Kurang kompeten', 'Kompeten', 'Sangat kompeten'],
				en: ['Not competent', 'Less competent', 'Competent', 'Very competent']
			}
		},
		{
			code: 'U7',
			name: { id: 'Perilaku Pelaksana', en: 'Staff conduct' },
			question: {
				id: 'Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?',
				en: 'How polite and friendly were the staff?'
			},
			options: {
				id: ['Tidak sopan dan ramah', 'Kurang sopan dan ramah', 'Sopan dan ramah', 'Sangat sopan dan ramah'],
				en: ['Not polite and friendly', 'Less polite and friendly', 'Polite and friendly', 'Very polite and friendly']
			}
		},
		{
			code: 'U8',
			name: { id: 'Penanganan Pengaduan, Saran dan Masukan', en: 'Complaint handling' },
			question: {
				id: 'Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?',
				en: 'How are complaints from service users handled?'
			},
			options: {
				id: ['Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik'],
				en: ['None', 'Exists but does not work', 'Works, but not fully', 'Well managed']
			}
		},
		{
			code: 'U9',
			name: { id: 'Sarana dan Prasarana', en: 'Facilities' },
			question: {
				id: 'Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?',
				en: 'How good are the facilities?'
			},
			options: {
				id: ['Buruk', 'Cukup', 'Baik', 'Sangat baik'],
				en: ['Poor', 'Fair', 'Good', 'Very good']
			}
		}
	]
};

/** The unsur codes of SKM 2017 in questionnaire order. */
export const SKM_CODES: readonly string[] = SKM_2017.items.map((item) => item.code);

/**
 * Quick mode: one overall question with four faces, and for a low score reason chips mapped to unsur. It feeds a
 * CSAT figure, never the IKM, which needs the nine unsur.
 */
export const QUICK_V1: InstrumentDefinition = {
	code: 'quick',
	version: 1,
	title: { id: 'Penilaian Cepat', en: 'Quick Rating' },
	feedsIkm: false,
	items: [
		{
			code: 'Q1',
			name: { id: 'Kepuasan keseluruhan', en: 'Overall satisfaction' },
			question: { id: 'Bagaimana pelayanan kami hari ini?', en: 'How was our service today?' },
			options: {
				id: ['Tidak puas', 'Kurang puas', 'Puas', 'Sangat puas'],
				en: ['Dissatisfied', 'Somewhat dissatisfied', 'Satisfied', 'Very satisfied']
			}
		}
	],
	reasons: [
		{ code: 'lama', unsur: 'U3', label: { id: 'Terlalu lama', en: 'Took too long' } },
		{ code: 'tidak-ramah', unsur: 'U7', label: { id: 'Petugas kurang ramah', en: 'Staff were unfriendly' } },
		{ code: 'persyaratan', unsur: 'U1', label: { id: 'Persyaratan tidak jelas', en: 'Requirements unclear' } },
		{ code: 'prosedur', unsur: 'U2', label: { id: 'Prosedur berbelit', en: 'Procedure too complicated' } },
		{ code: 'kurang-paham', unsur: 'U6', label: { id: 'Petugas kurang paham', en: 'Staff lacked knowledge' } },
		{ code: 'fasilitas', unsur: 'U9', label: { id: 'Fasilitas kurang nyaman', en: 'Uncomfortable facilities' } }
	]
};

const NEVER_HAPPENS = {
	id: ['Selalu terjadi', 'Sering terjadi', 'Jarang terjadi', 'Tidak pernah terjadi'],
	en: ['Always', 'Often', 'Rarely', 'Never']
} as const;

/**
 * IPAK (Indeks Persepsi Anti Korupsi, PermenPANRB 90/2021), in practice five items on 1–4 where 4 = it never
 * happens (skm.md §2). IPKP (Indeks Persepsi Kualitas Pelayanan) is in practice the nine SKM unsur, so its
 * instrument is SKM 2017's and its index comes from the same answers.
 */
export const IPAK_ITEMS: readonly ItemDefinition[] = [
	{
		code: 'IPAK1',
		name: { id: 'Diskriminasi pelayanan', en: 'Discrimination in service' },
		question: {
			id: 'Apakah petugas membeda-bedakan (diskriminasi) pelayanan kepada pengguna layanan?',
			en: 'Did staff treat service users differently (discrimination)?'
		},
		options: NEVER_HAPPENS
	},
	{
		code: 'IPAK2',
		name: { id: 'Pungutan liar', en: 'Illegal levies' },
		question: { id: 'Apakah ada pungutan liar (pungli) dalam pelayanan ini?', en: 'Were there illegal levies in this service?' },
		options: NEVER_HAPPENS
	},
	{
		code: 'IPAK3',
		name: { id: 'Imbalan/gratifikasi', en: 'Gratuities' },
		question: {
			id: 'Apakah petugas meminta atau menerima imbalan/gratifikasi di luar ketentuan?',
			en: 'Did staff ask for or accept gratuities outside the rules?'
		},
		options: NEVER_HAPPENS
	},
	{
		code: 'IPAK4',
		name: { id: 'Percaloan/perantara tidak resmi', en: 'Brokers' },
		question: {
			id: 'Apakah ada calo atau perantara tidak resmi dalam pelayanan ini?',
			en: 'Were there brokers or unofficial intermediaries in this service?'
		},
		options: NEVER_HAPPENS
	},
	{
		code: 'IPAK5',
		name: { id: 'Suap/pemerasan/penyalahgunaan wewenang', en: 'Bribery, extortion, abuse of power' },
		question: {
			id: 'Apakah terjadi suap, pemerasan, atau penyalahgunaan wewenang oleh petugas?',
			en: 'Was there bribery, extortion or abuse of power by staff?'
		},
		options: NEVER_HAPPENS
	}
];

export const IPAK_CODES: readonly string[] = IPAK_ITEMS.map((item) => item.code);

/**
 * SKM followed by IPAK: the nine unsur (feeding the IKM and IPKP exactly as SKM 2017 does, by code), then the five
 * IPAK items. A counter in mode 'full-ipak' runs it.
 */
export const SKM_IPAK_V1: InstrumentDefinition = {
	code: 'skm-ipak',
	version: 1,
	title: { id: 'Survei Kepuasan Masyarakat dan Persepsi Anti Korupsi', en: 'Satisfaction and Anti-Corruption Perception Survey' },
	feedsIkm: true,
	items: [...SKM_2017.items, ...IPAK_ITEMS]
};

/**
 * An instrument that feeds the IKM asks the nine unsur first (positions 1..9, in any order, by code) and anything
 * else after them (IPAK): so "the unsur answers of a response" is answers[1:9] whatever the instrument. Null when the
 * definition keeps to that, else the reason.
 */
export function ikmLayoutProblem(definition: Pick<InstrumentDefinition, 'feedsIkm' | 'items'>): string | null {
	if (!definition.feedsIkm) return null;
	const first = definition.items.slice(0, SKM_CODES.length).map((item) => item.code);
	const missing = SKM_CODES.filter((code) => !first.includes(code));
	return missing.length === 0 ? null : `an IKM instrument must ask the nine unsur first; positions 1–9 lack ${missing.join(', ')}`;
}

/** Instruments every installation publishes at start-up. */
export const STANDARD_INSTRUMENTS: readonly InstrumentDefinition[] = [SKM_2017, QUICK_V1, SKM_IPAK_V1];
