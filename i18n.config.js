// Paraglide's options, shared by the Vite plugin and `npm run i18n` (which type checks need before a build).
/** @type {{ project: string; outdir: string; strategy: ('cookie' | 'baseLocale')[] }} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	// Bahasa Indonesia unless the visitor picked English (cookie set by POST /bahasa).
	strategy: ['cookie', 'baseLocale']
};
