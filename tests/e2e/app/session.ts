/**
 * Signing in for the app specs: the demo accounts (seeded with the demo) and a form POST like the login page's.
 */
import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../../src/lib/server/demo/users';

export const DEMO = {
	admin: 'admin@puas.demo',
	manager: 'manager@puas.demo',
	evaluator: 'evaluator@puas.demo',
	/** The installation's operator (no hall). */
	operator: 'operator@puas.demo',
	/** The evaluator of the province of Nusa Tenggara Timur (53): both demo halls. */
	province: 'inspektorat@puas.demo'
} as const;

/** Sign in through the login form (the real page, as a user would). */
export async function signInWithForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Kata sandi').fill(password);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page).toHaveURL(/\/app/);
}

/** Sign a browser context or request context in with a form POST (faster, for specs that test something else). */
export async function signIn(target: BrowserContext | APIRequestContext, baseURL: string, email: string, password = DEMO_PASSWORD): Promise<void> {
	const request = 'request' in target ? target.request : target;
	const response = await request.post('/login', { form: { email, password }, headers: { origin: baseURL, accept: 'text/html' }, maxRedirects: 0 });
	expect(response.status(), `sign in as ${email}`).toBe(303);
	expect(response.headers()['location']).toBe('/app');
}
