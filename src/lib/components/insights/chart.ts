import type { Chart, ChartConfiguration } from 'chart.js';

/** chart.js, loaded the first time a chart is shown: the first paint never waits for it. */
let library: Promise<typeof import('chart.js/auto')> | undefined;

/**
 * A Svelte action that draws a chart.js chart on a canvas and, when its configuration changes,
 * updates the same chart in place (no re-creation, no animation: a projector shows it steady).
 */
export function chart(canvas: HTMLCanvasElement, config: ChartConfiguration) {
	let instance: Chart | undefined;
	let latest = config;
	let destroyed = false;
	library ??= import('chart.js/auto');
	void library.then(({ default: ChartJs }) => {
		if (destroyed) return;
		ChartJs.defaults.font.size = 15;
		ChartJs.defaults.animation = false;
		instance = new ChartJs(canvas, latest);
		canvas.dataset.ready = 'yes';
	});
	return {
		update(next: ChartConfiguration) {
			latest = next;
			if (!instance) return;
			instance.data = next.data;
			instance.options = next.options ?? {};
			instance.update('none');
		},
		destroy() {
			destroyed = true;
			instance?.destroy();
		}
	};
}

/** Colours that stay apart on a projector and for the common colour-vision deficiencies (Okabe–Ito). */
export const COLOURS = { blue: '#0072B2', orange: '#D55E00', green: '#009E73', purple: '#CC79A7', grey: '#555555', band: 'rgba(213, 94, 0, 0.15)' };
