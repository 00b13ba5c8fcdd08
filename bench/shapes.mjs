// Test and benchmark images, drawn by the browser: two visually distinct kinds with a little jitter.
// "ring": a dark circle outline; "bars": dark horizontal stripes; "cross": a dark X, "blot": a dark
// filled disc, "speckle": dark specks strewn at random, and "negative": a white ring on black (other
// kinds, for what a model taught the first two has never seen). Shared by the e2e tests and benches.

/**
 * @param {import('@playwright/test').Page} page
 * @param {'ring' | 'bars' | 'cross' | 'blot' | 'speckle' | 'negative'} kind
 * @param {number} count
 * @param {number} [seed]
 * @returns {Promise<{ name: string, mimeType: string, buffer: Buffer }[]>}
 */
export async function makeImages(page, kind, count, seed = 1) {
	const urls = await page.evaluate(
		({ kind, count, seed }) => {
			let s = seed;
			const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
			/** @type {string[]} */
			const out = [];
			for (let i = 0; i < count; i++) {
				const canvas = document.createElement('canvas');
				canvas.width = canvas.height = 64;
				const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
				ctx.fillStyle = '#fff';
				ctx.fillRect(0, 0, 64, 64);
				ctx.strokeStyle = ctx.fillStyle = '#111';
				ctx.lineWidth = 6;
				if (kind === 'negative') {
					ctx.fillRect(0, 0, 64, 64);
					ctx.strokeStyle = '#fff';
				}
				if (kind === 'ring' || kind === 'negative') {
					ctx.beginPath();
					ctx.arc(32 + rand() * 8 - 4, 32 + rand() * 8 - 4, 16 + rand() * 6, 0, Math.PI * 2);
					ctx.stroke();
				} else if (kind === 'speckle') {
					for (let y = 0; y < 64; y += 4) for (let x = 0; x < 64; x += 4) if (rand() < 0.5) ctx.fillRect(x, y, 4, 4);
				} else if (kind === 'blot') {
					ctx.beginPath();
					ctx.arc(32 + rand() * 6 - 3, 32 + rand() * 6 - 3, 22 + rand() * 4, 0, Math.PI * 2);
					ctx.fill();
				} else if (kind === 'cross') {
					const inset = 8 + rand() * 6;
					ctx.beginPath();
					ctx.moveTo(inset, inset);
					ctx.lineTo(64 - inset, 64 - inset);
					ctx.moveTo(64 - inset, inset);
					ctx.lineTo(inset, 64 - inset);
					ctx.stroke();
				} else {
					const offset = rand() * 6;
					for (let y = 6 + offset; y < 60; y += 16) ctx.fillRect(4, y, 56, 6);
				}
				out.push(canvas.toDataURL('image/png'));
			}
			return out;
		},
		{ kind, count, seed }
	);
	return urls.map((url, i) => ({ name: `${kind}-${i + 1}.png`, mimeType: 'image/png', buffer: Buffer.from(url.split(',')[1] ?? '', 'base64') }));
}
