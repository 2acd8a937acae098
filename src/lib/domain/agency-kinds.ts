/**
 * The national catalogue of agency kinds (jenis instansi) a hall's agency may name, so evaluators can compare "the
 * Dukcapil of every MPP of NTT". Shipped as data (written into `agency_kinds` by a migration); operators add more.
 */

export interface AgencyKind {
	/** Lower-case words joined by hyphens, 2–40 long: "dukcapil", "bpjs-kesehatan". */
	code: string;
	/** Name in Bahasa Indonesia and in English. */
	nameId: string;
	nameEn: string;
}

/** An agency kind's code: lower-case letters and digits in words joined by single hyphens, 2–40 characters. */
export const AGENCY_KIND_CODE = /^(?=.{2,40}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The kinds an installation starts with: the agencies an MPP commonly houses. */
export const STANDARD_AGENCY_KINDS: readonly AgencyKind[] = [
	{ code: 'dukcapil', nameId: 'Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)', nameEn: 'Population and civil registry (Dukcapil)' },
	{ code: 'imigrasi', nameId: 'Kantor Imigrasi', nameEn: 'Immigration office' },
	{ code: 'samsat', nameId: 'Samsat (pajak dan registrasi kendaraan)', nameEn: 'Samsat (vehicle tax and registration)' },
	{ code: 'satpas-sim', nameId: 'Satpas SIM (Polri)', nameEn: 'Driving licence office (Satpas SIM, police)' },
	{ code: 'polres-skck', nameId: 'Polres (SKCK)', nameEn: 'Police certificate of good conduct (SKCK)' },
	{ code: 'bpjs-kesehatan', nameId: 'BPJS Kesehatan', nameEn: 'BPJS Kesehatan (health insurance)' },
	{ code: 'bpjs-ketenagakerjaan', nameId: 'BPJS Ketenagakerjaan', nameEn: 'BPJS Ketenagakerjaan (employment insurance)' },
	{ code: 'kpp-pratama', nameId: 'KPP Pratama (Direktorat Jenderal Pajak)', nameEn: 'Tax office (KPP Pratama)' },
	{ code: 'bapenda', nameId: 'Badan Pendapatan Daerah', nameEn: 'Regional revenue agency (Bapenda)' },
	{ code: 'bpn', nameId: 'Kantor Pertanahan (BPN)', nameEn: 'Land office (BPN)' },
	{ code: 'dpmptsp', nameId: 'DPMPTSP (penanaman modal dan pelayanan terpadu satu pintu)', nameEn: 'Investment and one-stop licensing (DPMPTSP)' },
	{ code: 'disnaker', nameId: 'Dinas Tenaga Kerja', nameEn: 'Manpower office' },
	{ code: 'dinkes', nameId: 'Dinas Kesehatan', nameEn: 'Health office' },
	{ code: 'kemenag', nameId: 'Kantor Kementerian Agama', nameEn: 'Religious affairs office' },
	{ code: 'pengadilan', nameId: 'Pengadilan (Negeri, Agama)', nameEn: 'Court (district, religious)' },
	{ code: 'kejaksaan', nameId: 'Kejaksaan Negeri', nameEn: 'District prosecutor' },
	{ code: 'bea-cukai', nameId: 'Bea dan Cukai', nameEn: 'Customs and excise' },
	{ code: 'taspen', nameId: 'Taspen', nameEn: 'Taspen (civil servants’ pensions)' },
	{ code: 'pln', nameId: 'PLN', nameEn: 'PLN (electricity)' },
	{ code: 'pdam', nameId: 'Perumda Air Minum (PDAM)', nameEn: 'Water utility (PDAM)' },
	{ code: 'pos', nameId: 'Pos Indonesia', nameEn: 'Pos Indonesia (post)' },
	{ code: 'bank-daerah', nameId: 'Bank daerah (BPD)', nameEn: 'Regional development bank (BPD)' },
	{ code: 'bank-bumn', nameId: 'Bank BUMN (BRI, BNI, Mandiri, BTN)', nameEn: 'State-owned bank (BRI, BNI, Mandiri, BTN)' }
];
