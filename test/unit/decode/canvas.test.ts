import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOLE_SLOTS, holeSlotBudget } from '../../../src/decode/budget';
import { buildCanvas } from '../../../src/decode/canvas';
import { FakeModel, MASK, charVocab } from './fake-model';

const silentModel = (maxLength: number, prefixTokenIds: number[] = []) => new FakeModel(() => {}, { maxLength, prefixTokenIds });

test('a canvas that fits keeps every token: fixed texts tokenised apart, mask slots in between', () => {
  const canvas = buildCanvas({ fixedTexts: ['ab', 'c', 'de'], holeSlots: [2, 3] }, charVocab, silentModel(64, [31]));
  const expected = [31, ...charVocab.encode('ab'), MASK, MASK, ...charVocab.encode('c'), MASK, MASK, MASK, ...charVocab.encode('de')];
  assert.deepEqual(Array.from(canvas.ids), expected);
  assert.deepEqual(Array.from(canvas.holeStart), [3, 6]);
  assert.equal(canvas.contextTokens, 5);
  assert.equal(canvas.contextTokensCut, 0);
});

/** A vocabulary with one token per character code, so each fixed token of a test layout is unique. */
const codeVocab = {
  tokenText: (id: number) => String.fromCharCode(id),
  encode: (text: string) => Array.from(text, (ch) => ch.charCodeAt(0)),
};

/** Fixed texts of the given lengths made of distinct characters (codes from 100 up). */
function uniqueTexts(lengths: number[]): string[] {
  let code = 100;
  return lengths.map((n) => String.fromCharCode(...Array.from({ length: n }, () => code++)));
}

test('window cutting keeps every mask slot and the fixed tokens nearest to the holes', () => {
  const layouts: { lengths: number[]; holeSlots: number[] }[] = [
    { lengths: [26, 26], holeSlots: [4] },
    { lengths: [10, 30, 3], holeSlots: [3, 2] },
    { lengths: [0, 26, 2], holeSlots: [5, 1] },
    { lengths: [16, 10, 20, 6], holeSlots: [2, 0, 3] },
    { lengths: [40], holeSlots: [] },
  ];
  for (const { lengths, holeSlots } of layouts) {
    const fixedTexts = uniqueTexts(lengths);
    const holes = holeSlots.length;
    // Brute force: each fixed token's distance to the nearest hole boundary.
    const distance = new Map<number, number>();
    fixedTexts.forEach((text, k) =>
      Array.from(text).forEach((ch, i) =>
        distance.set(ch.charCodeAt(0), Math.min(k > 0 ? i + 1 : Infinity, k < holes ? text.length - i : Infinity)),
      ),
    );
    const order = fixedTexts.join('');
    const slots = holeSlots.reduce((a, b) => a + b, 0);
    for (let maxLength = slots + 1; maxLength <= slots + order.length + 2; maxLength++) {
      const what = `${JSON.stringify(lengths)} / ${JSON.stringify(holeSlots)} in ${maxLength}`;
      const canvas = buildCanvas({ fixedTexts, holeSlots }, codeVocab, silentModel(maxLength, [31]));
      const keptCount = Math.min(maxLength - 1 - slots, order.length);
      assert.equal(canvas.ids.length, 1 + slots + keptCount, what);
      assert.equal(canvas.ids[0], 31, `${what}: prefix token first`);
      assert.equal(canvas.contextTokensCut, order.length - keptCount, what);
      const isSlot = new Uint8Array(canvas.ids.length);
      for (const [h, k] of holeSlots.entries()) {
        for (let s = 0; s < k; s++) {
          assert.equal(canvas.ids[canvas.holeStart[h] + s], MASK, what);
          isSlot[canvas.holeStart[h] + s] = 1;
        }
      }
      const kept = Array.from(canvas.ids).filter((_, i) => i > 0 && !isSlot[i]);
      // In document order, and each fixed token stays on its side of every hole.
      const positions = kept.map((id) => order.indexOf(String.fromCharCode(id)));
      assert.ok(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])), `${what}: window is a subsequence of the document`);
      for (const [h, start] of canvas.holeStart.entries()) {
        const before = Array.from(canvas.ids.subarray(1, start)).filter((id) => id !== MASK);
        const boundary = fixedTexts.slice(0, h + 1).join('').length;
        assert.ok(before.every((id) => order.indexOf(String.fromCharCode(id)) < boundary), `${what}: hole ${h} keeps its place`);
      }
      const keptSet = new Set(kept);
      const keptMax = Math.max(-Infinity, ...kept.map((id) => distance.get(id)!));
      const droppedMin = Math.min(Infinity, ...[...distance].filter(([id]) => !keptSet.has(id)).map(([, d]) => d));
      assert.ok(keptMax <= droppedMin, `${what}: kept a token at distance ${keptMax} but dropped one at ${droppedMin}`);
    }
  }
});

test('a window too small for the mask slots is a clear usage error', () => {
  assert.throws(
    () => buildCanvas({ fixedTexts: ['ab', 'cd'], holeSlots: [10] }, charVocab, silentModel(8)),
    (e: Error & { code?: string }) => e.code === 'usage' && /10 mask tokens/.test(e.message) && /window of 8/.test(e.message),
  );
  assert.throws(() => buildCanvas({ fixedTexts: ['ab'], holeSlots: [1] }, charVocab, silentModel(8)), /one more fixed text than holes/);
});

test('hole slot budget: by line position, by selection size, or the user setting', () => {
  const at = (text: string) => {
    const start = text.indexOf('|');
    return holeSlotBudget(text.replace('|', ''), start, start, charVocab);
  };
  assert.equal(at('int x = |;\n'), HOLE_SLOTS.insideLine);
  assert.equal(at('foo(a, |, c)'), HOLE_SLOTS.insideLine);
  assert.equal(at('a\n  return |\n}'), HOLE_SLOTS.lineEnd);
  assert.equal(at('  |x = 1;\n'), HOLE_SLOTS.lineEnd);
  assert.equal(at('{\n  |\n}\n'), HOLE_SLOTS.wholeLine);
  assert.equal(at('|'), HOLE_SLOTS.wholeLine);
  assert.equal(at('\n|\n'), HOLE_SLOTS.wholeLine);

  const text = 'x = foo bar baz\n';
  const selection = holeSlotBudget(text, 4, 15, charVocab);
  assert.equal(selection, Math.ceil(charVocab.encode('foo bar baz').length * HOLE_SLOTS.selectionFactor));
  assert.equal(holeSlotBudget('ab', 0, 1, charVocab), HOLE_SLOTS.selectionMin);
  assert.equal(holeSlotBudget('ab', 0, 0, charVocab, 12), 12);
});
