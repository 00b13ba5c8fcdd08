import { connectOrigins } from '$lib/core/class/csp';
import { InputError } from '$lib/core/data/input-error';
import { publishServers } from '$lib/storage/class-membership';

/**
 * The page may connect to a class server only once its Content-Security-Policy names it, and a page
 * cannot widen its own policy: the service worker serves the page anew with the server named. So
 * joining stores what the user asked for, reloads, and carries on (class.svelte.ts, JoinClass).
 */

export type PendingClassAct =
	| { kind: 'start'; projectId: string; server: string; teacherCode: string; name: string }
	| { kind: 'join'; server: string; code: string; name: string }
	| { kind: 'member'; server: string; key: string };

const PENDING = 'attune-class-pending';

/** Whether this page's policy lets it reach `server`. */
export function pageMayConnect(server: string): boolean {
	const meta = document.querySelector<HTMLMetaElement>('meta[http-equiv="content-security-policy" i]');
	return !!meta && connectOrigins(meta.content).includes(server);
}

/** 'ready' when the page may reach the server now; otherwise the page reloads with it allowed and the act carries on there. */
export async function connectThen(act: PendingClassAct): Promise<'ready' | 'reloading'> {
	if (pageMayConnect(act.server)) return 'ready';
	if (!navigator.serviceWorker?.controller) {
		throw new InputError('Joining a class needs the app’s offline files, which install on the first visit: reload this page once, then try again.');
	}
	sessionStorage.setItem(PENDING, JSON.stringify(act));
	await publishServers([act.server]);
	location.reload();
	return 'reloading';
}

/** The act the page reloaded for, once (null when none, or not of this kind). */
export function takePending<K extends PendingClassAct['kind']>(...kinds: K[]): Extract<PendingClassAct, { kind: K }> | null {
	const raw = sessionStorage.getItem(PENDING);
	if (!raw) return null;
	const act = JSON.parse(raw) as PendingClassAct;
	if (!kinds.includes(act.kind as K)) return null;
	sessionStorage.removeItem(PENDING);
	return act as Extract<PendingClassAct, { kind: K }>;
}

/** After a failed join: the server leaves the page's policy again at the next load. */
export async function forgetFailedServer(): Promise<void> {
	await publishServers();
}
