import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectSession, type SessionBackbone } from '$lib/core/session/project-session';
import type { SessionSample } from '$lib/core/session/types';
import { counting, stripes, tinyBackbone as backbone } from '../../helpers/tiny-backbone';
import { change, disposeAfterEach } from '../../helpers/sessions';
import { featureStore } from '$lib/storage/features';
import { useFreshDb } from '../../helpers/fresh-db';

function samples(): SessionSample[] {
	return [0, 1, 2, 3, 4, 5].flatMap((phase) => [
		{ id: `h${phase}`, input: new Uint8Array(32 * 32), blob: stripes('h', phase) },
		{ id: `v${phase}`, input: new Uint8Array(32 * 32), blob: stripes('v', phase) }
	]);
}

async function teach(sut: ProjectSession, ids: string[]): Promise<void> {
	for (const id of ids) {
		await change(sut, id, { classId: id.startsWith('h') ? 'across' : 'down' });
		await sut.trainer.quickStep(id);
		await sut.trainer.refine([id], () => false);
		await sut.trainer.practise(() => false); // the idle steps after an act: they solve the linear head
	}
}

const keep = disposeAfterEach();
const open = async (backbone?: SessionBackbone, model?: Parameters<typeof ProjectSession.open>[0]['model']) =>
	keep(await ProjectSession.open({ classIds: ['across', 'down'], samples: samples(), backbone, model }));

describe('ProjectSession on an imported extractor', () => {
	useFreshDb();
	beforeAll(async () => {
		await tf.setBackend('cpu');
	});

	it('learns a head on cached features: two labels of each class sort the rest', async () => {
		const { decode, calls } = counting();
		const sut = await open(await backbone(decode));

		await teach(sut, ['h0', 'v0', 'h1', 'v1', 'h0', 'v0']);
		const suggestions = await sut.scorer.suggest();

		const wrong = suggestions.filter((s) => s.ranked[0]!.classId !== (s.sampleId.startsWith('h') ? 'across' : 'down'));
		expect(suggestions).toHaveLength(12);
		expect(wrong.map((s) => s.sampleId)).toEqual([]);
		expect(calls()).toBe(12); // each image went through the extractor once, however many updates
	});

	it('keeps the features it computed in the database: reopening the project decodes nothing again', async () => {
		const [first, second] = [counting(), counting()];
		const store = featureStore('edges', 'p1');
		const [before] = await (await open({ ...(await backbone(first.decode)), store })).scorer.scoresOf(['v2']);

		const reopened = await open({ ...(await backbone(second.decode)), store });
		const [after] = await reopened.scorer.scoresOf(['v2']);

		expect(first.calls()).toBe(12);
		expect(second.calls()).toBe(0);
		expect(Array.from(after!.embedding)).toEqual(Array.from(before!.embedding));
	});

	it('explains through the extractor to the pixels, on the usual 32x32 grid', async () => {
		const sut = await open(await backbone(counting().decode));
		await teach(sut, ['h0', 'v0']);

		const map = await sut.explanations.explain('v3', 'vanilla-gradient');

		expect(map).toHaveLength(32 * 32);
		expect(Math.max(...map!)).toBeCloseTo(1);
	});

	it('classifies a live frame that is not a sample', async () => {
		const sut = await open(await backbone(counting().decode));
		await teach(sut, ['h0', 'v0', 'h1', 'v1']);

		const live = await sut.explanations.classify(new Uint8Array(32 * 32), false, stripes('v', 2) as unknown as ImageBitmap);

		expect(live?.ranked[0]?.classId).toBe('down');
	});

	it('reopens its saved head only on the same extractor', async () => {
		const source = await backbone(counting().decode);
		const first = await open(source);
		await teach(first, ['h0', 'v0']);
		const saved = { artifacts: await first.lineage.save(), version: first.version, classIds: [...first.context.classIds], backboneId: first.context.backboneId };
		const [before] = await first.scorer.scoresOf(['h4']);

		const same = await open(source, saved);
		const cnn = await open(undefined, saved);

		expect(same.version).toBe(2);
		expect([...(await same.scorer.scoresOf(['h4']))[0]!.raw]).toEqual([...before!.raw]); // the same weights
		expect(cnn.version).toBe(0); // a head does not fit the CNN: it starts afresh
	});

	it('scores a sample once per weights: suggestions and ranking share it, and an update renews it', async () => {
		const sut = await open(await backbone(counting().decode));
		const [suggested] = await sut.scorer.suggest(['h3']);
		const [first] = await sut.scorer.scoresOf(['h3']);

		await teach(sut, ['h0']);
		const [after] = await sut.scorer.scoresOf(['h3']);

		expect(Math.max(...first!.probs)).toBeCloseTo(suggested!.ranked[0]!.p, 6);
		expect(first!.embedding).toHaveLength(8); // the extractor's features
		expect(Array.from(after!.probs)).not.toEqual(Array.from(first!.probs));
	});

	it('leaks no tensor over many updates, and frees the extractor when closed', async () => {
		const before = tf.memory().numTensors;
		const sut = await ProjectSession.open({ classIds: ['across', 'down'], samples: samples(), backbone: await backbone(counting().decode) });
		await teach(sut, ['h0', 'v0']);
		const settled = tf.memory().numTensors;

		await teach(sut, ['h1', 'v1', 'h2', 'v2', 'h3', 'v3', 'h4', 'v4']);
		await sut.scorer.suggest();
		await sut.explanations.explain('h5', 'smoothgrad');
		await sut.scorer.neighbours('h5', 3);

		expect(tf.memory().numTensors).toBe(settled);
		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});
