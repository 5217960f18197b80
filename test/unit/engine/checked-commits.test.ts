// The prefix views of CheckedCommits may only make refusals cheaper, never change a decision: on real
// files with holes, the same random sequence of commits and ends must be kept or refused identically
// with prefix views (every hole) and without (none), and the final fills must be the same. (The plain
// side also found an incremental-chart bug: an undo whose cut was taken from a stale chart.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletabilityChecker } from '../../../src/check/checker';
import { piecesFromRanges } from '../../../src/check/document';
import { CheckedCommits } from '../../../src/engine/checked-commits';
import { loadLanguage } from '../../../src/engine/language';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { seededRandom } from '../../support/random';

const SLOTS = 6;

for (const language of ['cpp', 'json', 'python', 'javascript']) {
  test(`${language}: prefix views refuse exactly what the full check refuses`, async () => {
    const runtime = await loadLanguage(language);
    const rand = seededRandom(language.length * 131 + 5);
    const files = corpusFiles(language, 60)
      .map((path) => ({ path, source: readCorpusFile(path) }))
      .filter(({ source }) => source.length > 600 && source.length < 5000 && !source.includes('\r') && runtime.parser.validate(source).valid)
      .slice(0, 3);
    assert.ok(files.length >= 2, `only ${files.length} usable ${language} files`);
    let decisions = 0;
    let refusals = 0;
    let quick = 0;
    for (const { path, source } of files) {
      // Two holes: one early (a long suffix, so it gets a prefix view), one in the middle.
      const holes: Array<[number, number]> = [];
      for (const at of [0.15, 0.55]) {
        const start = source.indexOf('\n', Math.floor(source.length * at)) + 1;
        const end = Math.min(source.indexOf('\n', start), start + 12);
        holes.push([start, Math.max(start, end)]);
      }
      const removed = holes.map(([s, e]) => source.slice(s, e));
      const make = (prefixViewMinSuffix: number) =>
        new CheckedCommits(new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromRanges(source, holes)), holes.map(() => SLOTS), runtime.parser, { prefixViewMinSuffix });
      const withViews = make(0);
      const plain = make(Infinity);
      assert.equal(withViews.initialCheck(), true, `${path}: not completable with holes ${JSON.stringify(holes)}`);
      assert.equal(plain.initialCheck(), true);
      // Proposals mix the removed text's characters (often kept) with random code characters (often refused).
      const alphabet = '(){}[];,:="\'.+-*/<> \nabcxyz019';
      const masked = holes.map(() => new Set(Array.from({ length: SLOTS }, (_, i) => i)));
      for (let step = 0; step < 40; step++) {
        const hole = Math.floor(rand() * holes.length);
        const open = [...masked[hole]];
        if (!open.length) continue;
        const slot = open[Math.floor(rand() * open.length)];
        const ends = rand() < 0.08;
        const later = [...Array(SLOTS).keys()].filter((s) => s > slot && !masked[hole].has(s));
        if (ends && later.length === 0) {
          const a = withViews.tryEnd(hole, slot);
          assert.equal(a, plain.tryEnd(hole, slot), `${path}: end of hole ${hole} at ${slot}`);
          if (a) for (let s = slot; s < SLOTS; s++) masked[hole].delete(s);
        } else {
          const fromText = removed[hole][slot];
          const text = fromText !== undefined && rand() < 0.5 ? fromText : alphabet[Math.floor(rand() * alphabet.length)];
          const a = withViews.tryCommit(hole, slot, text);
          assert.equal(a, plain.tryCommit(hole, slot, text), `${path}: ${JSON.stringify(text)} at slot ${slot} of hole ${hole}`);
          if (a) masked[hole].delete(slot);
          else refusals++;
        }
        decisions++;
      }
      assert.deepEqual(withViews.finish(), plain.finish(), `${path}: the final fills differ`);
      quick += withViews.stats.prefixRejections;
    }
    console.log(`${language}: ${decisions} decisions, ${refusals} refusals, ${quick} of them by a prefix view`);
    assert.ok(refusals > 0, 'the proposals never got refused: the test shows nothing');
    assert.ok(quick > 0, 'no refusal came from a prefix view');
  });
}

test('tryCommitEnding: commits a closer and ends the hole after it, or changes nothing; also where the hole was ended further on', async () => {
  const runtime = await loadLanguage('javascript');
  const source = 'f(x);\nconst y = 1;\n';
  const at = source.indexOf('x');
  const make = () => new CheckedCommits(new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromRanges(source, [[at, at + 1]])), [5], runtime.parser, { prefixViewMinSuffix: 0 });
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
