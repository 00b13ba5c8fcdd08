import type { ProjectSession } from '$lib/core/session/project-session';
import { toSession } from '$lib/core/session/session-sample';
import type { SessionSample, SyncNews } from '$lib/core/session/types';
import type { Sample } from '$lib/core/types';
import { getSamples, samplePage } from '$lib/storage/sample-queries';

/** Samples read from the database per step: memory stays bounded, and acts run between pages. */
export const LOAD_PAGE = 2000;

export interface LoadOptions {
	projectId: string;
	/** Send each sample's stored image too: the model runs on an imported extractor. */
	withImages: boolean;
	/** Labels and feedback given up to then are in the saved model the project opened on. */
	learnedUntil: number;
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
		const samples = stored.map((s) => toSession(s, options.withImages)).filter((s): s is SessionSample => !!s);
		const found = await session.upsertSamples(samples, options.learnedUntil);
		news.labels.push(...found.labels);
		news.masks.push(...found.masks);
		news.added.push(...found.added);
		news.through = Math.max(news.through, ...stored.map((s) => s.updatedAt));
	};
	for (let offset = 0; ; offset += LOAD_PAGE) {
		yield;
		// What the page shows is read (and scored, and sent) first, also when it scrolls meanwhile.
		const shown = session.scorer.wanted.filter((id) => !session.pool.get(id));
		if (shown.length) {
			await take(await getSamples(shown));
			await onShownRead();
			yield;
		}
		const page = await samplePage(options.projectId, offset, LOAD_PAGE);
		await take(page);
		if (page.length < LOAD_PAGE) return news;
	}
}
