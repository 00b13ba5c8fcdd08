import type { Reason } from './strategy';

const pct = (p: number) => `${Math.round(p * 100)}%`;

/** Why a sample was picked, as a short sentence for the queue. `className(i)` names class i. */
export function describeReason(reason: Reason, className: (classIndex: number) => string): string {
	switch (reason.kind) {
		case 'random':
			return 'picked at random';
		case 'least-confident':
			return `its best guess, ${className(reason.top)}, is only ${pct(reason.p)} sure`;
		case 'margin':
			return `near the boundary: ${pct(reason.first.p)} ${className(reason.first.classIndex)} vs ${pct(reason.second.p)} ${className(reason.second.classIndex)}`;
		case 'entropy':
			return `unsure across classes (${reason.bits.toFixed(1)} of ${reason.maxBits.toFixed(1)} bits)`;
		case 'committee': {
			const split = reason.votes.filter((n) => n > 0).sort((a, b) => b - a);
			return split.length > 1 ? `the committee split ${split.join('–')}` : `the committee agrees, but its members differ in confidence`;
		}
		case 'untaught':
			return `unlike anything you taught (${reason.novelty.toFixed(1)}× as far as taught samples are from each other)`;
		case 'novel':
			return reason.typical > 0 && reason.distance < 1.5 * reason.typical ? 'far from the labelled samples' : 'unlike anything labelled yet';
	}
}
