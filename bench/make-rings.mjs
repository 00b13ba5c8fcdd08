// Writes a made-up CSV to stdout whose classes no straight line separates: a point's distance from the
// middle of a field says whether it is in the inner ring, the middle ring or outside, and two more
// columns are noise. For `al --data` on the row model's hand-over (README, "Learning from few labels"):
// the linear model starts, and the MLP should win the held-out check and take over.
// Seeded, so the same file every time: node bench/make-rings.mjs > /tmp/rings.csv
let state = 777;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const rows = ['east_m,north_m,slope,cover,zone'];
for (let i = 0; i < 600; i++) {
	const [east, north] = [random() * 200 - 100, random() * 200 - 100];
	const distance = Math.hypot(east, north) + (random() - 0.5) * 8;
	const zone = distance < 45 ? 'core' : distance < 75 ? 'buffer' : 'outside';
	rows.push([east.toFixed(1), north.toFixed(1), (random() * 30).toFixed(1), Math.round(random() * 100), zone].join(','));
}
process.stdout.write(rows.join('\n') + '\n');
