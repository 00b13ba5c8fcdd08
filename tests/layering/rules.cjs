// The layering of docs/ARCHITECTURE.md, as dependency-cruiser rules: tests/unit/layering.test.ts runs them over src/.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: 'core-imports-only-core',
			comment: 'core is framework-free TypeScript that runs in Node and in the worker: nothing above it, no Svelte, Dexie or other page code.',
			severity: 'error',
			from: { path: '^src/lib/core/' },
			to: { path: ['^src/lib/(state|storage|worker|components)/', '^src/routes/', 'node_modules/(svelte|@sveltejs|dexie|comlink|workbox-window|pouchdb)'] }
		},
		{
			name: 'components-call-state',
			comment: 'Components and pages read and change things through state, never storage or the worker directly.',
			severity: 'error',
			from: { path: ['^src/lib/components/', '^src/routes/'] },
			to: { path: '^src/lib/(storage|worker)/' }
		},
		{
			name: 'only-storage-touches-dexie',
			severity: 'error',
			from: { pathNot: '^src/lib/storage/' },
			to: { path: 'node_modules/dexie' }
		},
		{
			name: 'storage-below-the-page',
			comment: 'Storage knows nothing of the UI or the learner.',
			severity: 'error',
			from: { path: '^src/lib/storage/' },
			to: { path: ['^src/lib/(state|worker|components)/', '^src/routes/'] }
		},
		{
			name: 'worker-below-the-page',
			comment: 'The workers route work into core; they know nothing of state or components.',
			severity: 'error',
			from: { path: '^src/lib/worker/' },
			to: { path: ['^src/lib/(state|components)/', '^src/routes/'] }
		},
		{
			name: 'state-below-components',
			severity: 'error',
			from: { path: '^src/lib/state/' },
			to: { path: ['^src/lib/components/', '^src/routes/'] }
		},
		{
			name: 'no-cycles',
			severity: 'error',
			from: { path: '^src/' },
			to: { circular: true }
		}
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: true,
		// $lib as SvelteKit resolves it (its paths in .svelte-kit/tsconfig.json, which the resolver does not follow through `extends`).
		tsConfig: { fileName: 'tests/layering/tsconfig.json' },
		enhancedResolveOptions: { extensions: ['.ts', '.js', '.svelte'], conditionNames: ['svelte', 'import', 'browser', 'default'] }
	}
};
