import type { Insights } from '$lib/core/quality/insights';
import { buildModelReport, type ReportImages } from '$lib/core/report/model-report';
import { safeFileName } from '$lib/core/data/file-names';
import { DEFAULT_ACTIVE_LEARNING, defaultControl } from '$lib/core/types';
import { auditSummary } from '$lib/storage/audit';
import { getProject } from '$lib/storage/projects';
import { download } from './download';
import { appErrors } from './errors.svelte';
import { WhileOpen } from './while-open';
import type { TeachState } from './teach/teach.svelte';

/** After the model changes, the insights are asked for again this much later: a burst of acts asks once. */
const REFRESH_AFTER_MS = 600;
/** Opened before the learner is ready: asked again this much later. */
const RETRY_MS = 1000;

/**
 * What the teaching did (core/quality/insights.ts), asked of the learner while the insights are on
 * screen and again after the model changes; the work is in the worker, behind the acts. Also the
 * confusion matrix cell the human opened, and the model report.
 */
export class InsightsState {
	insights = $state.raw<Insights | null>(null);
	/** The confusion matrix cell whose samples are listed: actual and suggested class ids. */
	cell = $state.raw<{ actual: string; suggested: string } | null>(null);
	private readonly panel: WhileOpen;

	constructor(
		private readonly teach: TeachState,
		private readonly projectId: string
	) {
		this.panel = new WhileOpen(teach, () => this.load(), REFRESH_AFTER_MS);
	}

	/** The panel opened or closed: followed only while open. */
	show(visible: boolean): void {
		this.panel.show(visible);
	}

	/** The samples in the open cell, newest judged first. */
	get cellSamples(): string[] {
		const { insights, cell } = this;
		if (!insights || !cell) return [];
		const { classIds, samples } = insights.confusion;
		return samples[classIds.indexOf(cell.actual)]?.[classIds.indexOf(cell.suggested)] ?? [];
	}

	refresh(): Promise<void> {
		return this.panel.now();
	}

	private async load(): Promise<void> {
		try {
			const insights = await this.teach.inspect.insights();
			if (insights) this.insights = insights;
			else this.panel.soon(RETRY_MS); // the learner is still starting
		} catch (error) {
			appErrors.show(error);
		}
	}

	/**
	 * Downloads one self-contained HTML file: the charts as images (`images`, from the panel's canvases),
	 * the per-class table, the calibration, the audit trail's summary and the project's settings.
	 */
	async exportReport(images: ReportImages): Promise<void> {
		try {
			await this.teach.flush();
			await this.refresh();
			const project = await getProject(this.projectId);
			if (!project || !this.insights) throw new Error('The report needs the project and its model: open the project and wait for the model to load.');
			const html = buildModelReport({
				projectName: project.name,
				kind: project.kind,
				version: this.teach.version,
				backend: this.insights.backend ?? 'unknown',
				createdAt: new Date(),
				classes: this.teach.classes.map(({ id, name, color }) => ({ id, name, color })),
				samples: this.teach.index.total,
				labels: this.teach.index.labelled,
				insights: this.insights,
				images,
				activeLearning: { ...DEFAULT_ACTIVE_LEARNING, ...project.activeLearning },
				control: project.control ?? defaultControl(project.kind),
				audit: await auditSummary(this.projectId)
			});
			download(new Blob([html], { type: 'text/html' }), `${safeFileName(project.name, 'attune')}-model-v${this.teach.version}-report.html`);
		} catch (error) {
			appErrors.show(error);
		}
	}

	destroy(): void {
		this.panel.destroy();
	}
}
