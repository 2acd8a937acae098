/**
 * `use:enhance` for settings forms: after a change the action answers 303 back to the page, and the form is
 * cleared like a page load without JavaScript would clear it (SvelteKit resets forms only on a plain success).
 */
import type { SubmitFunction } from '@sveltejs/kit';

export const resetAfterRedirect: SubmitFunction = () => {
	return async ({ result, update, formElement }) => {
		await update();
		if (result.type === 'redirect') formElement.reset();
	};
};
