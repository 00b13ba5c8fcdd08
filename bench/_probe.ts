import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { registerWasmConv2DBackpropFilter } from '$lib/core/backend/wasm-conv2d-backprop-filter';
import { OnlineLearner, type Example } from '$lib/core/model/online-learner';
import { parseDigitsCsv, upscaleGray } from '$lib/core/data/digits';
import { sample, seededRandom } from '$lib/core/random';
async function acc(l: OnlineLearner, ex: Example[]) {
  const p = await l.predict(ex.map((e) => e.input));
  let r = 0;
  ex.forEach((e, i) => { const row = Array.from(p.subarray(i * 10, i * 10 + 10)); if (row.indexOf(Math.max(...row)) === e.label) r++; });
  return r / ex.length;
}
export async function probe() {
  registerWasmConv2DBackpropFilter();
  await tf.setBackend('wasm');
  const rows = parseDigitsCsv(readFileSync('tests/fixtures/digits.csv', 'utf8'));
  const all = sample(rows.map((r, i) => ({ id: 'd' + i, input: upscaleGray(r.pixels, 8, 16), label: Number(r.label) })), rows.length, seededRandom(1));
  const nTest = Math.round(all.length * 0.3);
  const test = all.slice(0, nTest), train = all.slice(nTest);
  for (const n of (process.env.NS ?? '10,50,100,300').split(',').map(Number)) {
    const pool = train.slice(0, n);
    const l = OnlineLearner.create(10);
    const spe = Math.ceil(n / 32);
    let steps = 0; const t = performance.now(); const out: string[] = [];
    for (const target of [50, 100, 200, 300, 400, 600, 800, 1200]) {
      const ep = Math.max(1, Math.round((target - steps) / spe));
      await l.fit(pool, ep); steps += ep * spe;
      out.push(`${steps}:${(await acc(l, test)).toFixed(3)}`);
      if (n >= 300 && steps >= 600) break;
    }
    console.error('n', n, out.join(' '), 'ms', Math.round(performance.now() - t));
    l.dispose();
  }
  return tf.memory().numTensors;
}
