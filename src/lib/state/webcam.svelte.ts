/** The camera: which one, its live stream, and frames grabbed from it as JPEG blobs. */
export class WebcamState {
	stream = $state<MediaStream | null>(null);
	cameras = $state<MediaDeviceInfo[]>([]);
	deviceId = $state<string | null>(null);
	/** A phone photographs what is in front of it (the rear camera); a laptop films its user. */
	facing = $state<'user' | 'environment'>(typeof matchMedia !== 'undefined' && matchMedia('(pointer: coarse)').matches ? 'environment' : 'user');
	error = $state<string | null>(null);

	async start(): Promise<void> {
		this.stop();
		this.error = null;
		try {
			const video: MediaTrackConstraints = this.deviceId ? { deviceId: { exact: this.deviceId } } : { facingMode: this.facing };
			this.stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
			this.cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
		} catch (error) {
			const name = (error as { name?: string }).name;
			this.error =
				name === 'NotAllowedError'
					? 'Camera access was refused. Allow the camera for this site in the browser’s settings, or add images from files.'
					: name === 'NotFoundError'
						? 'No camera was found on this device.'
						: `The camera could not start (${name ?? 'unknown error'}).`;
		}
	}

	async use(deviceId: string): Promise<void> {
		this.deviceId = deviceId;
		await this.start();
	}

	/** Phones: swap between the front and the rear camera. */
	async flip(): Promise<void> {
		this.facing = this.facing === 'user' ? 'environment' : 'user';
		this.deviceId = null;
		await this.start();
	}

	/** The video's current frame as a JPEG. */
	async grab(video: HTMLVideoElement): Promise<Blob> {
		const canvas = new OffscreenCanvas(video.videoWidth || 640, video.videoHeight || 480);
		canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
		return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
	}

	stop(): void {
		for (const track of this.stream?.getTracks() ?? []) track.stop();
		this.stream = null;
	}
}
