// The app version shown in the kiosk's staff panel, shared by the SvelteKit and the kiosk builds.
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
/** e.g. "0.1.0+202611280012": the build time tells two builds of one release apart. */
export const appVersion = process.env.PUAS_VERSION ?? `${version}+${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;
