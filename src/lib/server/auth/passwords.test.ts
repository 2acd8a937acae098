import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_SCORE, passwordProblem, passwordScore, randomPassword } from './passwords';

const account = { email: 'budi.santoso@example.go.id', name: 'Budi Santoso' };

describe('passwordProblem', () => {
	it.each([
		// Common passwords and their usual dressing-up.
		'password12',
		'Password123!',
		'passwordpassword',
		'iloveyou2026',
		'admin12345',
		'bismillah123',
		'indonesia1945',
		// Keyboard walks, sequences and repeated words.
		'qwertyuiop12',
		'1qaz2wsx3edc',
		'qazwsxedcrfv',
		'asdfghjkl;',
		'1234567890',
		'abcdefghij',
		'kupangkupangkupang',
		'rahasiarahasia',
		// The account's own e-mail and name, and the product's and hall's words.
		'budi.santoso2026',
		'budisantoso123',
		'BudiSantoso!2026',
		'puas-kupang-2026',
		'mppkupang2026!',
		'pelayanan2026'
	])('refuses %j as too weak, with its score', async (password) => {
		const problem = await passwordProblem(password, account);
		expect(problem).toEqual({ kind: 'too_weak', score: expect.any(Number) });
		expect(problem?.kind === 'too_weak' && problem.score).toBeLessThan(MIN_PASSWORD_SCORE);
		expect(problem).toEqual({ kind: 'too_weak', score: await passwordScore(password, account) });
	});

	it.each(['kopi-sepeda-gunung-biru', 'correct horse battery staple', 'lampu meja kucing hujan', 'jendela-hiu-payung-83', 'Xk9#mQ2v!pL7', 'tUq3n0YfVqk8gH2pR1aZ7w_x'])(
		'accepts %j',
		async (password) => {
			expect(await passwordProblem(password, account)).toBeNull();
		}
	);

	it('accepts the random passwords npm run user:create makes', async () => {
		for (let i = 0; i < 3; i++) expect(await passwordProblem(randomPassword(), account)).toBeNull();
	});

	it('refuses a short password and the e-mail itself before scoring', async () => {
		expect(await passwordProblem('kopi-biru', account)).toEqual({ kind: 'too_short' });
		expect(await passwordProblem(' Budi.Santoso@Example.go.id ', account)).toEqual({ kind: 'is_email' });
	});

	it("counts the account's own e-mail and name as known words: a password of them is weak only for its owner", async () => {
		const owner = { email: 'tuamanu.lakalena@example.go.id', name: 'Tuamanu Lakalena' };
		expect(await passwordProblem('tuamanu-lakalena-7', { email: 'eva@example.go.id', name: 'Eva' })).toBeNull();
		expect(await passwordProblem('tuamanu-lakalena-7', owner)).toMatchObject({ kind: 'too_weak' });
		expect(await passwordProblem('Lakalena.Tuamanu!', owner)).toMatchObject({ kind: 'too_weak' });
	});
});
