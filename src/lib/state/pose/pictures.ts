/**
 * The picture a pose sample keeps: the frame itself when the project keeps photos, else a heavily
 * blurred copy, in which the posture's outline shows and no face or room can be recognised. The
 * keypoints are the sample; the picture is only for the human's eye.
 */
export const PHOTO_SIDE = 480;
export const THUMB_SIDE = 144;
/** The blurred copy is drawn this small first, then enlarged: nothing finer than this survives. */
const BLUR_SIDE = 12;

export type FrameSource = HTMLCanvasElement | HTMLVideoElement | HTMLImageElement | ImageBitmap;

function sizeOf(frame: FrameSource): [number, number] {
	if (frame instanceof HTMLVideoElement) return [frame.videoWidth, frame.videoHeight];
	if (frame instanceof HTMLImageElement) return [frame.naturalWidth, frame.naturalHeight];
	return [frame.width, frame.height];
}

function scaled(frame: FrameSource, side: number): OffscreenCanvas {
	const [w, h] = sizeOf(frame);
	const scale = Math.min(1, side / Math.max(w, h));
	const canvas = new OffscreenCanvas(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale)));
	canvas.getContext('2d')!.drawImage(frame, 0, 0, canvas.width, canvas.height);
	return canvas;
}

/** The frame blurred past recognition, at thumbnail size. */
async function blurred(frame: FrameSource): Promise<Blob> {
	const tiny = scaled(frame, BLUR_SIDE);
	const [w, h] = sizeOf(frame);
	const scale = THUMB_SIDE / Math.max(w, h);
	const out = new OffscreenCanvas(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale)));
	const ctx = out.getContext('2d')!;
	ctx.filter = 'blur(6px)';
	ctx.imageSmoothingQuality = 'high';
	ctx.drawImage(tiny, -8, -8, out.width + 16, out.height + 16);
	return out.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}

/** The sample's picture (and thumbnail): the frame, or its blurred copy when photos are not kept. */
export async function posePicture(frame: FrameSource, keepPhotos: boolean): Promise<{ blob: Blob; thumbnail?: Blob }> {
	if (!keepPhotos) return { blob: await blurred(frame) };
	const [blob, thumbnail] = await Promise.all([scaled(frame, PHOTO_SIDE).convertToBlob({ type: 'image/jpeg', quality: 0.85 }), scaled(frame, THUMB_SIDE).convertToBlob({ type: 'image/jpeg', quality: 0.8 })]);
	return { blob, thumbnail };
}

export function aspectOf(frame: FrameSource): number {
	const [w, h] = sizeOf(frame);
	return w / Math.max(1, h);
}
