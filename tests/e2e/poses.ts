import type { Page } from '@playwright/test';
import { seededRandom } from '../../src/lib/core/random';
import { POINT_FIELDS } from '../../src/lib/core/pose/joints';
import { synthPose, type Posture } from '../../src/lib/core/pose/synth';

/** The frame the figures are drawn in: portrait, as a phone holds it. */
export const FIGURE_SIZE = { width: 480, height: 640 };

/** A body in `posture` (core/pose/synth.ts), placed whole in the frame: its joints in pixels. */
export function figureJoints(posture: Posture, seed: number): [number, number][] {
	const { width, height } = FIGURE_SIZE;
	const frame = synthPose(posture, seededRandom(seed), { noise: 0.02, spread: 6, aspect: width / height, torso: 0.2, centre: [0.5, 0.56] });
	return Array.from({ length: frame.points.length / POINT_FIELDS }, (_, j) => [frame.points[j * POINT_FIELDS]! * width, frame.points[j * POINT_FIELDS + 1]! * height]);
}

/**
 * Draws a person (clothes, skin, a face) over the joints of `figureJoints`, on a page's canvas; the
 * landmark model finds a body in it. Returns the frame's RGBA pixels, or a PNG.
 */
export async function drawFigure(page: Page, posture: Posture, seed: number, as: 'png' | 'rgba' = 'png'): Promise<Buffer> {
	const joints = figureJoints(posture, seed);
	const bytes = await page.evaluate(
		async ({ joints, size, as }) => {
			const canvas = new OffscreenCanvas(size.width, size.height);
			const g = canvas.getContext('2d')!;
			const torso = Math.hypot((joints[11]![0] + joints[12]![0]) / 2 - (joints[23]![0] + joints[24]![0]) / 2, (joints[11]![1] + joints[12]![1]) / 2 - (joints[23]![1] + joints[24]![1]) / 2);
			g.fillStyle = '#dfe3ea';
			g.fillRect(0, 0, size.width, size.height);
			g.lineCap = 'round';
			const limb = (a: number, b: number, width: number, colour: string) => {
				g.strokeStyle = colour;
				g.lineWidth = width * torso;
				g.beginPath();
				g.moveTo(...joints[a]!);
				g.lineTo(...joints[b]!);
				g.stroke();
			};
			const [shirt, skin, trousers] = ['#2f4a7a', '#e2b48f', '#27303f'];
			limb(23, 25, 0.32, trousers);
			limb(25, 27, 0.27, trousers);
			limb(24, 26, 0.32, trousers);
			limb(26, 28, 0.27, trousers);
			g.fillStyle = trousers;
			g.beginPath();
			for (const j of [11, 12, 24, 23]) g.lineTo(...joints[j]!);
			g.fill();
			g.fillStyle = shirt;
			g.beginPath();
			for (const j of [11, 12, 24, 23]) g.lineTo(joints[j]![0], joints[j]![1] - (j > 20 ? 0.15 * torso : 0));
			g.fill();
			limb(11, 12, 0.3, shirt);
			limb(11, 13, 0.24, shirt);
			limb(12, 14, 0.24, shirt);
			limb(13, 15, 0.18, skin);
			limb(14, 16, 0.18, skin);
			for (const j of [19, 20]) {
				g.fillStyle = skin;
				g.beginPath();
				g.arc(...joints[j]!, 0.1 * torso, 0, Math.PI * 2);
				g.fill();
			}
			// The neck and the head, with a face: the landmark model's detector looks for a face first.
			const [nx, ny] = joints[0]!;
			limb(0, 0, 0, skin);
			g.fillStyle = skin;
			g.fillRect(nx - 0.08 * torso, ny, 0.16 * torso, 0.3 * torso);
			g.beginPath();
			g.ellipse(nx, ny - 0.05 * torso, 0.2 * torso, 0.26 * torso, 0, 0, Math.PI * 2);
			g.fill();
			g.fillStyle = '#4a2f1d';
			g.beginPath();
			g.ellipse(nx, ny - 0.25 * torso, 0.21 * torso, 0.1 * torso, 0, 0, Math.PI * 2);
			g.fill();
			g.fillStyle = '#1b1b1b';
			for (const j of [2, 5]) {
				g.beginPath();
				g.arc(joints[j]![0], joints[j]![1] + 0.02 * torso, 0.03 * torso, 0, Math.PI * 2);
				g.fill();
			}
			g.strokeStyle = '#9a3b3b';
			g.lineWidth = 0.025 * torso;
			g.beginPath();
			g.moveTo(...joints[9]!);
			g.lineTo(...joints[10]!);
			g.stroke();
			if (as === 'rgba') return [...g.getImageData(0, 0, size.width, size.height).data];
			return [...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())];
		},
		{ joints, size: FIGURE_SIZE, as }
	);
	return Buffer.from(bytes);
}

/**
 * A Y4M video (Chromium's fake camera plays it in a loop) of `frames` RGBA frames, FIGURE_SIZE each,
 * at `fps`: BT.601 colours, 4:2:0.
 */
export function y4m(frames: readonly Buffer[], fps = 10): Buffer {
	const { width, height } = FIGURE_SIZE;
	const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
	for (const rgba of frames) {
		const y = Buffer.alloc(width * height);
		const [u, v] = [Buffer.alloc((width / 2) * (height / 2)), Buffer.alloc((width / 2) * (height / 2))];
		for (let row = 0; row < height; row++) {
			for (let col = 0; col < width; col++) {
				const at = (row * width + col) * 4;
				const [r, g, b] = [rgba[at]!, rgba[at + 1]!, rgba[at + 2]!];
				y[row * width + col] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
				if (row % 2 === 0 && col % 2 === 0) {
					const c = (row / 2) * (width / 2) + col / 2;
					u[c] = Math.max(0, Math.min(255, Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)));
					v[c] = Math.max(0, Math.min(255, Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)));
				}
			}
		}
		parts.push(Buffer.from('FRAME\n'), y, u, v);
	}
	return Buffer.concat(parts);
}
