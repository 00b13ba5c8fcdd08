// import: in the production build, how fast images come in through the app's own import (the file
// picker, the intake worker, IndexedDB), from the files given to the moment the page shows them all:
// --n small PNGs (28x28, 5,000 by default), then --photos photo-sized JPEGs (4000x3000, 20).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newProjectOn } from './app.mjs';
import { heapsMb } from './seed.mjs';

/** Files drawn in the page: `count` pictures of `width` x `height`, as `type`. */
async function drawFiles(page, folder, count, width, height, type) {
	const paths = [];
	for (let from = 0; from < count; from += 250) {
		const encoded = await page.evaluate(
			async ({ from, to, width, height, type }) => {
				const out = [];
				for (let i = from; i < to; i++) {
					const canvas = new OffscreenCanvas(width, height);
					const ctx = canvas.getContext('2d');
					const gradient = ctx.createLinearGradient(0, 0, width, height);
					gradient.addColorStop(0, `hsl(${(i * 37) % 360} 60% 70%)`);
					gradient.addColorStop(1, `hsl(${(i * 91) % 360} 50% 30%)`);
					ctx.fillStyle = gradient;
					ctx.fillRect(0, 0, width, height);
					ctx.strokeStyle = '#111';
					ctx.lineWidth = Math.max(2, width / 12);
					ctx.beginPath();
					ctx.arc(width / 2 + (i % 5), height / 2, Math.min(width, height) / 3, 0, Math.PI * 2);
					ctx.stroke();
					const bytes = new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.9 })).arrayBuffer());
					let binary = '';
					for (let b = 0; b < bytes.length; b += 0x8000) binary += String.fromCharCode(...bytes.subarray(b, b + 0x8000));
					out.push(btoa(binary));
				}
				return out;
			},
			{ from, to: Math.min(count, from + 250), width, height, type }
		);
		for (const [i, data] of encoded.entries()) {
			const path = join(folder, `${type === 'image/png' ? 'small' : 'photo'}-${from + i + 1}.${type === 'image/png' ? 'png' : 'jpg'}`);
			writeFileSync(path, Buffer.from(data, 'base64'));
			paths.push(path);
		}
	}
	return paths;
}

/** Imports the files as a user picks them, and times it until the page shows `total` samples and the import is done. */
async function timedImport(page, paths, total) {
	const started = Date.now();
	await page.getByTestId('sample-upload').setInputFiles(paths);
	await page.getByText(`0 of ${total.toLocaleString('en')} labelled`).waitFor({ timeout: 900_000 });
	await page.getByTestId('import-progress').waitFor({ state: 'detached', timeout: 900_000 });
	return (Date.now() - started) / 1000;
}

export async function importBench({ onDisk, origin, options }) {
	const n = Number(options.n ?? 5000);
	const photos = Number(options.photos ?? 20);
	const backend = options.backends ?? 'wasm';
	const folder = mkdtempSync(join(tmpdir(), 'attune-bench-import-'));
	const context = await onDisk();
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		const unavailable = await newProjectOn(page, origin, backend, 'Import', ['ring', 'bars']);
		if (unavailable) return [{ bench: 'import', backend, available: false, reason: unavailable }];
		process.stderr.write(`import: drawing ${n} small PNGs and ${photos} photos…\n`);
		const small = await drawFiles(page, folder, n, 28, 28, 'image/png');
		const big = await drawFiles(page, folder, photos, 4000, 3000, 'image/jpeg');
		process.stderr.write('import: importing the small ones…\n');
		const smallSeconds = await timedImport(page, small, n);
		process.stderr.write('import: importing the photos…\n');
		const photoSeconds = await timedImport(page, big, n + photos);
		const round = (v) => Math.round(v * 10) / 10;
		return [{
			bench: 'import', backend,
			small_images: n, small_s: round(smallSeconds), small_images_per_s: round(n / smallSeconds),
			photos, photo_size: '4000x3000', photos_s: round(photoSeconds), photos_per_s: round(photos / photoSeconds),
			...(await heapsMb(page))
		}];
	} finally {
		await context.close();
	}
}
