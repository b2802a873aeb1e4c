import path from 'node:path';

import { defineConfig } from 'vite';

// The ingestion console: a static page the bridge serves at /console (see src/bridge/static-files.ts).
// `npm run build` writes it to dist/console, which `n8n-ingestion serve` serves by default.
export default defineConfig({
	root: import.meta.dirname,
	// Relative asset URLs, so the page works under /console/ (or any prefix a proxy adds).
	base: './',
	oxc: { jsx: { runtime: 'automatic' } },
	build: {
		outDir: path.join(import.meta.dirname, '..', 'dist', 'console'),
		emptyOutDir: true,
		chunkSizeWarningLimit: 600,
		rolldownOptions: {
			// React Query marks its modules "use client" (for server components); meaningless in a client-only bundle.
			onwarn(warning, warn) {
				if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
			},
		},
	},
	logLevel: 'warn',
});
