import { test, expect, open } from './fixtures';
import { card, newProjectWithClasses, saliencyInk } from './teach-helpers';
import { makeImages, oversizedPng } from './images';
import type { Page } from '@playwright/test';
import { crc32 } from 'node:zlib';

test.describe('teaching an image model', () => {
	test('suggests with confidence and saliency, learns from a correction, and keeps everything after a reload', async ({ page }) => {
		await newProjectWithClasses(page, 'Shapes', ['ring', 'bars']);
		const images = [...(await makeImages(page, 'ring', 4)), ...(await makeImages(page, 'bars', 4, 7))];
		await page.getByTestId('sample-upload').setInputFiles(images);

		await expect(page.getByTestId('suggestion')).toHaveCount(8);
		for (const image of images) {
			await expect(card(page, image.name).getByTestId('suggestion-confidence')).toHaveText(/^\d{1,3}%$/);
			await expect(card(page, image.name).getByTestId('saliency')).toHaveAttribute('data-ready', 'yes');
			expect(await saliencyInk(page, image.name)).toBeGreaterThan(0);
		}

		// Teach: label one of each, then correct a sample to the other class until the model agrees.
		const version = async () => Number(await page.getByTestId('model-version').textContent());
		await card(page, 'ring-1.png').click();
		await page.getByTestId('correct-ring').click();
		await expect.poll(version).toBe(1);
		await card(page, 'bars-1.png').click();
		await page.getByTestId('correct-bars').click();
		await expect.poll(version).toBe(2);
		const target = card(page, 'bars-2.png');
		const acts: [string, string][] = [['bars-2.png', 'bars'], ['ring-2.png', 'ring'], ['bars-3.png', 'bars'], ['ring-3.png', 'ring']];
		for (const [i, [name, cls]] of acts.entries()) {
			await card(page, name).click();
			await page.getByTestId(`correct-${cls}`).click();
			await expect.poll(version).toBe(3 + i);
		}
		await expect(target.getByTestId('suggestion-label')).toHaveText('bars');
		const learned = await version();

		await page.reload();

		await expect(page.getByTestId('suggestion')).toHaveCount(8);
		await expect(card(page, 'ring-1.png').getByTestId('human-label')).toHaveText('Labelled ring');
		await expect(card(page, 'bars-2.png').getByTestId('human-label')).toHaveText('Labelled bars');
		await expect(page.getByTestId('model-version')).toHaveText(String(learned));
		await expect(page.getByTestId('class-chip')).toHaveCount(2);
	});

	test('a keyboard-only pass labels ten samples, and Backspace undoes', async ({ page }) => {
		await newProjectWithClasses(page, 'Keys', ['ring', 'bars']);
		const images = [...(await makeImages(page, 'ring', 5)), ...(await makeImages(page, 'bars', 5, 3))];
		await page.getByTestId('sample-upload').setInputFiles(images);
		await expect(page.getByTestId('suggestion')).toHaveCount(10);
		await expect(page.getByTestId('focus').getByTestId('suggestion-label')).toBeVisible();

		for (let i = 0; i < 10; i++) {
			const name = await page.getByTestId('focus').locator('figcaption').first().textContent();
			await page.keyboard.press(name!.startsWith('ring') ? '1' : '2');
			await expect(page.getByTestId('suggestion').getByText(/^Unlabelled$/)).toHaveCount(9 - i);
		}
		await expect(page.getByTestId('human-label').filter({ hasText: 'Labelled ring' })).toHaveCount(5);
		await expect(page.getByTestId('human-label').filter({ hasText: 'Labelled bars' })).toHaveCount(5);

		await page.keyboard.press('Backspace');
		await expect(page.getByTestId('suggestion').getByText(/^Unlabelled$/)).toHaveCount(1);
	});

	test('the drawing canvas adds a sample', async ({ page }) => {
		await newProjectWithClasses(page, 'Sketches', ['a', 'b']);
		await page.getByTestId('sample-draw').click();
		const canvas = page.getByTestId('draw-canvas');
		const box = (await canvas.boundingBox())!;
		await page.mouse.move(box.x + 40, box.y + 40);
		await page.mouse.down();
		await page.mouse.move(box.x + 200, box.y + 200, { steps: 10 });
		await page.mouse.up();
		await page.getByTestId('draw-save').click();

		await expect(page.getByTestId('suggestion')).toHaveCount(1);
		await expect(page.getByTestId('suggestion').getByTestId('suggestion-confidence')).toHaveText(/%$/);
	});

	test('a folder of class folders arrives labelled', async ({ page }) => {
		await open(page);
		await page.getByTestId('project-name').fill('Folder');
		await page.getByTestId('project-new').click();
		const rings = await makeImages(page, 'ring', 3);
		const bars = await makeImages(page, 'bars', 2);
		const dir = test.info().outputPath('pets');
		const { mkdirSync, writeFileSync } = await import('node:fs');
		for (const [cls, imgs] of [['ring', rings], ['bars', bars]] as const) {
			mkdirSync(`${dir}/${cls}`, { recursive: true });
			for (const img of imgs) writeFileSync(`${dir}/${cls}/${img.name}`, img.buffer);
		}
		writeFileSync(`${dir}/.DS_Store`, 'junk');

		await page.getByTestId('folder-upload').setInputFiles(dir);

		await expect(page.getByTestId('suggestion')).toHaveCount(5);
		await expect(page.getByTestId('class-chip')).toHaveText([/ring/, /bars/]);
		await expect(page.getByTestId('human-label').filter({ hasText: 'Labelled ring' })).toHaveCount(3);
		await expect(page.getByTestId('human-label').filter({ hasText: 'Labelled bars' })).toHaveCount(2);
	});

	test('bad files each get a message naming them; the good ones still import', async ({ page }) => {
		await newProjectWithClasses(page, 'Bad input', ['a', 'b']);
		const [good] = await makeImages(page, 'ring', 1);
		const { writeFileSync } = await import('node:fs');
		const files = {
			'good.png': good!.buffer,
			'notes.txt': Buffer.from('not an image at all'),
			'empty.png': Buffer.alloc(0),
			'truncated.png': good!.buffer.subarray(0, 60),
			'huge.png': Buffer.concat([good!.buffer, Buffer.alloc(50 * 1024 * 1024)]),
			'giant.png': oversizedPng(30_000, 30_000),
			'renamed.png': Buffer.from('a text file given a picture’s name')
		};
		const paths = Object.entries(files).map(([name, bytes]) => {
			const path = test.info().outputPath(name);
			writeFileSync(path, bytes);
			return path;
		});

		await page.getByTestId('sample-upload').setInputFiles(paths);

		const error = page.getByTestId('error');
		await expect(error).toContainText('6 of 7 files were not imported');
		for (const name of ['notes.txt', 'empty.png', 'truncated.png', 'huge.png', 'giant.png', 'renamed.png']) await expect(error).toContainText(name);
		await expect(error).toContainText('“giant.png” is 30,000 × 30,000 pixels (900 megapixels), more than the 50 megapixels');
		await expect(error).toContainText('“renamed.png” is named as a PNG image but holds something else');
		await expect(error).toContainText('“empty.png” is empty (0 bytes)');
		await expect(page.getByTestId('suggestion')).toHaveCount(1);
		await page.reload();
		await expect(page.getByTestId('suggestion')).toHaveCount(1);
	});

	test('an image too large to decode is refused by its size, before decoding, and nothing is stored', async ({ page }) => {
		await newProjectWithClasses(page, 'Giant', ['a', 'b']);

		await page.getByTestId('sample-upload').setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: oversizedPng(30_000, 30_000) });

		await expect(page.getByTestId('error')).toContainText('“scan.png” is 30,000 × 30,000 pixels (900 megapixels)');
		await expect(page.getByTestId('error')).not.toContainText('corrupt');
		await expect(page.getByText('0 of 0 labelled')).toBeVisible();
		await page.reload();
		await expect(page.getByText('0 of 0 labelled')).toBeVisible();
		await expect(page.getByTestId('suggestion')).toHaveCount(0);
	});
});

test.describe('the digits demo', () => {
	test('one click gives 300 unlabelled digits with suggestions, and a few keys teach it', async ({ page }) => {
		await open(page);
		await page.getByTestId('demo-digits').click();

		await expect(page.getByTestId('project-title')).toHaveText('Teach it digits');
		await expect(page.getByTestId('class-chip')).toHaveCount(10);
		await expect(page.getByText('0 of 300 labelled')).toBeVisible();
		await expect(page.getByTestId('focus').getByTestId('suggestion-confidence')).toHaveText(/%$/);
		// Long lists are virtualised: only the cards in view are in the page.
		expect(await page.getByTestId('suggestion').count()).toBeLessThan(60);

		for (let i = 0; i < 3; i++) {
			await page.keyboard.press(String(i + 1));
			await expect(page.getByTestId('model-version')).toHaveText(String(i + 1));
		}
		await expect(page.getByText('3 of 300 labelled')).toBeVisible();
	});
});

test.describe('the webcam', () => {
	test('a click takes one photo and holding records a burst', async ({ page }) => {
		await newProjectWithClasses(page, 'Camera', ['a', 'b']);
		await page.getByTestId('webcam-open').click();
		await expect(page.getByTestId('webcam-video')).toBeVisible();
		await expect.poll(() => page.getByTestId('webcam-video').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
		const shutter = page.getByTestId('webcam-capture');

		await shutter.click();
		await expect(page.getByTestId('suggestion')).toHaveCount(1);

		await shutter.hover();
		await page.mouse.down();
		await page.waitForTimeout(1200);
		await page.mouse.up();
		await expect.poll(() => page.getByTestId('suggestion').count()).toBeGreaterThan(3);
	});
});

test.describe('live mode', () => {
	test('classifies the camera continuously with its explanation, and g keeps the frame', async ({ page }) => {
		await newProjectWithClasses(page, 'Live', ['a', 'b']);
		await page.getByTestId('webcam-open').click();
		await expect.poll(() => page.getByTestId('webcam-video').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);

		await page.getByTestId('webcam-live').click();

		const live = page.getByTestId('live');
		await expect(live.getByTestId('suggestion-confidence')).toHaveText(/^\d{1,3}%$/);
		await expect(live.getByTestId('saliency')).toHaveAttribute('data-ready', 'yes');
		await expect.poll(async () => Number((await live.getByTestId('live-fps').textContent())!.split(' ')[0])).toBeGreaterThan(1);
		await page.locator('body').press('g');
		await expect(page.getByTestId('suggestion')).toHaveCount(1);
		await page.getByTestId('webcam-live').click();
		await expect(live).toBeHidden();
	});
});

test.describe('more ways in', () => {
	/** Hands `images` to the page as File objects, for paste and drop events. */
	async function dispatchWithFiles(page: Page, type: 'paste' | 'drop', images: { name: string; buffer: Buffer }[]) {
		await page.evaluate(
			({ type, files }) => {
				const transfer = new DataTransfer();
				for (const f of files) transfer.items.add(new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name, { type: 'image/png' }));
				const target = type === 'paste' ? document.body : document.querySelector('.intake')!;
				const event =
					type === 'paste'
						? new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true })
						: new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true });
				target.dispatchEvent(event);
			},
			{ type, files: images.map((i) => ({ name: i.name, data: i.buffer.toString('base64') })) }
		);
	}

	test('pasted and dropped images are added', async ({ page }) => {
		await newProjectWithClasses(page, 'Paste and drop', ['a', 'b']);

		await dispatchWithFiles(page, 'paste', await makeImages(page, 'ring', 2));
		await expect(page.getByTestId('suggestion')).toHaveCount(2);
		await dispatchWithFiles(page, 'drop', await makeImages(page, 'bars', 3));

		await expect(page.getByTestId('suggestion')).toHaveCount(5);
	});

	test('a large import shows progress and can be cancelled, keeping what was done', async ({ page }) => {
		await newProjectWithClasses(page, 'Large', ['a', 'b']);
		const images = await makeImages(page, 'ring', 300);

		await page.getByTestId('sample-upload').setInputFiles(images);
		await expect(page.getByTestId('import-progress')).toBeVisible();
		await page.getByTestId('import-cancel').click();

		await expect(page.getByTestId('import-progress')).toBeHidden();
		const kept = Number((await page.getByText(/of \d+ labelled/).textContent())!.match(/of (\d+)/)![1]);
		expect(kept).toBeLessThan(300);
		await page.reload();
		await expect(page.getByText(`0 of ${kept} labelled`)).toBeVisible();
	});
});

/** Every byte of the first sample's pictures as IndexedDB holds them (inside the record when small, else a Blob), as Latin-1 text. */
function storedPictures(page: Page): Promise<string> {
	return page.evaluate(
		() =>
			new Promise<string>((resolve) => {
				const open = indexedDB.open('attune');
				open.onsuccess = () => {
					const read = open.result.transaction('samples').objectStore('samples').getAll();
					read.onsuccess = async () => {
						type Picture = Blob | { bytes: Uint8Array } | undefined;
						const [sample] = read.result as { blob?: Blob; thumbnail?: Blob; image?: { bytes: Uint8Array }; thumb?: { bytes: Uint8Array } }[];
						const pictures: Picture[] = [sample!.image ?? sample!.blob, sample!.thumb ?? sample!.thumbnail];
						const text = (p: Picture) => (p instanceof Blob ? p.arrayBuffer().then((b) => new TextDecoder('latin1').decode(b)) : new TextDecoder('latin1').decode(p?.bytes ?? new Uint8Array()));
						resolve((await Promise.all(pictures.map(text))).join(''));
					};
				};
			})
	);
}

test.describe('privacy of imported photos', () => {
	test('a photo’s EXIF metadata, GPS included, is not stored', async ({ page }) => {
		await newProjectWithClasses(page, 'Holiday', ['a', 'b']);
		const jpeg = await page.evaluate(async () => {
			const canvas = new OffscreenCanvas(64, 48);
			const ctx = canvas.getContext('2d')!;
			ctx.fillStyle = '#3a7';
			ctx.fillRect(0, 0, 64, 48);
			return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer()));
		});
		// An APP1 "Exif" segment right after the JPEG's start marker, carrying a GPS position.
		const payload = Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from('GPSLatitude=51.5074N;GPSLongitude=0.1278W')]);
		const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
		const photo = Buffer.concat([Buffer.from(jpeg.slice(0, 2)), app1, Buffer.from(jpeg.slice(2))]);
		expect(photo.includes('GPSLatitude')).toBe(true);

		await page.getByTestId('sample-upload').setInputFiles([{ name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: photo }]);
		await expect(page.getByTestId('suggestion')).toHaveCount(1);

		const stored = await storedPictures(page);
		expect(stored.length).toBeGreaterThan(100);
		expect(stored).not.toContain('GPSLatitude');
		expect(stored).not.toContain('Exif');
	});

	test('a PNG’s text chunks are not stored, and the picture shows as it was', async ({ page }) => {
		await newProjectWithClasses(page, 'Sketches', ['a', 'b']);
		const drawn = Buffer.from(await page.evaluate(async () => {
			const canvas = new OffscreenCanvas(40, 30);
			const ctx = canvas.getContext('2d')!;
			ctx.fillStyle = '#c33';
			ctx.fillRect(0, 0, 20, 30);
			return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer()));
		}));
		// A tEXt chunk, with its CRC, right after the 33 bytes of signature and header.
		const body = Buffer.concat([Buffer.from('tEXt'), Buffer.from('Comment\0GPSLatitude=51.5074N')]);
		const text = Buffer.concat([Buffer.from([0, 0, 0, body.length - 4]), body, Buffer.alloc(4)]);
		text.writeUInt32BE(crc32(body), text.length - 4);
		const sketch = Buffer.concat([drawn.subarray(0, 33), text, drawn.subarray(33)]);

		await page.getByTestId('sample-upload').setInputFiles([{ name: 'sketch.png', mimeType: 'image/png', buffer: sketch }]);
		await expect(page.getByTestId('suggestion')).toHaveCount(1);

		const stored = await storedPictures(page);
		expect(stored).toContain('IDAT');
		expect(stored).not.toContain('GPSLatitude');
		const shown = await page.getByTestId('suggestion').locator('img').first().evaluate(async (img: HTMLImageElement) => {
			await img.decode();
			const ctx = new OffscreenCanvas(img.naturalWidth, img.naturalHeight).getContext('2d')!;
			ctx.drawImage(img, 0, 0);
			return { size: [img.naturalWidth, img.naturalHeight], left: Array.from(ctx.getImageData(5, 5, 1, 1).data), right: Array.from(ctx.getImageData(30, 5, 1, 1).data) };
		});
		expect(shown).toEqual({ size: [40, 30], left: [0xcc, 0x33, 0x33, 255], right: [0, 0, 0, 0] });
	});
});

test.describe('managing classes', () => {
	test('rename and recolour a class; deleting one sends its samples back to unlabelled', async ({ page }) => {
		await newProjectWithClasses(page, 'Classes', ['ring', 'bars']);
		await page.getByTestId('sample-upload').setInputFiles([...(await makeImages(page, 'ring', 2)), ...(await makeImages(page, 'bars', 2, 3))]);
		await expect(page.getByTestId('suggestion')).toHaveCount(4);
		await card(page, 'ring-1.png').click();
		await page.getByTestId('correct-ring').click();
		await expect(card(page, 'ring-1.png').getByTestId('human-label')).toHaveText('Labelled ring');

		await page.getByText('Rename or delete a class').click();
		await page.getByRole('button', { name: 'Rename' }).first().click();
		await page.getByRole('textbox', { name: 'New name for ring' }).fill('circle');
		await page.getByRole('textbox', { name: 'New name for ring' }).press('Enter');
		await expect(card(page, 'ring-1.png').getByTestId('human-label')).toHaveText('Labelled circle');
		await expect(page.getByTestId('correct-circle')).toBeVisible();

		await page.getByLabel('Colour of circle').fill('#00aa00');
		await expect(page.getByTestId('correct-circle')).toHaveCSS('border-color', 'rgb(0, 170, 0)');

		page.once('dialog', (dialog) => dialog.accept());
		await page.getByRole('button', { name: 'Delete' }).first().click();
		await expect(page.getByTestId('class-chip')).toHaveCount(1);
		await expect(card(page, 'ring-1.png').getByTestId('human-label')).toHaveText('Unlabelled');
		await page.reload();
		await expect(page.getByTestId('class-chip')).toHaveText([/bars/]);
		await expect(card(page, 'ring-1.png').getByTestId('human-label')).toHaveText('Unlabelled');
	});
});
