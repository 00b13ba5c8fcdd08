import { Workbox } from 'workbox-window';

/**
 * Registers the service worker and tells the UI when a new version is waiting. Reloading loses
 * nothing: every act is already in IndexedDB before the UI reacts to it.
 */
class AppUpdate {
	ready = $state(false);
	private workbox: Workbox | undefined;

	register(): void {
		if (!('serviceWorker' in navigator) || this.workbox) return;
		this.workbox = new Workbox('/service-worker.js', { scope: '/' });
		this.workbox.addEventListener('waiting', () => (this.ready = true));
		void this.workbox.register();
	}

	/** Lets the waiting worker take over, then reloads onto it (Workbox's skip-waiting recipe). */
	apply(): void {
		if (!this.workbox) return;
		this.workbox.addEventListener('controlling', () => window.location.reload());
		this.workbox.messageSkipWaiting();
	}
}

export const appUpdate = new AppUpdate();
