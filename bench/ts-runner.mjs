// Runs the app's TypeScript core in plain Node, for the benchmarks that need no browser.
//
// Vite's module runner compiles the TypeScript and resolves `$lib`; the config is inline (not
// vite.config.ts), so the SvelteKit and PWA plugins stay out. Like vitest (see vite.config.ts's
// `test`), tfjs is pointed at its ES2017 builds and run through the runner: its default Node entry
// is ES5 and ~3x slower. Running tfjs inline needs what vitest gives inlined modules and Vite's
// own evaluator does not: `require`, `__dirname` and a `module` for the CommonJS files that come
// with it (the WASM backend's Emscripten glue, seedrandom).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, createServerModuleRunner } from 'vite';
import {
	ESModulesEvaluator,
	ssrDynamicImportKey,
	ssrExportAllKey,
	ssrExportNameKey,
	ssrImportKey,
	ssrImportMetaKey,
	ssrModuleExportsKey
} from 'vite/module-runner';

const root = fileURLToPath(new URL('..', import.meta.url));
const AsyncFunction = (async () => {}).constructor;
const tfjsEs2017 = (pkg) => fileURLToPath(new URL(`../node_modules/@tensorflow/${pkg}/dist/index.js`, import.meta.url));

class CommonJsAwareEvaluator extends ESModulesEvaluator {
	async runInlinedModule(context, code, mod) {
		const file = mod.file ?? mod.id;
		const exports = context[ssrModuleExportsKey];
		const cjs = { exports: {} };
		const initial = cjs.exports;
		const keys = [ssrModuleExportsKey, ssrImportMetaKey, ssrImportKey, ssrDynamicImportKey, ssrExportAllKey, ssrExportNameKey];
		// All parameters on one line, so the source-map line offset (startOffset) stays Vite's.
		await new AsyncFunction(...keys, 'module', 'exports', 'require', '__filename', '__dirname', '"use strict";\n' + code)(
			...keys.map((k) => context[k]), cjs, cjs.exports, createRequire(file), file, dirname(file)
		);
		if (cjs.exports !== initial || Object.keys(initial).length > 0) {
			// A CommonJS file: its module.exports becomes the default export, its properties named ones.
			const value = cjs.exports;
			Object.defineProperty(exports, 'default', { enumerable: true, configurable: true, get: () => value });
			if (value && (typeof value === 'object' || typeof value === 'function')) {
				for (const key of Object.keys(value)) {
					if (key !== 'default' && !(key in exports)) Object.defineProperty(exports, key, { enumerable: true, configurable: true, get: () => value[key] });
				}
			}
		}
		Object.seal(exports);
	}
}

/** Imports a TypeScript module of the project (a path from the repository root, e.g. '/bench/x.ts'). */
export async function importTs(path) {
	const server = await createServer({
		configFile: false,
		root,
		logLevel: 'warn',
		appType: 'custom',
		server: { middlewareMode: true, hmr: false, ws: false, watch: null },
		optimizeDeps: { noDiscovery: true, include: [] },
		resolve: {
			alias: [
				{ find: /^\$lib(?=\/|$)/, replacement: fileURLToPath(new URL('../src/lib', import.meta.url)) },
				...['tfjs-core', 'tfjs-layers', 'tfjs-backend-cpu'].map((pkg) => ({ find: new RegExp(`^@tensorflow/${pkg}$`), replacement: tfjsEs2017(pkg) }))
			]
		},
		ssr: { noExternal: [/^@tensorflow\//, 'seedrandom'] }
	});
	const runner = createServerModuleRunner(server.environments.ssr, { hmr: false, evaluator: new CommonJsAwareEvaluator() });
	try {
		const module = await runner.import(path);
		return {
			module,
			close: async () => {
				await runner.close();
				await server.close();
			}
		};
	} catch (error) {
		await runner.close();
		await server.close();
		throw error;
	}
}
