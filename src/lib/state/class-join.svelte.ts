import { goto } from '$app/navigation';
import { classServer, joinAsMember, joinClass } from '$lib/storage/class-membership';
import { connectThen, forgetFailedServer, takePending, type PendingClassAct } from './class-connect';
import { whileBusy } from './errors.svelte';

/**
 * A student joining a class (with its code and a display name), or a member adding another of their
 * devices (with their member key): a new project on this device, opened once joined.
 */
export class JoinState {
	busy = $state(false);

	/** Carries on a join the page reloaded for. */
	resume(): void {
		const pending = takePending('join', 'member');
		if (pending) void this.finish(pending);
	}

	async join(address: string, code: string, name: string): Promise<void> {
		await this.attempt(async () => {
			const act: PendingClassAct = { kind: 'join', server: classServer(address), code, name };
			if ((await connectThen(act)) === 'ready') await this.finish(act);
		});
	}

	async joinAsMember(key: string): Promise<void> {
		await this.attempt(async () => {
			let server: string;
			try {
				server = classServer(JSON.parse(atob(key.trim())).server);
			} catch {
				throw new Error('That is not a member key: copy it whole from “Use on another device” on your other device.');
			}
			const act: PendingClassAct = { kind: 'member', server, key };
			if ((await connectThen(act)) === 'ready') await this.finish(act);
		});
	}

	private async finish(act: Extract<PendingClassAct, { kind: 'join' | 'member' }>): Promise<void> {
		await this.attempt(async () => {
			try {
				const project = act.kind === 'join' ? await joinClass(act.server, act.code, act.name) : await joinAsMember(act.key);
				await goto(`/project/${project.id}`);
			} catch (error) {
				await forgetFailedServer();
				throw error;
			}
		});
	}

	private async attempt(work: () => Promise<void>): Promise<void> {
		await whileBusy(this, work);
	}
}
