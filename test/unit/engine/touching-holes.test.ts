// Holes with no text between them (`<|hole|><|hole|>`, adjacent selections) are one hole, as the check
// reads them: the checker sees one gap there, and a fill used to stop with an internal error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillHoles } from '../../../src/engine/fill';
import { loadLanguage } from '../../../src/engine/language';
import { denoiserOf, loadModel } from '../../../src/model/load';

test('touching holes are filled as one: the first takes the fill, the others stay empty', async () => {
  const runtime = await loadLanguage('c');
  const loaded = await loadModel();
  try {
    const model = denoiserOf(loaded);
    const source = 'int a = ;\nint b = ;\n';
    const first = source.indexOf(';');
    const second = source.lastIndexOf(';');
    // Holes 0 and 1 touch (an empty one and a cursor at the same place); hole 2 is apart.
    const holes: Array<[number, number]> = [[first, first], [first, first], [second, second]];
    const report = await fillHoles({ runtime, model, vocab: loaded.tokenizer, source, holes, holeTokens: 8, sampler: { seed: 0 } });
    assert.equal(report.holes.length, 3);
    assert.equal(report.holes[1], '', 'the second of two touching holes stays empty');
    assert.notEqual(report.holes[0], '', 'an initializer is needed');
    assert.notEqual(report.holes[2], '', 'an initializer is needed');
    assert.equal(report.valid, true);
    const expected = source.slice(0, first) + report.holes[0] + source.slice(first, second) + report.holes[2] + source.slice(second);
    assert.equal(report.output, expected);
    assert.equal(runtime.parser.validate(report.output).valid, true);
  } finally {
    await loaded.session.dispose();
  }
});
