import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentPrior } from '../../../src/decode/document-prior';
import { decodeHoles } from '../../../src/decode/sampler';
import { UnconstrainedCommits } from '../../../src/decode/constraint';
import { EOS, FakeModel, MASK, PAD, VOCAB_SIZE, byPosition, charVocab, idOf } from './fake-model';

const ids = (text: string) => charVocab.encode(text);
const options = { weight: 1, minContext: 3, maxContext: 8 };
const probabilities = (row: Float32Array) => Array.from(row, Math.exp);

/** A flat row (every token equally likely) but for pad and eos, which get `endShare` of the mass between them. */
function flatRow(endShare = 0): Float32Array {
  const row = new Float32Array(VOCAB_SIZE).fill(-Infinity);
  const text = 28; // ids 0..27 have text
  for (let t = 0; t < text; t++) row[t] = Math.log((1 - endShare) / text);
  if (endShare > 0) row[PAD] = row[EOS] = Math.log(endShare / 2);
  return row;
}

function windowOf(before: string, slots: number, after: string): Int32Array {
  return Int32Array.from([...ids(before), ...new Array<number>(slots).fill(MASK), ...ids(after)]);
}

test('the longest matching context predicts, mixed in with Witten-Bell weight', () => {
  // "abc" is followed by x twice and y once: c = 3 uses, d = 2 followers, λ = 3/5.
  const prior = new DocumentPrior([ids('abcx abcx abcy')], VOCAB_SIZE, new Set([PAD, EOS]), options);
  const window = windowOf('zabc', 1, '');
  const row = flatRow();
  assert.equal(prior.adjust(row, window, 4, MASK, PAD, -1), true);
  const p = probabilities(row);
  const lambda = 3 / 5;
  const base = (1 - lambda) / 28;
  assert.ok(Math.abs(p[idOf('x')] - (base + (lambda * 2) / 3)) < 1e-6);
  assert.ok(Math.abs(p[idOf('y')] - (base + lambda / 3)) < 1e-6);
  assert.ok(Math.abs(p[idOf('q')] - base) < 1e-6);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-6);
});

test('no context of at least minContext known tokens: the row is left as it is', () => {
  const prior = new DocumentPrior([ids('abcx abcx')], VOCAB_SIZE, new Set([PAD, EOS]), options);
  const row = flatRow();
  const before = row.slice();
  assert.equal(prior.adjust(row, windowOf('bc', 1, ''), 2, MASK, PAD, -1), false, 'two known tokens are too few');
  assert.equal(prior.adjust(row, windowOf('qqq', 1, ''), 3, MASK, PAD, -1), false, 'a context the document lacks');
  // A mask breaks the context: the position after an unknown one reads nothing on that side.
  const gapped = Int32Array.from([...ids('abc'), MASK, MASK]);
  assert.equal(prior.adjust(row, gapped, 4, MASK, PAD, -1), false);
  assert.deepEqual(row, before);
});

test('the text after a position predicts it too, and pad between is stepped over', () => {
  const prior = new DocumentPrior([ids('xend yend')], VOCAB_SIZE, new Set([PAD, EOS]), options);
  const window = Int32Array.from([MASK, PAD, PAD, ...ids('end')]);
  const row = flatRow();
  assert.equal(prior.adjust(row, window, 0, MASK, PAD, -1), true);
  const p = probabilities(row);
  assert.ok(Math.abs(p[idOf('x')] - p[idOf('y')]) < 1e-9);
  assert.ok(p[idOf('x')] > 0.2 && p[idOf('q')] < 0.02, `x ${p[idOf('x')]}, q ${p[idOf('q')]}`);
});

test("ending the hole keeps the model's probability, and takes the prior's share of the token that follows the hole", () => {
  const prior = new DocumentPrior([ids('abc\nabc\n')], VOCAB_SIZE, new Set([PAD, EOS]), options);
  const window = windowOf('zabc', 2, '\nq');
  const plain = flatRow(0.2);
  prior.adjust(plain, window, 4, MASK, PAD, -1);
  const p = probabilities(plain);
  assert.ok(Math.abs(p[PAD] + p[EOS] - 0.2) < 1e-6, 'pad and eos together keep the model’s 0.2');
  // With '\n' the first token after the hole, the prior's '\n' (λ = 2/3 of the text mass) goes to pad.
  const redirected = flatRow(0.2);
  prior.adjust(redirected, window, 4, MASK, PAD, idOf('\n'));
  const q = probabilities(redirected);
  assert.ok(Math.abs(q[PAD] - (0.1 + (0.8 * 2) / 3)) < 1e-6, `pad ${q[PAD]}`);
  assert.ok(q[idOf('\n')] < 0.02);
});

test('sampler: with a model that knows nothing, the document prior copies what the file repeats, and ends where the text after the hole takes over', async () => {
  // Every text token equally likely; pad a little likelier than any one of them.
  const rows = byPosition(false, (p, window) => (window[p] === MASK ? [[PAD, 0.5]] : []));
  const spec = { fixedTexts: ['print foo\nprint bar\nprint ', '\nprint baz\n'], holeSlots: [8] };
  const run = (documentPrior: number) => decodeHoles(new FakeModel(rows), charVocab, spec, new UnconstrainedCommits(spec.holeSlots), { documentPrior, blockLength: 1 });
  const off = await run(0);
  assert.deepEqual(off.holes, [''], 'without the prior pad wins at slot 0');
  const on = await run(1);
  // After "nt " the file has f and b once each (a tie: the lower id, b); "bar" is then followed by the
  // line break that the text after the hole starts with, so the hole ends there.
  assert.deepEqual(on.holes, ['bar'], 'the prior copies a name the file uses after "print " and ends the hole where the next line follows');
});
