// Fills a project the bench made in the app with N samples, straight into the app's IndexedDB (as
// the intake worker would store them: a picture, its 32x32 ink input), so a 50,000-sample project
// takes a minute to make instead of an import's several. Set-up only: nothing here is measured. The
// pictures are a few dozen ring and bar drawings; each sample's model input is drawn apart, with jitter.

/** The project the page is on (/project/ID). */
export function projectIdOf(page) {
	return new URL(page.url()).pathname.split('/').at(-1);
}

/**
 * Gives the page `window.__storeSamples(n, recordAt)`: stores `n` unlabelled samples straight into the
 * app's IndexedDB, 1,000 per transaction, each from `recordAt(i)` with an id, its source and times added.
 */
async function installStore(page) {
	await page.evaluate(() => {
		window.__storeSamples = async (n, recordAt) => {
			const db = await new Promise((resolve, reject) => {
				const open = indexedDB.open('attune');
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			const now = Date.now() - n;
			for (let from = 0; from < n; from += 1000) {
				await new Promise((resolve, reject) => {
					const tx = db.transaction('samples', 'readwrite');
					for (let i = from; i < Math.min(n, from + 1000); i++) {
						tx.objectStore('samples').put({ id: crypto.randomUUID(), ...recordAt(i), source: 'import', createdAt: now + i, updatedAt: now + i });
					}
					tx.oncomplete = resolve;
					tx.onerror = () => reject(tx.error);
				});
			}
			db.close();
		};
	});
}

/**
 * Stores `n` samples in the project: rings and bars alternately, named ring-i.png and bars-i.png,
 * unlabelled. Reload the page afterwards: the app watches its own writes, not these.
 * @param {import('@playwright/test').Page} page
 */
export async function seedSamples(page, projectId, n) {
	await installStore(page);
	await page.evaluate(
		async ({ projectId, n }) => {
			const SIDE = 32;
			let s = 7;
			const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
			/** A ring or bars as the model's 32x32 ink input (255 is ink). */
			const ink = (kind) => {
				const input = new Uint8Array(SIDE * SIDE);
				const [cx, cy, r, off] = [16 + rand() * 4 - 2, 16 + rand() * 4 - 2, 8 + rand() * 3, Math.floor(rand() * 4)];
				for (let y = 0; y < SIDE; y++)
					for (let x = 0; x < SIDE; x++) {
						const on = kind === 'ring' ? Math.abs(Math.hypot(x - cx, y - cy) - r) < 1.6 : (y + off) % 8 < 3 && x > 2 && x < 29;
						input[y * SIDE + x] = on ? 200 + Math.floor(rand() * 55) : Math.floor(rand() * 12);
					}
				return input;
			};
			const picture = async (kind, i) => {
				const canvas = new OffscreenCanvas(64, 64);
				const ctx = canvas.getContext('2d');
				ctx.fillStyle = '#fff';
				ctx.fillRect(0, 0, 64, 64);
				ctx.strokeStyle = ctx.fillStyle = '#111';
				ctx.lineWidth = 6;
				if (kind === 'ring') {
					ctx.beginPath();
					ctx.arc(30 + (i % 5), 30 + (i % 3), 14 + (i % 7), 0, Math.PI * 2);
					ctx.stroke();
				} else for (let y = 6 + (i % 6); y < 60; y += 16) ctx.fillRect(4, y, 56, 6);
				// Kept inside the record, as the app keeps a picture this small (storage/stored-images.ts).
				return { bytes: new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer()), type: 'image/png' };
			};
			const pictures = { ring: await Promise.all([...Array(24).keys()].map((i) => picture('ring', i))), bars: await Promise.all([...Array(24).keys()].map((i) => picture('bars', i))) };
			await window.__storeSamples(n, (i) => {
				const kind = i % 2 === 0 ? 'ring' : 'bars';
				return { projectId, name: `${kind}-${i + 1}.png`, image: pictures[kind][i % 24], input: ink(kind) };
			});
		},
		{ projectId, n }
	);
}

/**
 * The JavaScript heap of the page and of each of its workers, in MB, as Chromium's DevTools protocol
 * reports it (the WASM backend's memory and decoded images are outside it).
 * @param {import('@playwright/test').Browser} browser
 * @param {import('@playwright/test').Page} page
 */
export async function heapsMb(page) {
	const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
	const session = await page.context().newCDPSession(page);
	const { usedSize } = await session.send('Runtime.getHeapUsage');
	// The page's dedicated workers, reached through the page's own session (a profile on disk has no browser-wide one).
	const attached = [];
	const answers = new Map();
	session.on('Target.attachedToTarget', (e) => e.targetInfo.type === 'worker' && attached.push(e));
	session.on('Target.receivedMessageFromTarget', (e) => answers.set(e.sessionId, JSON.parse(e.message)));
	await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
	for (let i = 0; i < 25 && attached.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
	for (const { sessionId } of attached) await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
	for (let i = 0; i < 100 && attached.some((a) => !answers.has(a.sessionId)); i++) await new Promise((r) => setTimeout(r, 20));
	const name = (url) => (url.split('/').at(-1) ?? '').replace(/[-.].*$/, '');
	const workers = Object.fromEntries(attached.flatMap((a) => (answers.get(a.sessionId)?.result ? [[name(a.targetInfo.url), mb(answers.get(a.sessionId).result.usedSize)]] : [])));
	await session.detach();
	return { page_heap_mb: mb(usedSize), worker_heap_mb: workers };
}

/**
 * Stores `n` sound clips in a sound project, as the intake worker stores them (the WAV as a Blob, its
 * waveform thumbnail inside the record, the spectrogram as the model's input): whistles and clicks alternately,
 * named whistle-i.wav and clicks-i.wav, unlabelled, from `clips` (bench/sounds.ts storedClips) with
 * each input jittered apart.
 * @param {import('@playwright/test').Page} page
 */
export async function seedSounds(page, projectId, n, clips) {
	const plain = { whistle: clips.whistle.map((c) => ({ wav: [...c.wav], input: [...c.input], peaks: c.peaks })), clicks: clips.clicks.map((c) => ({ wav: [...c.wav], input: [...c.input], peaks: c.peaks })) };
	await installStore(page);
	await page.evaluate(
		async ({ projectId, n, plain }) => {
			let s = 11;
			const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
			const thumb = async (peaks) => {
				const canvas = new OffscreenCanvas(144, 72);
				const ctx = canvas.getContext('2d');
				ctx.fillStyle = '#eef2f7';
				ctx.fillRect(0, 0, 144, 72);
				ctx.fillStyle = '#1d4f91';
				for (let x = 0; x < 144; x++) ctx.fillRect(x, ((1 - peaks[2 * x + 1]) / 2) * 72, 1, Math.max(1, ((peaks[2 * x + 1] - peaks[2 * x]) / 2) * 72));
				return { bytes: new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer()), type: 'image/png' };
			};
			const made = {};
			for (const kind of ['whistle', 'clicks']) made[kind] = await Promise.all(plain[kind].map(async (c) => ({ wav: new Uint8Array(c.wav), input: c.input, thumb: await thumb(c.peaks) })));
			await window.__storeSamples(n, (i) => {
				const kind = i % 2 === 0 ? 'whistle' : 'clicks';
				const clip = made[kind][i % made[kind].length];
				const input = Uint8Array.from(clip.input, (v) => Math.max(0, Math.min(255, v + Math.round(rand() * 6 - 3))));
				return { projectId, name: `${kind}-${i + 1}.wav`, blob: new Blob([clip.wav], { type: 'audio/wav' }), thumb: clip.thumb, input, seconds: 1 };
			});
		},
		{ projectId, n, plain }
	);
}
