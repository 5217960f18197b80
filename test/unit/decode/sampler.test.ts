import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { UnconstrainedCommits } from '../../../src/decode/constraint';
import { decodeHoles, startFirstPass, type DecodeProgress, type SamplerOptions } from '../../../src/decode/sampler';
import { EOS, FakeModel, MASK, PAD, RecordingConstraint, byPosition, charVocab, idOf, type FakeModelOptions, type RowFunction } from './fake-model';

interface Run {
  fixedTexts: string[];
  holeSlots: number[];
  rows: RowFunction;
  model?: FakeModelOptions;
  options?: SamplerOptions;
  constraint?: RecordingConstraint;
}

async function run({ fixedTexts, holeSlots, rows, model: modelOptions, options, constraint }: Run) {
  const model = new FakeModel(rows, modelOptions);
  const recorder = constraint ?? new RecordingConstraint(holeSlots);
  const progress: DecodeProgress[] = [];
  const result = await decodeHoles(model, charVocab, { fixedTexts, holeSlots }, recorder, {
    ...options,
    onProgress: (p) => {
      progress.push(p);
      options?.onProgress?.(p);
    },
  });
  const perStep = progress.map((p, i) => p.committed - (i > 0 ? progress[i - 1].committed : 0));
  const kept = recorder.calls.filter((c) => c.kept);
  return { result, model, recorder, progress, perStep, kept };
}

/** Every masked position prefers letter `letter`, surer further right (a strict confidence order). */
const rising = (letter: string): RowFunction => byPosition(false, (p, ids) => (ids[p] === MASK ? [[idOf(letter), 5 + 0.1 * p]] : []));

test('even schedule: LLaDA split per step, and per block in text order', async () => {
  const plain = await run({ fixedTexts: ['ab', 'c'], holeSlots: [10], rows: rising('q'), options: { steps: 4 } });
  assert.deepEqual(plain.perStep, [3, 3, 2, 2]);
  assert.equal(plain.result.forwardPasses, 4);
  assert.deepEqual(plain.result.holes, ['qqqqqqqqqq']);
  assert.equal(plain.result.stopReason, 'done');
  assert.equal(plain.kept[0].slot, 9, 'without blocks the surest position (rightmost) goes first');
  assert.deepEqual(plain.progress.map((p) => p.step), [1, 2, 3, 4]);
  assert.ok(plain.progress.every((p) => p.totalSteps === 4 && p.committed + p.masked === 10));
  assert.deepEqual(plain.progress.at(-1)!.holesText, plain.result.holes);
  assert.deepEqual(plain.result.committedTexts, plain.result.holes, 'all of it committed before finish');

  const blocked = await run({ fixedTexts: ['ab', 'c'], holeSlots: [10], rows: rising('q'), options: { steps: 6, blockLength: 4 } });
  assert.deepEqual(blocked.perStep, [2, 2, 2, 2, 1, 1]);
  assert.deepEqual(blocked.kept.slice(0, 4).map((c) => c.slot).sort(), [0, 1, 2, 3], 'block 1 is decoded before block 2');
  assert.deepEqual(blocked.kept.slice(4, 8).map((c) => c.slot).sort(), [4, 5, 6, 7]);

  const oneByOne = await run({ fixedTexts: ['ab', 'c', ''], holeSlots: [3, 4], rows: rising('q') });
  assert.deepEqual(oneByOne.perStep, [1, 1, 1, 1, 1, 1, 1], 'steps 0: one step per mask slot');
});

test('Dream schedule: commits per step follow floor(masked (1 - s/t)) and sum to the masked total', async () => {
  const { perStep, result } = await run({ fixedTexts: ['ab', 'c'], holeSlots: [4], rows: rising('q'), options: { schedule: 'dream', steps: 4 } });
  assert.deepEqual(perStep, [0, 1, 1, 2]);
  assert.equal(result.forwardPasses, 4);
  const long = await run({ fixedTexts: ['ab', 'c'], holeSlots: [23], rows: rising('q'), options: { schedule: 'dream', steps: 7 } });
  assert.equal(long.perStep.reduce((a, b) => a + b, 0), 23);
  assert.equal(long.result.forwardPasses, 7);
});

test('threshold schedule: every position above the threshold at once, otherwise one', async () => {
  // Slots 0, 2, 4 are sure (p ≈ 0.999), slots 1, 3, 5 are not (p ≈ 0.09).
  const rows = byPosition(false, (p, ids) => (ids[p] === MASK ? [[idOf('k'), (p - 2) % 2 === 0 ? 10 : 1]] : []));
  const { perStep, kept, result } = await run({ fixedTexts: ['ab', 'c'], holeSlots: [6], rows, options: { schedule: 'threshold', threshold: 0.9 } });
  assert.deepEqual(perStep, [3, 1, 1, 1]);
  assert.deepEqual(kept.slice(0, 3).map((c) => c.slot).sort(), [0, 2, 4]);
  assert.deepEqual(result.holes, ['kkkkkk']);
});

test('shifted logits read row i-1 for position i; unshifted read row i', async () => {
  // Row r prefers the r-th letter, whatever the model's convention.
  const rowLetter: RowFunction = (r, _ids, out) => {
    out[r % 26] = 5;
  };
  const spec = { fixedTexts: ['ab', 'z'], holeSlots: [3], rows: rowLetter }; // slots at positions 2, 3, 4
  assert.deepEqual((await run(spec)).result.holes, ['cde']);
  assert.deepEqual((await run({ ...spec, model: { shiftedLogits: true } })).result.holes, ['bcd']);
  // A hole at position 0 of a shifted model reads row 0 (Dream's convention), as position 1 does.
  const atStart = { fixedTexts: ['', 'zz'], holeSlots: [2], rows: rowLetter };
  assert.deepEqual((await run({ ...atStart, model: { shiftedLogits: true } })).result.holes, ['aa']);
  assert.deepEqual((await run(atStart)).result.holes, ['ab']);
});

test('pad inside a hole ends it: later slots become pad and the hole comes out shorter', async () => {
  // Slot s prefers the s-th letter; slot 2 prefers pad even more.
  const rows = byPosition(false, (p, ids) => {
    if (ids[p] !== MASK) return [];
    const slot = p - 2;
    return slot === 2 ? [[PAD, 10]] : [[slot, 5]];
  });
  const { result, model, recorder } = await run({ fixedTexts: ['ab', 'zz'], holeSlots: [5], rows });
  assert.deepEqual(result.holes, ['ab']);
  assert.deepEqual(recorder.calls[0], { kind: 'end', hole: 0, slot: 2, text: '', kept: true });
  assert.equal(result.forwardPasses, 3, 'the ended slots need no steps');
  assert.deepEqual(Array.from(model.inputs[1].subarray(4, 7)), [PAD, PAD, PAD]);
  assert.equal(result.witnessHoles, 0);

  // eos ends a hole too, even at its first slot.
  const eosRows = byPosition(false, (p, ids) => (ids[p] === MASK ? [[p === 2 ? EOS : idOf('q'), p === 2 ? 9 : 5]] : []));
  assert.deepEqual((await run({ fixedTexts: ['ab', 'zz'], holeSlots: [4], rows: eosRows })).result.holes, ['']);
});

test('a refused end after a fully committed text ends with what closes it; a long closer, none, or masks before it, and the model writes on', async () => {
  // Slots 0 and 1 are sure of '(' and 'a'; slot 2 and on prefer pad, then 'c'; ending after '(a' is refused.
  const rows = byPosition(false, (p, ids) => {
    if (ids[p] !== MASK) return [];
    const slot = p - 2;
    return slot === 0 ? [[idOf('('), 12]] : slot === 1 ? [[idOf('a'), 11]] : [[PAD, 8], [idOf('c'), 6]];
  });
  const refuseEnd = (_h: number, slot: number, text: string | null) => text === null && slot === 2;
  /** A recording constraint that keeps a closing commit only when it is `wanted`. */
  const closing = (slots: number, wanted: string) => {
    const constraint = new RecordingConstraint([slots], refuseEnd);
    const tried: string[] = [];
    (constraint as RecordingConstraint & { tryCommitEnding: unknown }).tryCommitEnding = (hole: number, slot: number, text: string) => {
      tried.push(text);
      if (text !== wanted) return false;
      constraint.tryCommit(hole, slot, text);
      if (slot + 1 < slots) constraint.tryEnd(hole, slot + 1);
      return true;
    };
    return { constraint, tried };
  };
  const closed = closing(5, ')');
  const completed = await run({ fixedTexts: ['ab', 'zz'], holeSlots: [5], rows, constraint: closed.constraint });
  assert.deepEqual(completed.result.holes, ['(a)']);
  assert.deepEqual(closed.tried, [')']);
  assert.equal(completed.result.forwardPasses, 3, 'no pass after the refused end');
  assert.equal(completed.result.closedEnds, 1);
  assert.equal(completed.result.witnessHoles, 0);
  assert.deepEqual(completed.result.committedTexts, ['(a)']);
  assert.equal(completed.model.inputs.length, 3);

  // The closer with `;` is tried next.
  const semicolon = closing(5, 'never');
  await run({ fixedTexts: ['ab', 'zz'], holeSlots: [5], rows, constraint: semicolon.constraint });
  assert.deepEqual(semicolon.tried.slice(0, 2), [')', ');']);

  // Every closer refused: a completion read off the check (not a shortest one), asked once, ends it if short.
  const noCloser = closing(5, 'never');
  const shortestAsked: boolean[] = [];
  (noCloser.constraint as RecordingConstraint & { suggest: unknown }).suggest = (_h: number, _s: number, shortest?: boolean) => {
    shortestAsked.push(shortest === true);
    return { text: ']' };
  };
  const afterClosers = await run({ fixedTexts: ['ab', 'zz'], holeSlots: [5], rows, constraint: noCloser.constraint });
  assert.deepEqual(shortestAsked, [false]);
  assert.equal(afterClosers.result.closedEnds, 1);
  assert.equal(afterClosers.result.forwardPasses, 3, 'no pass after the refused end');

  for (const [why, options] of [
    ['off', { refusedEndCompletionChars: 0 }],
  ] as const) {
    const refused = closing(5, ')');
    const writtenOn = await run({ fixedTexts: ['ab', 'zz'], holeSlots: [5], rows, options, constraint: refused.constraint });
    assert.equal(writtenOn.result.committedTexts[0].slice(0, 3), '(ac', `${why}: the next best token at the refused slot`);
    assert.equal(writtenOn.result.closedEnds, 0, why);
    assert.deepEqual(refused.tried, [], why);
  }

  // Nothing short closes `)a` (a stray bracket): the constraint's shortest completion, asked once, ends it if short.
  const stray = byPosition(false, (p, ids) => {
    if (ids[p] !== MASK) return [];
    const slot = p - 2;
    return slot === 0 ? [[idOf(')'), 12]] : slot === 1 ? [[idOf('a'), 11]] : [[PAD, 8], [idOf('c'), 6]];
  });
  for (const [rest, ends] of [['(', true], ['('.repeat(13), false]] as const) {
    const asking = new RecordingConstraint([5], refuseEnd, (committed) => committed.map((t) => `${t}(`));
    let asked = 0;
    (asking as RecordingConstraint & { suggest: unknown }).suggest = (_h: number, _s: number, shortest?: boolean) => {
      assert.equal(shortest, true, 'nothing short closes the text: a shortest completion');
      asked++;
      return { text: rest };
    };
    const r = await run({ fixedTexts: ['ab', 'zz'], holeSlots: [5], rows: stray, constraint: asking });
    assert.equal(asked, 1, `${rest}: one witness per hole`);
    assert.equal(r.result.closedEnds, ends ? 1 : 0, rest);
    if (ends) assert.deepEqual([r.result.holes, r.result.witnessHoles, r.result.forwardPasses], [[')a('], 1, 3]);
    else assert.equal(r.result.committedTexts[0].slice(0, 3), ')ac', 'a long completion: the model writes on');
  }

  // Slot 1 still masked when slot 2's end is refused: the model writes on (the refused end is not the model's last word).
  const early = byPosition(false, (p, ids) => {
    if (ids[p] !== MASK) return [];
    const slot = p - 2;
    return slot === 0 ? [[idOf('('), 12]] : slot === 1 ? [[idOf('b'), 4]] : [[PAD, 8], [idOf('c'), 6]];
  });
  const gapBefore = closing(3, ')');
  const writes = await run({ fixedTexts: ['ab', 'zz'], holeSlots: [3], rows: early, constraint: gapBefore.constraint });
  assert.deepEqual(writes.result.committedTexts, ['(bc']);
  assert.deepEqual(gapBefore.tried, []);
  await assert.rejects(() => run({ fixedTexts: ['a'], holeSlots: [1], rows, options: { refusedEndCompletionChars: -1 } }), /refusedEndCompletionChars is -1/);
});

test('a pad before a committed token is ruled out without a check; the next token is taken', async () => {
  // Slot 4 is sure of 'e'; slots 0..3 prefer pad over their letter.
  const rows = byPosition(false, (p, ids) => {
    if (ids[p] !== MASK) return [];
    const slot = p - 2;
    return slot === 4 ? [[idOf('e'), 12]] : [[PAD, 8], [slot, 6]];
  });
  const { result, recorder } = await run({ fixedTexts: ['ab', 'zz'], holeSlots: [5], rows });
  assert.deepEqual(result.holes, ['abcde']);
  assert.ok(recorder.calls.every((c) => c.kind === 'commit'), 'tryEnd never called before a committed slot');
  assert.equal(result.rejections, 0);
  assert.equal(result.checks, 5);
});

test('a rejected (position, token) is ruled out for good and the next best candidate is taken', async () => {
  const refuseX = (_h: number, _s: number, text: string | null) => text === 'x';
  const rows = byPosition(false, (p, ids) => (ids[p] === MASK ? [[idOf('x'), 8], [idOf('y'), 6]] : []));
  const sameRow = await run({ fixedTexts: ['ab', 'c'], holeSlots: [3], rows, constraint: new RecordingConstraint([3], refuseX) });
  assert.deepEqual(sameRow.result.holes, ['yyy']);
  assert.equal(sameRow.result.rejections, 3, 'each x is proposed once per position, not once per step');
  assert.equal(sameRow.result.checks, 6);

  // After slot 0's 'x' is refused its next token is unlikely, so slot 1's 'k' goes first.
  const other = byPosition(false, (p, ids) => (ids[p] !== MASK ? [] : p === 2 ? [[idOf('x'), 9], [idOf('y'), 1]] : [[idOf('k'), 7]]));
  const { recorder, result } = await run({ fixedTexts: ['ab', 'c'], holeSlots: [2], rows: other, constraint: new RecordingConstraint([2], refuseX) });
  assert.deepEqual(
    recorder.calls.map((c) => [c.slot, c.text, c.kept]),
    [
      [0, 'x', false],
      [1, 'k', true],
      [0, 'y', true],
    ],
  );
  assert.deepEqual(result.holes, ['yk']);
});

test('speculation: the next pass starts on the ids the best commits would leave; same fill, logits used only on a match', async () => {
  // Letters depend on the left neighbour, so a refused commit changes what the next pass predicts.
  const rows = byPosition(false, (p, ids) => (ids[p] === MASK ? [[ids[p - 1] === idOf('x') ? idOf('z') : idOf('x'), 8], [idOf('y'), 6], [EOS, p === 9 ? 9 : 1]] : []));
  const refuse = (_h: number, slot: number, text: string | null) => text === 'x' && slot % 3 === 1;
  const outcomes = [];
  for (const speculate of [false, true]) {
    const r = await run({ fixedTexts: ['ab', 'c'], holeSlots: [8], rows, options: { speculate, blockLength: 2 }, constraint: new RecordingConstraint([8], refuse) });
    outcomes.push(r);
  }
  const [plain, ahead] = outcomes;
  assert.deepEqual(ahead.result.holes, plain.result.holes);
  assert.deepEqual(ahead.recorder.calls, plain.recorder.calls);
  assert.equal(ahead.result.forwardPasses, plain.result.forwardPasses);
  assert.equal(plain.result.speculationMisses, 0);
  assert.equal(plain.model.inputs.length, plain.result.forwardPasses);
  // A refused best commit leaves other ids than speculated: that pass is started and not used.
  assert.ok(ahead.result.speculationMisses > 0, `misses ${ahead.result.speculationMisses}`);
  assert.equal(ahead.model.inputs.length, ahead.result.forwardPasses + ahead.result.speculationMisses);
  // Every pass whose logits were used saw the canvas as it stood.
  const used = ahead.model.inputs.filter((ids) => plain.model.inputs.some((p) => p.length === ids.length && p.every((v, i) => v === ids[i])));
  assert.equal(used.length, plain.result.forwardPasses);
});

test('a position refused 3 times takes the constraint\'s suggestion; one refused positionRejectionBudget times is left to finish()', async () => {
  // Slot 0 takes only 'k'; the model prefers other letters there (k is its least likely proposal).
  const letters = 'abcdefghij';
  const rows = byPosition(false, (p, ids) => (ids[p] === MASK ? [...letters].map((ch, i) => [idOf(ch), 9 - i * 0.5] as [number, number]).concat([[idOf('k'), 1]]) : []));
  const onlyK = (_h: number, slot: number, text: string | null) => slot === 0 && text !== 'k';
  const suggesting = new RecordingConstraint([2], onlyK);
  let asked = 0;
  (suggesting as RecordingConstraint & { suggest: unknown }).suggest = (hole: number, slot: number) => {
    asked++;
    return hole === 0 && slot === 0 ? { text: 'kq' } : null;
  };
  const withSuggestion = await run({ fixedTexts: ['ab', 'c'], holeSlots: [2], rows, constraint: suggesting, options: { blockLength: 0 } });
  assert.equal(asked, 1);
  assert.equal(withSuggestion.result.suggestedCommits, 1);
  assert.deepEqual(suggesting.calls.filter((c) => c.slot === 0).map((c) => [c.text, c.kept]), [['a', false], ['b', false], ['c', false], ['k', true]]);
  assert.equal(withSuggestion.result.holes![0][0], 'k');

  // Without suggestions: slot 0 gives up after 5 refusals and finish() fills it; slot 1 is decoded.
  const refusing = new RecordingConstraint([2], onlyK, (committed) => committed.map((t) => `W${t}`));
  const givenUp = await run({ fixedTexts: ['ab', 'c'], holeSlots: [2], rows, constraint: refusing, options: { blockLength: 0, positionRejectionBudget: 5 } });
  assert.equal(refusing.calls.filter((c) => c.slot === 0).length, 5);
  assert.equal(givenUp.result.rejections, 5);
  assert.equal(givenUp.result.witnessHoles, 1);
  assert.equal(givenUp.result.stopReason, 'no-candidates');
  assert.ok(refusing.calls.some((c) => c.slot === 1 && c.kept), 'the other position is still decoded');
  await assert.rejects(() => run({ fixedTexts: ['a'], holeSlots: [1], rows, options: { positionRejectionBudget: -1 } }), /positionRejectionBudget is -1/);
});

test('when the rejection budget runs out, finish() fills the rest and witness holes are counted', async () => {
  // Hole 0 is surer (committed first); everything in hole 1 is refused.
  const rows = byPosition(false, (p, ids) => (ids[p] === MASK ? [[idOf('q'), p < 5 ? 9 : 5]] : []));
  const witness = (committed: string[]) => committed.map((t, h) => (h === 1 ? 'W' : t));
  const constraint = new RecordingConstraint([3, 3], (h) => h === 1, witness);
  const { result, recorder } = await run({ fixedTexts: ['ab', 'c', 'd'], holeSlots: [3, 3], rows, constraint, options: { rejectionBudget: 2 } });
  assert.equal(result.stopReason, 'rejection-budget');
  assert.equal(result.rejections, 2);
  assert.equal(result.witnessHoles, 1);
  assert.equal(recorder.finishCalls, 1);
  assert.deepEqual(result.holes, ['qqq', 'W']);
  assert.deepEqual(result.committedTexts, ['qqq', ''], 'what decoding committed, apart from what finish() wrote');

  const refuseAll = new RecordingConstraint([3, 3], () => true, () => ['V', 'W']);
  const all = await run({ fixedTexts: ['ab', 'c', 'd'], holeSlots: [3, 3], rows, constraint: refuseAll, options: { rejectionBudget: 5 } });
  assert.equal(all.result.rejections, 5);
  assert.equal(all.result.witnessHoles, 2);
  assert.deepEqual(all.result.holes, ['V', 'W']);

  const none = new RecordingConstraint([3], () => true, () => null);
  const impossible = await run({ fixedTexts: ['ab', 'c'], holeSlots: [3], rows, constraint: none });
  assert.equal(impossible.result.holes, null, 'no completion: null, never a made-up text');
});

test('when the time budget runs out, finish() fills the rest', async () => {
  const { result, recorder } = await run({
    fixedTexts: ['ab', 'c'],
    holeSlots: [3],
    rows: rising('q'),
    model: { afterForward: () => sleep(30) },
    options: { timeBudgetMs: 5 },
  });
  assert.equal(result.stopReason, 'time-budget');
  assert.equal(result.forwardPasses, 1);
  assert.equal(result.checks, 0);
  assert.equal(recorder.finishCalls, 1);
  assert.equal(result.witnessHoles, 1);
});

test('confidence rules order the commits: probability, margin, entropy', async () => {
  // Two slots, one commit per step; which slot goes first? (V has 30 proposable tokens at logit 0.)
  // A: 'a' 8 vs 'b' 7.9 → p ≈ .52, margin ≈ .05, low entropy. B: 'c' alone, p ≈ .45, margin ≈ .43.
  const ab = byPosition(false, (p, ids) => (ids[p] !== MASK ? [] : p === 2 ? [[idOf('a'), 8], [idOf('b'), 7.9]] : [[idOf('c'), Math.log(23.7)]]));
  // C: 'c' alone at p ≈ .6 (high entropy). D: 'a' and 'b' tied at p ≈ .5 (margin 0, entropy ≈ ln 2).
  const cd = byPosition(false, (p, ids) => (ids[p] !== MASK ? [] : p === 2 ? [[idOf('c'), Math.log(43.5)]] : [[idOf('a'), 10], [idOf('b'), 10]]));
  const firstSlot = async (rows: RowFunction, confidence: SamplerOptions['confidence']) =>
    (await run({ fixedTexts: ['ab', 'z'], holeSlots: [2], rows, options: { confidence } })).kept[0].slot;
  assert.equal(await firstSlot(ab, 'probability'), 0);
  assert.equal(await firstSlot(ab, 'margin'), 1);
  assert.equal(await firstSlot(ab, 'entropy'), 0);
  assert.equal(await firstSlot(cd, 'probability'), 0);
  assert.equal(await firstSlot(cd, 'margin'), 0);
  assert.equal(await firstSlot(cd, 'entropy'), 1);
});

test('seeded sampling is reproducible; different seeds differ; temperature 0 ignores the seed', async () => {
  // Mildly peaked, position-dependent distributions over the letters.
  const rows = byPosition(false, (p, ids) => (ids[p] !== MASK ? [] : Array.from({ length: 26 }, (_, t) => [t, ((p * 7 + t * 3) % 5) * 0.4 + t * 1e-3] as [number, number])));
  const fill = async (options: SamplerOptions) => (await run({ fixedTexts: ['ab', 'c'], holeSlots: [16], rows, options })).result.holes![0];
  const a = await fill({ temperature: 1, seed: 1 });
  assert.equal(await fill({ temperature: 1, seed: 1 }), a);
  assert.notEqual(await fill({ temperature: 1, seed: 2 }), a);
  assert.equal(await fill({ temperature: 0, seed: 1 }), await fill({ temperature: 0, seed: 2 }));
  assert.equal(await fill({ temperature: 1, topK: 1, seed: 3 }), await fill({ temperature: 0 }), 'top-k 1 is greedy');
});

test('cancellation: the fill rejects with an AbortError and stops running the model', async () => {
  for (const speculate of [false, true]) {
    const controller = new AbortController();
    const model = new FakeModel(rising('q'));
    const constraint = new RecordingConstraint([6]);
    let passesAtAbort = -1;
    await assert.rejects(
      decodeHoles(model, charVocab, { fixedTexts: ['ab', 'c'], holeSlots: [6] }, constraint, {
        signal: controller.signal,
        speculate,
        onProgress: (p) => {
          if (p.step !== 2) return;
          passesAtAbort = model.inputs.length;
          controller.abort();
        },
      }),
      (e: Error & { code?: string }) => e.name === 'AbortError' && e.code === 'cancelled',
    );
    // Two steps ran; with speculation, the third step's pass had started before their commits were checked.
    assert.equal(passesAtAbort, speculate ? 3 : 2);
    assert.equal(model.inputs.length, passesAtAbort, 'no forward pass starts after the abort');
    assert.equal(constraint.finishCalls, 0);
  }

  // Aborted during a forward pass: nothing of that step is committed.
  const during = new AbortController();
  const slow = new FakeModel(rising('q'), { afterForward: (pass) => (pass === 2 ? during.abort() : undefined) });
  const recorder = new RecordingConstraint([6]);
  await assert.rejects(decodeHoles(slow, charVocab, { fixedTexts: ['ab', 'c'], holeSlots: [6] }, recorder, { signal: during.signal, speculate: false }), { name: 'AbortError' });
  assert.equal(recorder.calls.length, 1, 'only the first step committed');

  const before = new AbortController();
  before.abort();
  const idle = new FakeModel(rising('q'));
  await assert.rejects(decodeHoles(idle, charVocab, { fixedTexts: ['ab', 'c'], holeSlots: [6] }, new RecordingConstraint([6]), { signal: before.signal }), { name: 'AbortError' });
  assert.equal(idle.inputs.length, 0);
});

test('a document longer than the window is cut around the holes; the model never sees more than maxLength', async () => {
  const long = 'abcdefghijklmnopqrstuvwxyz'.repeat(4);
  const { result, model } = await run({ fixedTexts: [long, long, long], holeSlots: [4, 4], rows: rising('q'), model: { maxLength: 40 } });
  assert.deepEqual(result.holes, ['qqqq', 'qqqq']);
  assert.equal(result.contextTokensCut, 3 * long.length - (40 - 8));
  assert.ok(model.inputs.every((ids) => ids.length === 40));
});

test('no holes: no forward pass; bad options are usage errors', async () => {
  const { result, model } = await run({ fixedTexts: ['ab'], holeSlots: [], rows: rising('q') });
  assert.deepEqual(result.holes, []);
  assert.equal(model.inputs.length, 0);
  await assert.rejects(run({ fixedTexts: ['ab', ''], holeSlots: [2], rows: rising('q'), options: { topP: 0 } }), /topP/);
  await assert.rejects(run({ fixedTexts: ['ab', ''], holeSlots: [2], rows: rising('q'), options: { steps: -1 } }), /steps/);
});

test('UnconstrainedCommits joins committed tokens and enforces the commit contract', () => {
  const c = new UnconstrainedCommits([4, 2]);
  assert.ok(c.tryCommit(0, 2, 'y'));
  assert.ok(c.tryCommit(0, 0, 'x'));
  assert.throws(() => c.tryEnd(0, 1), /before its committed slot 2/);
  assert.ok(c.tryEnd(0, 3));
  assert.throws(() => c.tryCommit(0, 3, 'z'), /ended/);
  assert.throws(() => c.tryCommit(0, 0, 'z'), /twice/);
  assert.ok(c.tryCommit(1, 1, 'w'));
  assert.deepEqual(c.finish(), ['xy', 'w']);
});

test("a hole after a line's indentation does not start with blank space; one at a line's start may", async () => {
  // Every slot prefers a space, then a line break, over 'q'.
  const rows = byPosition(false, (p, ids) => (ids[p] === MASK ? [[idOf(' '), 8], [idOf('\n'), 7], [idOf('q'), 6]] : []));
  const indented = await run({ fixedTexts: ['a\n  ', '\nb'], holeSlots: [3], rows });
  assert.deepEqual(indented.result.holes, ['q  ']);
  assert.equal(indented.result.checks, 3, 'the blank first tokens are ruled out without a check');
  const lineStart = await run({ fixedTexts: ['a\n', '\nb'], holeSlots: [3], rows });
  assert.deepEqual(lineStart.result.holes, ['   ']);
  // A selection begun inside the indentation leaves part of it (1 column; the lines around are at 4, 0):
  // the hole writes the rest. A dedent to a column a line before has is whole.
  const partial = await run({ fixedTexts: ['a\n    b\n ', '\nc'], holeSlots: [3], rows });
  assert.deepEqual(partial.result.holes, ['   ']);
  const dedent = await run({ fixedTexts: ['  a\n    b\n  ', '\nc'], holeSlots: [3], rows });
  assert.deepEqual(dedent.result.holes, ['q  ']);
});

test('a first pass started before decoding (startFirstPass) is the first step\'s forward pass, not an extra one', async () => {
  const spec = { fixedTexts: ['ab', 'c'], holeSlots: [6] };
  const plain = await run({ ...spec, rows: rising('q'), options: { steps: 3, speculate: false } });
  const model = new FakeModel(rising('q'));
  const firstPass = startFirstPass(model, charVocab, spec);
  assert.equal(model.inputs.length, 1, 'started at once');
  const early = await decodeHoles(model, charVocab, spec, new RecordingConstraint(spec.holeSlots), { steps: 3, speculate: false }, firstPass);
  assert.deepEqual(early.holes, plain.result.holes);
  assert.equal(early.forwardPasses, plain.result.forwardPasses);
  assert.equal(model.inputs.length, plain.model.inputs.length, 'no forward pass more than without it');
  assert.equal(early.speculationMisses, 0);
  // A first pass over other ids is not used: the sampler runs its own.
  const other = new FakeModel(rising('q'));
  const stale = startFirstPass(other, charVocab, { fixedTexts: ['ab', 'd'], holeSlots: [6] });
  const fresh = await decodeHoles(other, charVocab, spec, new RecordingConstraint(spec.holeSlots), { steps: 3, speculate: false }, stale);
  assert.deepEqual(fresh.holes, plain.result.holes);
  assert.equal(fresh.speculationMisses, 1);
});
