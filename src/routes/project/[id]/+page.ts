// Project ids are only known at run time: the SPA fallback (and offline, the service worker) serves the shell.
export const prerender = false;

export function load({ params }) {
	return { id: params.id };
}
