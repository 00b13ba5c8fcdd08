import type { ProjectSession } from '$lib/core/session/project-session';
import { toSession } from '$lib/core/session/session-sample';
import type { SessionSample, SyncNews } from '$lib/core/session/types';
import type { Sample } from '$lib/core/types';
import { getSamples, samplesFrom } from '$lib/storage/sample-queries';

/**
 * Samples read from the database per step: memory stays bounded, and acts run between pages. An act's
 * write waits for a read in progress, so a page is kept short (~20 ms on 2 cores; one of 2,000 held
 * an act ~300 ms in a 50,000-sample project).
 */
export const LOAD_PAGE = 200;

export interface LoadOptions {
	projectId: string;
	/** Send each sample's stored image too: the model runs on an imported extractor. */
	withImages: boolean;
	/** Labels and feedback given up to then are in the saved model the project opened on. */
	learnedUntil: number;
	/** Samples changed from then on are the page's to send (OpenProjectRequest.changesFrom): not read here. */
	changesFrom: number;
}

/**
 * Reads an opening project's samples from the database into the session, in the learner worker (the
 * page never reads them all): what the page shows first (session.scorer.wanted), then a page of LOAD_PAGE at a time, oldest
 * first, pausing before each read. Returns what there is to learn: labels and feedback given after
 * the saved model was. A sample the human changed meanwhile is newer in the session than in the page
 * read, and stays as it is.
 */
export async function* loadProject(session: ProjectSession, options: LoadOptions, onShownRead: () => Promise<void>): AsyncGenerator<void, SyncNews> {
	const news: SyncNews = { labels: [], masks: [], added: [], signals: [], through: -Infinity };
	const take = async (stored: readonly Sample[]) => {
		const samples = stored.filter((s) => s.updatedAt < options.changesFrom).map((s) => toSession(s, options.withImages)).filter((s): s is SessionSample => !!s);
		const found = await session.upsertSamples(samples, options.learnedUntil);
		news.labels.push(...found.labels);
		news.masks.push(...found.masks);
		news.added.push(...found.added);
		news.through = Math.max(news.through, ...stored.map((s) => s.updatedAt));
	};
	let from = -Infinity;
	let seen = new Set<string>(); // read already, made at `from`
	for (;;) {
		yield;
		// What the page shows is read (and scored, and sent) first, also when it scrolls meanwhile.
		const shown = session.scorer.wanted.filter((id) => !session.pool.get(id));
		if (shown.length) {
			await take(await getSamples(shown));
			await onShownRead();
			yield;
		}
		const page = await samplesFrom(options.projectId, from, seen, LOAD_PAGE);
		await take(page);
		if (page.length < LOAD_PAGE) return news;
		const last = page.at(-1)!.createdAt;
		seen = new Set([...(last === from ? seen : []), ...page.filter((s) => s.createdAt === last).map((s) => s.id)]);
		from = last;
	}
}
