// A fill checked on windows that the whole document rejects is decoded again under whole-document
// checks one hole at a time, the other holes kept as decoded, before every hole is decoded again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillHoles } from '../../../src/engine/fill';
import { loadLanguage } from '../../../src/engine/language';
import { denoiserOf, loadModel } from '../../../src/model/load';
import { corpusFiles, readCorpusFile } from '../../support/corpus';

test('python: the hole whose windowed fill breaks the document is decoded again alone (asyncio/format_helpers.py, fill bench cut)', async (t) => {
  const runtime = await loadLanguage('python');
  const path = corpusFiles('python', 400).find((p) => p.endsWith('asyncio/format_helpers.py'));
  if (!path) return t.skip('asyncio/format_helpers.py is not in the corpus');
  const lines = readCorpusFile(path).split('\n');
  // The fill bench's cut (3 holes, seed 1): three whole lines emptied after their indentation. The
  // third is inside a docstring, where the model writes quotes that close it early: the string the
  // docstring's fixed `"""` then opens swallows code past the window.
  const cutLines = [1, 18, 63];
  assert.deepEqual(cutLines.map((i) => lines[i].trim()), ['import inspect', 'return None', 'necessary work for asyncio debug mode.']);
  let source = '';
  const holes: Array<[number, number]> = [];
  lines.forEach((line, i) => {
    if (cutLines.includes(i)) {
      source += line.slice(0, line.length - line.trimStart().length);
      holes.push([source.length, source.length]);
    } else source += line;
    if (i < lines.length - 1) source += '\n';
  });
  const loaded = await loadModel();
  try {
    const model = denoiserOf(loaded);
    const report = await fillHoles({ runtime, model, vocab: loaded.tokenizer, source, holes, holeTokens: 32, sampler: { seed: 1, timeBudgetMs: 60_000 } });
    assert.equal(report.valid, true);
    assert.equal(runtime.parser.validate(report.output).valid, true);
    assert.equal(report.refilledWhole, true, 'the windowed fill parsed: this cut no longer tests the refill');
    assert.deepEqual(report.redecodedHoles, [2], 'the docstring hole alone is decoded again');
    // One hole decoded again costs far fewer forward passes than a second decode of all three.
    const unconstrained = await fillHoles({ runtime, model, vocab: loaded.tokenizer, source, holes, holeTokens: 32, unconstrained: true, sampler: { seed: 1 } });
    assert.ok(report.forwardPasses < unconstrained.forwardPasses * 1.75, `${report.forwardPasses} forward passes vs ${unconstrained.forwardPasses} unconstrained`);
  } finally {
    await loaded.session.dispose();
  }
});
