// Compile messages/*.json into src/lib/paraglide (the Vite plugin does the same during dev and build).
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../i18n.config.js';

await compile({ ...paraglideOptions, emitGitIgnore: false });
