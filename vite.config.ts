import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const tfjsEs2017 = (pkg: string) =>
	fileURLToPath(new URL(`./node_modules/@tensorflow/${pkg}/dist/index.js`, import.meta.url));

/** Where the pose landmark model and its runtime come from: inside the npm package, served from the app's own origin. */
const MEDIAPIPE_POSE = fileURLToPath(new URL('./node_modules/@mediapipe/pose/', import.meta.url));
const MEDIAPIPE_URL = '/mediapipe/pose/';

/**
 * Serves @mediapipe/pose's files at /mediapipe/pose/ (in dev) and writes them into the build, so the
 * landmark model is fetched from the app's own origin and can be precached: no request leaves the device.
 */
function mediapipePose(): Plugin {
	const files = readdirSync(MEDIAPIPE_POSE).filter((name) => /\.(js|wasm|data|tflite|binarypb)$/.test(name));
	return {
		name: 'attune-mediapipe-pose',
		configureServer(server) {
			server.middlewares.use(MEDIAPIPE_URL, (req, res, next) => {
				const name = (req.url ?? '').split('?')[0]!.slice(1);
				if (!files.includes(name)) return next();
				res.setHeader('Content-Type', name.endsWith('.js') ? 'text/javascript' : name.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream');
				res.end(readFileSync(MEDIAPIPE_POSE + name));
			});
		},
		generateBundle(options) {
			// Only the browser's build (SvelteKit also builds for the server, where these files mean nothing).
			if (!options.dir?.includes('client')) return;
			for (const name of files) this.emitFile({ type: 'asset', fileName: MEDIAPIPE_URL.slice(1) + name, source: readFileSync(MEDIAPIPE_POSE + name) });
		}
	};
}

export default defineConfig({
	plugins: [
		sveltekit(),
		mediapipePose(),
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
				// Every asset the app needs offline: the tfjs .wasm binaries, the built-in picture backbone and the lite pose landmark model included.
				globPatterns: ['client/**/*.{js,css,html,ico,png,svg,webp,wasm,webmanifest,json,jsonl,csv,tflite,binarypb,data}', 'client/models/**/*.bin', 'prerendered/**/*.{html,json}'],
				// The larger landmark models, and the runtime for browsers without WebAssembly SIMD, are fetched
				// from the app's own origin when first needed and kept then (src/service-worker.ts).
				globIgnores: ['**/mediapipe/pose/pose_landmark_{full,heavy}.tflite', '**/mediapipe/pose/pose_solution_wasm_bin.*'],
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
