import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeededRandom } from '../../../src/decode/rng';
import { RowScorer, type RowSampling } from '../../../src/decode/rows';

/** Independent softmax over the unbanned entries of a row, at temperature `tau` (0 read as 1). */
function softmax(row: number[], tau: number, banned: Set<number>): number[] {
  const t = tau > 0 ? tau : 1;
  const e = row.map((l, i) => (banned.has(i) ? 0 : Math.exp(l / t)));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

const greedy = (confidence: RowSampling['confidence']): RowSampling => ({ temperature: 0, topK: 0, topP: 1, confidence });

test('greedy confidences match an independent softmax: probability, margin, negative entropy', () => {
  const row = [0.5, 2.0, -1.0, 1.7, 0.0, 3.1, 3.0, -2.5];
  const banned = new Set([6]);
  const p = softmax(row, 0, banned);
  const sorted = [...p].sort((a, b) => b - a);
  const negEntropy = p.reduce((a, x) => (x > 0 ? a + x * Math.log(x) : a), 0);
  const logits = Float32Array.from([...row.map(() => 9), ...row]); // row 1 is ours; row 0 is a decoy
  for (const [rule, expected] of [
    ['probability', sorted[0]],
    ['margin', sorted[0] - sorted[1]],
    ['entropy', negEntropy],
  ] as const) {
    const scorer = new RowScorer(row.length, Int32Array.from(banned), greedy(rule), new SeededRandom(1));
    assert.equal(scorer.score(logits, 1, undefined), 5, rule);
    assert.ok(Math.abs(scorer.confidence - expected) < 1e-6, `${rule}: ${scorer.confidence} vs ${expected}`);
  }
});

test('a ruled-out token is never chosen; the next best comes with a renormalised confidence', () => {
  const row = Float32Array.from([0.5, 2.0, -1.0, 1.7, 0.0, 3.1]);
  const scorer = new RowScorer(row.length, new Int32Array(0), greedy('probability'), new SeededRandom(1));
  assert.equal(scorer.score(row, 0, [5]), 1);
  const p = softmax(Array.from(row), 0, new Set([5]));
  assert.ok(Math.abs(scorer.confidence - p[1]) < 1e-6);
  assert.equal(scorer.score(row, 0, [5, 1, 3]), 0);
  assert.equal(scorer.score(row, 0, [0, 1, 2, 3, 4, 5]), -1, 'nothing left');
});

test('sampling follows softmax(logits / temperature) and never returns a ruled-out token', () => {
  const row = Float32Array.from([1.0, 0.0, 2.0, -1.0]);
  for (const tau of [1, 0.5, 2]) {
    const scorer = new RowScorer(row.length, new Int32Array(0), { temperature: tau, topK: 0, topP: 1, confidence: 'probability' }, new SeededRandom(7));
    const expected = softmax(Array.from(row), tau, new Set());
    const counts = [0, 0, 0, 0];
    const draws = 20000;
    for (let i = 0; i < draws; i++) counts[scorer.score(row, 0, undefined)]++;
    for (let t = 0; t < 4; t++) {
      // 5 standard deviations of a binomial frequency
      const sd = Math.sqrt((expected[t] * (1 - expected[t])) / draws);
      assert.ok(Math.abs(counts[t] / draws - expected[t]) < 5 * sd + 1e-9, `τ=${tau} token ${t}: ${counts[t] / draws} vs ${expected[t]}`);
    }
    for (let i = 0; i < 200; i++) assert.notEqual(scorer.score(row, 0, [2]), 2);
  }
});

test('top-k and top-p keep only the likeliest tokens', () => {
  const row = Float32Array.from([1.0, 0.0, 2.0, -1.0, 1.9]);
  const draw = (topK: number, topP: number) => {
    const scorer = new RowScorer(row.length, new Int32Array(0), { temperature: 1, topK, topP, confidence: 'probability' }, new SeededRandom(3));
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(scorer.score(row, 0, undefined));
    return [...seen].sort();
  };
  assert.deepEqual(draw(1, 1), [2]);
  assert.deepEqual(draw(2, 1), [2, 4]);
  assert.deepEqual(draw(0, 1e-6), [2]);
  // p = softmax: token 2 ≈ .407, 4 ≈ .368, 0 ≈ .150: the nucleus of 0.7 is {2, 4}, of 0.8 is {2, 4, 0}.
  const p = softmax(Array.from(row), 1, new Set());
  assert.ok(p[2] + p[4] > 0.7 && p[2] + p[4] < 0.8);
  assert.deepEqual(draw(0, 0.7), [2, 4]);
  assert.deepEqual(draw(0, 0.8), [0, 2, 4]);
  assert.deepEqual(draw(0, 1), [0, 1, 2, 3, 4]);
});

test('the seeded generator is reproducible and roughly uniform', () => {
  const a = new SeededRandom(42);
  const b = new SeededRandom(42);
  const c = new SeededRandom(43);
  const xs = Array.from({ length: 1000 }, () => a.next());
  assert.deepEqual(xs, Array.from({ length: 1000 }, () => b.next()));
  assert.notDeepEqual(xs, Array.from({ length: 1000 }, () => c.next()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
});

test('top-k / top-p sets agree with a brute-force sort on random rows', () => {
  const rng = new SeededRandom(11);
  const V = 300;
  for (let trial = 0; trial < 60; trial++) {
    const spread = [1, 4, 12][trial % 3];
    const row = Float32Array.from({ length: V }, () => Math.round(rng.next() * spread * 64) / 64); // coarse: ties happen
    const tau = [0.5, 1, 1.7][trial % 3];
    const topK = [0, 1, 7, 40, 299][trial % 5];
    const topP = [1, 0.5, 0.9, 0.99][trial % 4];
    if (topK === 0 && topP === 1) continue;
    // Brute force: sort by logit, keep the first k (and everything tied with the k-th), then the
    // shortest prefix (extended over ties) reaching topP of the kept mass.
    const order = Array.from(row.keys()).sort((a, b) => row[b] - row[a]);
    const weight = (t: number) => Math.exp((row[t] - row[order[0]]) / tau);
    let keptCutoff = topK > 0 ? row[order[Math.min(topK, V) - 1]] : -Infinity;
    if (topP < 1) {
      const kept = order.filter((t) => row[t] >= keptCutoff);
      const total = kept.reduce((a, t) => a + weight(t), 0);
      let acc = 0;
      for (const t of kept) {
        acc += weight(t);
        if (acc >= topP * total * (1 - 1e-9)) {
          keptCutoff = row[t];
          break;
        }
      }
    }
    const keptMass = order.filter((t) => row[t] >= keptCutoff).reduce((a, t) => a + weight(t), 0);
    const scorer = new RowScorer(V, new Int32Array(0), { temperature: tau, topK, topP, confidence: 'probability' }, new SeededRandom(trial));
    for (let draw = 0; draw < 5; draw++) {
      const token = scorer.score(row, 0, undefined);
      const what = `trial ${trial} (τ ${tau}, k ${topK}, p ${topP}) token ${token}`;
      assert.ok(row[token] >= keptCutoff, `${what}: outside the kept set`);
      // probability confidence = weight / kept mass, so the kept mass is recovered exactly.
      assert.ok(Math.abs(weight(token) / scorer.confidence - keptMass) < 1e-4 * keptMass, `${what}: kept mass ${weight(token) / scorer.confidence} vs ${keptMass}`);
    }
  }
});
