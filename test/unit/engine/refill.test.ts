// A fill checked on windows that the whole document rejects is decoded again under whole-document
// checks one hole at a time, the other holes kept as decoded, before every hole is decoded again.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { fillHoles } from '../../../src/engine/fill';
import { loadLanguage } from '../../../src/engine/language';
import { denoiserOf, loadModel } from '../../../src/model/load';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { emptyLines } from '../../support/cut';

/**
 * `file`'s lines `cutLines` (whose text must be `expected`) emptied as the fill bench cuts them, filled
 * constrained and unconstrained with the embedded model (seed 0); null where the file is not here.
 */
async function fillCut(t: TestContext, language: string, file: string, cutLines: number[], expected: string[]) {
  const runtime = await loadLanguage(language);
  const path = corpusFiles(language, 2000).find((p) => p.endsWith(file));
  if (!path) {
    t.skip(`${file} is not in the corpus`);
    return null;
  }
  const lines = readCorpusFile(path).split('\n');
  assert.deepEqual(cutLines.map((i) => lines[i].trim()), expected);
  const { source, holes } = emptyLines(lines, cutLines);
  const loaded = await loadModel();
  try {
    const model = denoiserOf(loaded);
    const report = await fillHoles({ runtime, model, vocab: loaded.tokenizer, source, holes, holeTokens: 32, sampler: { seed: 0, timeBudgetMs: 60_000 } });
    const unconstrained = await fillHoles({ runtime, model, vocab: loaded.tokenizer, source, holes, holeTokens: 32, unconstrained: true, sampler: { seed: 0 } });
    return { runtime, holes, report, unconstrained };
  } finally {
    await loaded.session.dispose();
  }
}

test('javascript: the hole whose windowed fill breaks the document is decoded again alone (css-select/lib/esm/index.js)', async (t) => {
  // Three whole lines: the first import, a property of an object literal and a return. The model's fill
  // of the first line suits its window but not the document; only that hole is decoded again.
  const cut = await fillCut(t, 'javascript', 'css-select/lib/esm/index.js', [0, 6, 52], ['import * as DomUtils from "domutils";', 'adapter: DomUtils,', 'return Array.isArray(elems)']);
  if (!cut) return;
  const { runtime, report, unconstrained } = cut;
  assert.equal(report.valid, true);
  assert.equal(runtime.parser.validate(report.output).valid, true);
  assert.equal(report.refilledWhole, true, 'the windowed fill parsed: this cut no longer tests the refill');
  assert.deepEqual(report.redecodedHoles, [0], 'only the first hole is decoded again');
  // One hole decoded again costs far fewer forward passes than a second decode of all three.
  assert.ok(report.forwardPasses < unconstrained.forwardPasses * 1.75, `${report.forwardPasses} forward passes vs ${unconstrained.forwardPasses} unconstrained`);
});

test("python: the hole at fault is found where the grammar stops, not at tree-sitter's first problem, and decoded again or repaired without the other holes (asyncio/windows_utils.py)", async (t) => {
  // The model fills the first hole with a `def` header; its window ends before the `else:` that needs an
  // `if`. tree-sitter places the first problem at the start of the function, before every hole, so the
  // hole at fault was not found and all three were decoded again (2.1 s on this machine).
  const cut = await fillCut(t, 'python', 'asyncio/windows_utils.py', [51, 56, 166], ['if overlapped[1]:', 'h1 = h2 = None', 'finally:']);
  if (!cut) return;
  const { runtime, holes, report, unconstrained } = cut;
  assert.equal(report.valid, true);
  assert.equal(runtime.parser.validate(report.output).valid, true);
  assert.ok(report.redecodedHoles.length < holes.length, `every hole was decoded again: ${JSON.stringify(report.redecodedHoles)}`);
  assert.match(report.holes[0], /:\s*$/, `the first hole must open the block its else: continues: ${JSON.stringify(report.holes[0])}`);
  // One hole decoded again, not all three (a second decode of every hole doubles the passes).
  assert.ok(report.forwardPasses < unconstrained.forwardPasses * 1.75, `${report.forwardPasses} forward passes vs ${unconstrained.forwardPasses} unconstrained`);
});
