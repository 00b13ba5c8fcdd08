import type { Page } from '@playwright/test';

export interface TestImage {
	name: string;
	mimeType: string;
	buffer: Buffer;
}

/**
 * PNGs of two visually distinct kinds, drawn by the browser: "ring" (a dark circle outline) and
 * "bars" (dark horizontal stripes), each with a little random jitter so no two are identical.
 */
export async function makeImages(page: Page, kind: 'ring' | 'bars', count: number, seed = 1): Promise<TestImage[]> {
	const urls = await page.evaluate(
		async ({ kind, count, seed }) => {
			let s = seed;
			const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
			const out: string[] = [];
			for (let i = 0; i < count; i++) {
				const canvas = document.createElement('canvas');
				canvas.width = canvas.height = 64;
				const ctx = canvas.getContext('2d')!;
				ctx.fillStyle = '#fff';
				ctx.fillRect(0, 0, 64, 64);
				ctx.strokeStyle = ctx.fillStyle = '#111';
				ctx.lineWidth = 6;
				if (kind === 'ring') {
					ctx.beginPath();
					ctx.arc(32 + rand() * 8 - 4, 32 + rand() * 8 - 4, 16 + rand() * 6, 0, Math.PI * 2);
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
	return urls.map((url, i) => ({ name: `${kind}-${i + 1}.png`, mimeType: 'image/png', buffer: Buffer.from(url.split(',')[1]!, 'base64') }));
}
