import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dreamCount, evenSplit, stepsPerBlock, thresholdCount } from '../../../src/decode/schedule';

test('even split: sums to the masked count, counts differ by at most one, larger first', () => {
  for (let masked = 0; masked <= 40; masked++) {
    for (let steps = 1; steps <= 12; steps++) {
      const counts = Array.from(evenSplit(masked, steps));
      assert.equal(counts.length, steps);
      assert.equal(counts.reduce((a, b) => a + b, 0), masked, `${masked} over ${steps}`);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1);
      for (let j = 1; j < steps; j++) assert.ok(counts[j] <= counts[j - 1]);
    }
  }
  // LLaDA's get_num_transfer_tokens for 10 tokens over 4 steps: 10 // 4 = 2 each, remainder 2 to the first two.
  assert.deepEqual(Array.from(evenSplit(10, 4)), [3, 3, 2, 2]);
});

test('Dream schedule: floor(masked * (1 - s/t)), the last step takes the rest', () => {
  // By hand, eps = 1e-3, 4 masked over 4 steps: t,s = (1, .75025): 4*.24975 = .999 -> 0;
  // (.75025, .5005): 4*.3329 -> 1; (.5005, .25075): 3*.499 -> 1; last step: the remaining 2.
  const counts: number[] = [];
  let masked = 4;
  for (let j = 0; j < 4; j++) {
    const k = dreamCount(masked, j, 4, 1e-3);
    counts.push(k);
    masked -= k;
  }
  assert.deepEqual(counts, [0, 1, 1, 2]);

  for (let total = 1; total <= 40; total++) {
    for (const steps of [1, 2, 3, 5, 8, 13, total]) {
      let left = total;
      for (let j = 0; j < steps; j++) {
        const k = dreamCount(left, j, steps, 1e-3);
        assert.ok(k >= 0 && k <= left);
        const t = 1 - (j * (1 - 1e-3)) / steps;
        const s = 1 - ((j + 1) * (1 - 1e-3)) / steps;
        if (j < steps - 1) assert.equal(k, Math.floor(left * (1 - s / t)));
        left -= k;
      }
      assert.equal(left, 0, `${total} over ${steps} steps leaves nothing masked`);
    }
  }
});

test('threshold schedule: all above the threshold, at least one', () => {
  const conf = Float64Array.from([0.95, 0.2, 0.91, 0.9, 0.5]);
  assert.equal(thresholdCount(conf, 5, 0.9), 2);
  assert.equal(thresholdCount(conf, 5, 0.99), 1);
  assert.equal(thresholdCount(conf, 5, 0.1), 5);
  assert.equal(thresholdCount(conf, 0, 0.9), 0);
});

test('steps per block: spread evenly, at least one, at most the block size', () => {
  assert.deepEqual(Array.from(stepsPerBlock(6, [4, 4, 2])), [2, 2, 2]);
  assert.deepEqual(Array.from(stepsPerBlock(7, [4, 4, 2])), [3, 2, 2]);
  assert.deepEqual(Array.from(stepsPerBlock(2, [4, 4, 2])), [1, 1, 1]);
  assert.deepEqual(Array.from(stepsPerBlock(40, [4, 4, 2])), [4, 4, 2]);
  assert.deepEqual(Array.from(stepsPerBlock(5, [])), []);
});
