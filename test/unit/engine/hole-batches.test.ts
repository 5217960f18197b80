// Holes whose mask slots do not fit the model's window with context beside them are decoded in batches:
// each batch with the holes after it open in the checks, the earlier batches' fills as fixed text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillHoles } from '../../../src/engine/fill';
import { loadLanguage } from '../../../src/engine/language';
import { denoiserOf, loadModel } from '../../../src/model/load';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { emptyLines } from '../../support/cut';

test('ten line holes of 32 mask slots in a 256-token window are filled in batches, and the result parses', async (t) => {
  const runtime = await loadLanguage('python');
  const path = corpusFiles('python', 2000).find((p) => p.endsWith('asyncio/tasks.py'));
  if (!path) return t.skip('asyncio/tasks.py is not in the corpus');
  const lines = readCorpusFile(path).split('\n');
  // Ten code lines spread over the file, emptied after their indentation as the fill bench cuts them.
  const code = lines.flatMap((line, i) => (i > 20 && line.trim().length >= 4 && !/^\s*(#|"""|@)/.test(line) ? [i] : []));
  const cutLines = Array.from({ length: 10 }, (_, k) => code[Math.floor(((k + 0.5) * code.length) / 10)]);
  const { source, holes } = emptyLines(lines, cutLines);
  const loaded = await loadModel();
  try {
    assert.ok(10 * 32 > loaded.manifest.maxLength, 'the holes must not fit the window at once');
    const model = denoiserOf(loaded);
    const report = await fillHoles({ runtime, model, vocab: loaded.tokenizer, source, holes, holeTokens: 32, sampler: { seed: 0 } });
    assert.equal(report.valid, true);
    assert.equal(report.holes.length, 10);
    let expected = '';
    let at = 0;
    holes.forEach(([s, e], h) => {
      expected += source.slice(at, s) + report.holes[h];
      at = e;
    });
    assert.equal(report.output, expected + source.slice(at), 'the output is the source with each hole\'s fill');
    assert.equal(runtime.parser.validate(report.output).valid, true);
    assert.equal(report.maskSlots, 320);
    assert.ok(report.forwardPasses > 0);
  } finally {
    await loaded.session.dispose();
  }
});
