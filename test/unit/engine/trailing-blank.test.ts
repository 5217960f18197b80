// A fill's blank space before a line break of the text after it leaves only trailing blanks or a blank
// line: it is dropped where the text stays valid (samples/settings.json's `"insertSpaces": []` was
// followed by a line of two spaces).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { markersToInsertionHoles } from '../../../src/check/document';
import { packageRoot } from '../../../src/core/paths';
import { fillHoles } from '../../../src/engine/fill';
import { loadLanguage } from '../../../src/engine/language';
import { denoiserOf, loadModel } from '../../../src/model/load';

test('a fill ends without blank space before a line break of the text after it', async () => {
  const runtime = await loadLanguage('json');
  const loaded = await loadModel();
  try {
    const { text: source, holes } = markersToInsertionHoles(readFileSync(join(packageRoot(), 'samples', 'settings.json'), 'utf8'), '<|hole|>');
    const report = await fillHoles({ runtime, model: denoiserOf(loaded), vocab: loaded.tokenizer, source, holes, sampler: { seed: 0 } });
    assert.equal(report.valid, true);
    holes.forEach(([, end], h) => {
      if (source[end] === '\n') assert.doesNotMatch(report.holes[h], /\s$/, `hole ${h} ends with blank space: ${JSON.stringify(report.holes[h])}`);
    });
    assert.doesNotMatch(report.output, /\n[ \t]*\n/, 'no blank line the fill made');
    assert.equal(runtime.parser.validate(report.output).valid, true);
  } finally {
    await loaded.session.dispose();
  }
});
