// Writes a folder of class folders of synthesised one-second WAV files (a hum, a whistle, a chirp, a
// hiss, slow and fast clicks; random place, length, loudness, pitch, noise and recorder rate), the
// layout `al --data FOLDER` and a sound project's folder import take. Seeded, so the same files every time:
//   node bench/make-sounds.mjs /tmp/sounds [--per 60] [--seed 1]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importTs } from './ts-runner.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { per: { type: 'string', default: '60' }, seed: { type: 'string', default: '1' } } });
const folder = positionals[0];
if (!folder) throw new Error('usage: node bench/make-sounds.mjs FOLDER [--per 60] [--seed 1]');
const { module, close } = await importTs('/bench/sounds.ts');
try {
	const files = module.soundSet(Number(values.per), Number(values.seed));
	for (const f of files) {
		mkdirSync(join(folder, f.className), { recursive: true });
		writeFileSync(join(folder, f.className, f.name), f.bytes);
	}
	console.error(`make-sounds: ${files.length} files in ${module.SOUND_CLASSES.length} class folders under ${folder}`);
} finally {
	await close();
}
