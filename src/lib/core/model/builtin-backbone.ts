import type { BackboneSpec } from '../types';

/** Where the app serves its built-in backbone (static/models/…, precached by the service worker). */
export const BUILTIN_BACKBONE_URL = '/models/mobilenet-v2-0.35-224/model.json';

/**
 * The pretrained picture backbone built into the app: Google's MobileNetV2 (width 0.35, 224×224,
 * ImageNet weights, Apache-2.0; static/models/mobilenet-v2-0.35-224/README.md), cut at the global
 * average pool of its last feature map. A picture project learns a small head on its 1,280
 * features, so it learns photos from the first few labels, as Teachable Machine does.
 */
export const BUILTIN_BACKBONE: BackboneSpec = {
	id: 'builtin:mobilenet-v2-0.35-224',
	name: 'MobileNetV2',
	format: 'layers',
	source: 'builtin',
	url: BUILTIN_BACKBONE_URL,
	inputSize: [224, 224],
	channels: 3,
	pixelRange: '-1..1',
	width: 1280,
	bytes: 90_664 + 1_640_832,
	createdAt: 0
};

export function isBuiltinBackbone(id: string | null | undefined): boolean {
	return id === BUILTIN_BACKBONE.id;
}
