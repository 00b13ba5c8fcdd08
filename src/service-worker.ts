/// <reference lib="webworker" />
/**
 * The service worker: the whole app precached, so it installs, starts and works offline; every page
 * is served from the one shell. When the user has joined a class, the shell's Content-Security-Policy
 * names that class's server in `connect-src` (src/lib/core/class/csp.ts), and no other origin.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CLASS_SERVERS_CACHE, CLASS_SERVERS_KEY } from '$lib/core/class/servers';
import { widenConnectSrc } from '$lib/core/class/csp';

declare let self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Control the very first page at once, so it works offline without a second visit. Updates still
// wait for the user's "Reload".
clientsClaim();
self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

async function joinedServers(): Promise<string[]> {
	const cache = await caches.open(CLASS_SERVERS_CACHE);
	const stored = await cache.match(CLASS_SERVERS_KEY);
	if (!stored) return [];
	const list: unknown = await stored.json().catch(() => []);
	return Array.isArray(list) ? list.filter((o): o is string => typeof o === 'string') : [];
}

/**
 * The pose landmark model's files that are not precached (the full and heavy models; the runtime for
 * browsers without WebAssembly SIMD): fetched from the app's own origin the first time they are
 * needed, then kept, so a model chosen once works offline from then on.
 */
const LANDMARK_MODELS_CACHE = 'attune-landmark-models';
registerRoute(
	({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/mediapipe/pose/'),
	async ({ request }) => {
		const cache = await caches.open(LANDMARK_MODELS_CACHE);
		const kept = await cache.match(request);
		if (kept) return kept;
		const response = await fetch(request);
		if (response.ok) await cache.put(request, response.clone());
		return response;
	}
);

registerRoute(
	new NavigationRoute(async ({ request }) => {
		const shell = (await matchPrecache('/')) ?? (await fetch(request));
		const servers = await joinedServers();
		if (!servers.length) return shell;
		const html = widenConnectSrc(await shell.text(), servers);
		return new Response(html, { status: shell.status, headers: shell.headers });
	})
);
