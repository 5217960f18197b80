// A fill checked on windows that the whole document rejects is decoded again under whole-document
// checks one hole at a time, the other holes kept as decoded, before every hole is decoded again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillHoles } from '../../../src/engine/fill';
import { loadLanguage } from '../../../src/engine/language';
import { denoiserOf, loadModel } from '../../../src/model/load';
import { corpusFiles, readCorpusFile } from '../../support/corpus';

test('typescript: the hole whose windowed fill breaks the document is decoded again alone (AccountManager.ts, fill bench cut)', async (t) => {
  const runtime = await loadLanguage('typescript');
  const path = corpusFiles('typescript', 400).find((p) => p.endsWith('msal-browser/src/cache/AccountManager.ts'));
  if (!path) return t.skip('AccountManager.ts is not in the corpus');
  const lines = readCorpusFile(path).split('\n');
  // The fill bench's cut (3 holes, seed 1): three whole lines emptied after their indentation.
  const cutLines = [43, 52, 74];
  assert.deepEqual(cutLines.map((i) => lines[i].trim()), ['if (account) {', 'correlationId', 'browserStorage: BrowserCacheManager,']);
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
    // The windowed decode's fill of the second hole opened a block that only its window closed.
    assert.equal(report.refilledWhole, true, 'the windowed fill parsed: this cut no longer tests the refill');
    assert.equal(report.redecodedHoles.length, 1, `decoded again: ${report.redecodedHoles}`);
    // One hole's decode again costs far fewer forward passes than the first decode of all three.
    const unconstrained = await fillHoles({ runtime, model, vocab: loaded.tokenizer, source, holes, holeTokens: 32, unconstrained: true, sampler: { seed: 1 } });
    assert.ok(report.forwardPasses < unconstrained.forwardPasses * 1.75, `${report.forwardPasses} forward passes vs ${unconstrained.forwardPasses} unconstrained`);
  } finally {
    await loaded.session.dispose();
  }
});
