import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const tfjsEs2017 = (pkg: string) =>
	fileURLToPath(new URL(`./node_modules/@tensorflow/${pkg}/dist/index.js`, import.meta.url));

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// Our own service worker (src/service-worker.ts): it serves the shell with the joined class server in the
			// CSP. The app registers it itself with workbox-window (src/lib/state/app-update.svelte.ts).
			strategies: 'injectManifest',
			srcDir: 'src',
			filename: 'service-worker.ts',
			injectRegister: false,
			registerType: 'prompt',
			// static/manifest.webmanifest is the one manifest. The plugin drops the file it would have
			// generated from the precache; naming that file otherwise keeps ours precached for offline installs.
			manifest: false,
			manifestFilename: 'generated-manifest-unused.webmanifest',
			injectManifest: {
				// Every asset the app needs offline, the tfjs .wasm binaries included.
				globPatterns: ['client/**/*.{js,css,html,ico,png,svg,webp,wasm,webmanifest,json,jsonl,csv}', 'prerendered/**/*.{html,json}'],
				maximumFileSizeToCacheInBytes: 8 * 1024 * 1024
			}
		})
	],
	// PouchDB's browser build (loaded once a class project opens) expects Node's EventEmitter from the `events` package.
	resolve: { alias: [{ find: /^events$/, replacement: fileURLToPath(new URL('./node_modules/events/events.js', import.meta.url)) }] },
	worker: { format: 'es' },
	build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['tests/unit/setup.ts'],
		testTimeout: 60_000,
		pool: 'forks',
		server: { deps: { inline: [/@tensorflow\//] } },
		alias: {
			// tfjs's default Node entry is ES5 and ~3x slower; its ES2017 build runs as is.
			'@tensorflow/tfjs-core': tfjsEs2017('tfjs-core'),
			'@tensorflow/tfjs-layers': tfjsEs2017('tfjs-layers'),
			'@tensorflow/tfjs-backend-cpu': tfjsEs2017('tfjs-backend-cpu')
		}
	}
});
