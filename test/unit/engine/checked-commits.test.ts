// CheckedCommits decides incrementally: each commit or end re-parses from where it changed the
// document, and a refused one is undone. Oracle: on real files with holes, a random sequence of commits
// and ends must get, at every step, the decision of a fresh constraint that replays only the kept steps
// and then tries the same one (no history of refused and undone edits). This found an incremental-chart
// bug once: an undo whose cut was taken from a stale chart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletabilityChecker } from '../../../src/check/checker';
import { piecesFromRanges } from '../../../src/check/document';
import { CheckedCommits } from '../../../src/engine/checked-commits';
import { loadLanguage } from '../../../src/engine/language';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { seededRandom } from '../../support/random';

const SLOTS = 6;

type Step = { readonly hole: number; readonly slot: number } & ({ readonly text: string; readonly thenEnd?: true } | { readonly end: true });

function apply(commits: CheckedCommits, step: Step): boolean {
  if ('end' in step) return commits.tryEnd(step.hole, step.slot);
  return step.thenEnd ? commits.tryCommitEnding(step.hole, step.slot, step.text) : commits.tryCommit(step.hole, step.slot, step.text);
}

for (const language of ['cpp', 'json', 'python', 'javascript']) {
  test(`${language}: incremental decisions equal a fresh replay's`, async () => {
    const runtime = await loadLanguage(language);
    const rand = seededRandom(language.length * 131 + 5);
    const files = corpusFiles(language, 60)
      .map((path) => ({ path, source: readCorpusFile(path) }))
      .filter(({ source }) => source.length > 600 && source.length < 5000 && !source.includes('\r') && runtime.parser.validate(source).valid)
      .slice(0, 3);
    assert.ok(files.length >= 2, `only ${files.length} usable ${language} files`);
    let decisions = 0;
    let refusals = 0;
    for (const { path, source } of files) {
      // Two holes: one early, one in the middle.
      const holes: Array<[number, number]> = [];
      for (const at of [0.15, 0.55]) {
        const start = source.indexOf('\n', Math.floor(source.length * at)) + 1;
        const end = Math.min(source.indexOf('\n', start), start + 12);
        holes.push([start, Math.max(start, end)]);
      }
      const removed = holes.map(([s, e]) => source.slice(s, e));
      const make = () => new CheckedCommits(new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromRanges(source, holes)), holes.map(() => SLOTS), runtime.parser);
      const incremental = make();
      assert.equal(incremental.initialCheck(), true, `${path}: not completable with holes ${JSON.stringify(holes)}`);
      const kept: Step[] = [];
      // Proposals mix the removed text's characters (often kept) with random code characters (often refused).
      const alphabet = '(){}[];,:="\'.+-*/<> \nabcxyz019';
      const masked = holes.map(() => new Set(Array.from({ length: SLOTS }, (_, i) => i)));
      for (let step = 0; step < 24; step++) {
        const hole = Math.floor(rand() * holes.length);
        const open = [...masked[hole]];
        if (!open.length) continue;
        const slot = open[Math.floor(rand() * open.length)];
        const later = [...Array(SLOTS).keys()].filter((s) => s > slot && !masked[hole].has(s));
        const fromText = removed[hole][slot];
        const text = fromText !== undefined && rand() < 0.5 ? fromText : alphabet[Math.floor(rand() * alphabet.length)];
        // A commit that also ends the hole (two edits, one check) needs every earlier slot committed.
        const closes = later.length === 0 && open.every((s) => s >= slot) && rand() < 0.4;
        const next: Step = rand() < 0.08 && later.length === 0 ? { hole, slot, end: true } : closes ? { hole, slot, text, thenEnd: true } : { hole, slot, text };
        const decided = apply(incremental, next);
        const replay = make();
        replay.initialCheck();
        for (const k of kept) assert.equal(apply(replay, k), true, `${path}: a kept step is refused on replay`);
        assert.equal(decided, apply(replay, next), `${path}: ${JSON.stringify(next)} after ${JSON.stringify(kept)}`);
        decisions++;
        if (!decided) refusals++;
        else {
          kept.push(next);
          if ('end' in next || next.thenEnd) for (let s = slot; s < SLOTS; s++) masked[hole].delete(s);
          else masked[hole].delete(slot);
        }
      }
      const replay = make();
      replay.initialCheck();
      for (const k of kept) apply(replay, k);
      assert.deepEqual(incremental.finish(), replay.finish(), `${path}: the final fills differ`);
    }
    console.log(`${language}: ${decisions} decisions, ${refusals} refusals`);
    assert.ok(refusals > 0, 'the proposals never got refused: the test shows nothing');
    assert.ok(refusals < decisions, 'every proposal was refused: the test shows nothing');
  });
}

test('tryCommitEnding: commits a closer and ends the hole after it, or changes nothing; also where the hole was ended further on', async () => {
  const runtime = await loadLanguage('javascript');
  const source = 'f(x);\nconst y = 1;\n';
  const at = source.indexOf('x');
  const make = () => new CheckedCommits(new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromRanges(source, [[at, at + 1]])), [5], runtime.parser);
  /** A constraint with the hole ended at `endedAt` first (none: -1), then `g(` committed in slots 0 and 1. */
  const opened = (endedAt: number) => {
    const commits = make();
    if (endedAt >= 0) assert.equal(commits.tryEnd(0, endedAt), true);
    assert.equal(commits.tryCommit(0, 0, 'g'), true);
    assert.equal(commits.tryCommit(0, 1, '('), true);
    return commits;
  };
  const commits = opened(-1);
  assert.equal(commits.tryEnd(0, 2), false, 'g( is unfinished');
  assert.equal(commits.tryCommitEnding(0, 2, ']'), false);
  assert.equal(commits.holes.preview(0, '_'), 'g(___', 'a refused closer leaves the hole as it was');
  assert.equal(commits.tryCommitEnding(0, 2, ')'), true);
  assert.deepEqual(commits.finish(), ['g()']);

  // The hole was ended at slot 3 before slot 2's end was refused: the closer only fills slot 2.
  const ended = opened(3);
  assert.equal(ended.tryCommitEnding(0, 2, ')'), true);
  assert.deepEqual(ended.finish(), ['g()']);

  // Ended at slot 4: a refused closer at slot 2 ends at 3 and is undone, and slot 4 stays ended.
  const endedLater = opened(4);
  assert.equal(endedLater.tryCommitEnding(0, 2, ']'), false);
  assert.equal(endedLater.holes.preview(0, '_'), 'g(__', 'slots 2 and 3 masked, 4 ended as before');
  assert.equal(endedLater.holes.isEnded(0, 4), true);
  assert.equal(endedLater.tryCommitEnding(0, 2, ')'), true);
  assert.deepEqual(endedLater.finish(), ['g()']);
});
