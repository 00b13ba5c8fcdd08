import { describe, expect, it } from 'vitest';
import { buildInsights } from '$lib/core/quality/insights';
import { addJudgement, emptyHistory } from '$lib/core/quality/teaching-history';
import { buildModelReport, type ReportInput } from '$lib/core/report/model-report';
import { DEFAULT_ACTIVE_LEARNING, DEFAULT_CONTROL } from '$lib/core/settings';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

function input(patch: Partial<ReportInput> = {}): ReportInput {
	const history = emptyHistory();
	for (let i = 0; i < 12; i++) addJudgement(history, { sampleId: `s${i}`, classId: 'a', classIds: ['a', 'b'], probs: Float32Array.of(0.8, 0.2), right: true, labels: i, version: i, audit: false });
	return {
		projectName: 'Birds <script>alert(1)</script>',
		kind: 'image',
		version: 17,
		backend: 'webgl',
		createdAt: new Date(0),
		classes: [{ id: 'a', name: 'Robin & co', color: '#f00' }, { id: 'b', name: 'Wren', color: '#00f' }],
		samples: 40,
		labels: 12,
		insights: buildInsights(history, ['a', 'b'], 12),
		images: { curve: PNG, reliability: PNG, effects: 'https://example.com/track.png' },
		activeLearning: { ...DEFAULT_ACTIVE_LEARNING, noveltyThreshold: 1.2 },
		control: DEFAULT_CONTROL,
		audit: { records: 30, byType: { 'sample.label': 12 }, first: 0, last: 1000, verdict: { ok: true, records: 30 } },
		...patch
	};
}

describe('buildModelReport', () => {
	it('is one self-contained page: the version, the per-class table, the calibration and the settings; no script and nothing from elsewhere', () => {
		const sut = buildModelReport(input());

		expect(sut).toContain('Model version 17');
		expect(sut).toContain('Robin &#38; co');
		expect(sut).toContain('Calibration in force');
		expect(sut).toContain('1.2×');
		expect(sut).toContain('The hash chain is whole');
		expect(sut).not.toMatch(/<script|src="http|<link/i);
		expect(sut.match(/<img /g)).toHaveLength(2); // the image from elsewhere is left out
	});

	it('says when the audit chain is broken', () => {
		const sut = buildModelReport(input({ audit: { records: 3, byType: {}, verdict: { ok: false, problem: 'changed', message: 'record 2 was changed', index: 1, n: 2 } } }));

		expect(sut).toContain('The hash chain is broken: record 2 was changed');
	});
});
