import { afterEach } from 'vitest';

/**
 * Frees what a test opened after it ends, passed or failed, so one test's models never leak into the
 * next one's tensor counts. Returns `keep`, which registers a thing and hands it back.
 */
export function disposeAfterEach(): <T extends { dispose(): void }>(opened: T) => T {
	const open: { dispose(): void }[] = [];
	afterEach(() => {
		for (const o of open.splice(0)) o.dispose();
	});
	return (opened) => (open.push(opened), opened);
}
