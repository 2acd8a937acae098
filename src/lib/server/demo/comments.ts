/**
 * Indonesian comments for demo responses, chosen by the respondent's weakest answer.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { SKM_CODES } from '../../domain/instruments';

const COMPLAINTS: Record<string, string[]> = {
	U1: ['Persyaratan kurang jelas, saya harus bolak-balik melengkapi berkas.', 'Daftar persyaratan di papan informasi berbeda dengan yang diminta petugas.'],
	U2: ['Alur pelayanan membingungkan, mohon dipasang petunjuk yang lebih jelas.', 'Prosedurnya berbelit, harus ke beberapa loket.'],
	U3: ['Antrean terlalu lama, mohon tambah petugas di jam sibuk.', 'Proses penyelesaian lebih lama dari yang dijanjikan.', 'Sudah menunggu hampir dua jam.'],
	U4: ['Biaya kurang transparan, mohon tarif resmi dipajang.', 'Ada biaya tambahan yang tidak dijelaskan sebelumnya.'],
	U5: ['Dokumen yang saya terima ada salah ketik, harus diperbaiki lagi.', 'Hasil layanan tidak sesuai standar pelayanan yang diumumkan.'],
	U6: ['Petugas kurang menguasai aplikasi, sering bertanya ke rekan.', 'Petugas belum bisa menjawab pertanyaan saya dengan jelas.'],
	U7: ['Petugas kurang ramah saat melayani.', 'Mohon petugas lebih sopan kepada warga lanjut usia.'],
	U8: ['Tidak tahu harus mengadu ke mana.', 'Pengaduan saya minggu lalu belum ada tanggapan.'],
	U9: ['AC di ruang tunggu kurang dingin.', 'Tempat parkir terlalu sempit.', 'Kursi tunggu kurang, banyak warga berdiri.', 'Wi-Fi sering putus.']
};

const PRAISE = [
	'Pelayanan cepat dan petugas ramah. Terima kasih!',
	'Urusan saya selesai dalam satu hari, mantap.',
	'BESTI benar-benar beres dan pasti.',
	'Ruang tunggu nyaman dan bersih.',
	'Petugas sangat membantu menjelaskan persyaratan.',
	'Senang semua layanan ada di satu tempat.'
];

const SUGGESTIONS = [
	'Mohon jam pelayanan diperpanjang sampai sore.',
	'Sebaiknya ada antrean online supaya tidak menunggu lama.',
	'Tolong sediakan ruang laktasi dan tempat bermain anak.',
	'Informasi layanan sebaiknya juga diumumkan di media sosial.'
];

const pick = (rng: RandomGenerator, list: readonly string[]) => list[uniformInt(rng, 0, list.length - 1)]!;

/** A comment that fits the answers: a complaint about the weakest unsur when something scored 1–2. */
export function commentFor(rng: RandomGenerator, answers: readonly (number | null)[]): string {
	const answered = answers.flatMap((value, i) => (value === null ? [] : [{ value, code: SKM_CODES[i]! }]));
	const weakest = answered.reduce<{ value: number; code: string } | null>(
		(low, a) => (low === null || a.value < low.value ? a : low),
		null
	);
	if (weakest && weakest.value <= 2 && uniformInt(rng, 0, 9) < 7) return pick(rng, COMPLAINTS[weakest.code]!);
	return uniformInt(rng, 0, 1) === 0 ? pick(rng, PRAISE) : pick(rng, SUGGESTIONS);
}
