import { defineConfig } from 'drizzle-kit';

// `drizzle-kit generate` needs no database; the app applies drizzle/ itself at start-up.
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema/index.ts',
	out: './drizzle'
});
