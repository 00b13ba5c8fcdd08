import { createServer, createServerModuleRunner } from 'vite';
import { ESModulesEvaluator, ssrModuleExportsKey, ssrImportMetaKey, ssrImportKey, ssrDynamicImportKey, ssrExportAllKey, ssrExportNameKey } from 'vite/module-runner';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
const AsyncFunction = (async () => {}).constructor;
class CjsAwareEvaluator extends ESModulesEvaluator {
  async runInlinedModule(context, code, mod) {
    const file = mod.file ?? mod.id;
    const exports = context[ssrModuleExportsKey];
    const cjs = { exports: {} };
    const initial = cjs.exports;
    await new AsyncFunction(ssrModuleExportsKey, ssrImportMetaKey, ssrImportKey, ssrDynamicImportKey, ssrExportAllKey, ssrExportNameKey, 'module', 'exports', 'require', '__filename', '__dirname', '"use strict";\n' + code)(
      exports, context[ssrImportMetaKey], context[ssrImportKey], context[ssrDynamicImportKey], context[ssrExportAllKey], context[ssrExportNameKey],
      cjs, cjs.exports, createRequire(file), file, dirname(file));
    if (cjs.exports !== initial || Object.keys(initial).length > 0) {
      const value = cjs.exports;
      Object.defineProperty(exports, 'default', { enumerable: true, configurable: true, get: () => value });
      if (value && (typeof value === 'object' || typeof value === 'function')) for (const k of Object.keys(value)) if (k !== 'default' && !(k in exports)) Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: () => value[k] });
    }
    Object.seal(exports);
  }
}
const root = '/work/main';
const es2017 = (p) => `${root}/node_modules/@tensorflow/${p}/dist/index.js`;
const t0 = performance.now();
const server = await createServer({
  configFile: false, root, logLevel: 'warn', appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
  resolve: { alias: [
    { find: '$lib', replacement: `${root}/src/lib` },
    ...['tfjs-core','tfjs-layers','tfjs-backend-cpu'].map((p) => ({ find: new RegExp(`^@tensorflow/${p}$`), replacement: es2017(p) })),
  ] },
  ssr: { noExternal: [/@tensorflow\//, 'seedrandom'] },
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false, evaluator: new CjsAwareEvaluator() });
const mod = await runner.import('/bench/_probe.ts');
console.error('load', (performance.now() - t0).toFixed(0));
console.log(await mod.probe());
await runner.close(); await server.close();
