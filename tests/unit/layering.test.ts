import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

interface Violation {
	from: string;
	to: string;
	rule: { name: string };
	cycle?: { name: string }[];
}

/** dependency-cruiser over src/ with docs/ARCHITECTURE.md's rules (tests/layering/rules.cjs): what breaks them. */
function violations(): Violation[] {
	const out = execFileSync(join(root, 'node_modules/.bin/depcruise'), ['src', '--config', 'tests/layering/rules.cjs', '--output-type', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

function files(dir: string): string[] {
	return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('the layering docs/ARCHITECTURE.md describes', () => {
	it('holds: core imports only core, components call state, only storage touches Dexie, and there are no cycles', () => {
		const found = violations().map((v) => `${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(' → ') : v.to}`);

		expect(found).toEqual([]);
	});

	it('keeps core free of the page: no document, window, storage or DOM elements', () => {
		const page = /\b(document|window|localStorage|sessionStorage|indexedDB)\.|\bHTML\w*Element\b/;
		const offending = files('src/lib/core').filter((f) => page.test(readFileSync(join(root, f), 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')));

		expect(offending).toEqual([]);
	});
});
