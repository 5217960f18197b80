// Inline completions inside a line comment: no grammar check, no line break, and the text stays valid.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SingleLineCommits } from '../../../src/decode/constraint';
import { fillHoles } from '../../../src/engine/fill';
import { loadLanguage } from '../../../src/engine/language';
import { denoiserOf, loadModel } from '../../../src/model/load';

test('SingleLineCommits refuses a line break and keeps everything else', () => {
  const commits = new SingleLineCommits([3]);
  assert.equal(commits.tryCommit(0, 0, 'a'), true);
  assert.equal(commits.tryCommit(0, 1, '\n'), false);
  assert.equal(commits.tryCommit(0, 1, 'b\r'), false);
  assert.equal(commits.tryCommit(0, 1, ' c'), true);
  assert.equal(commits.tryEnd(0, 2), true);
  assert.deepEqual(commits.finish(), ['a c']);
});

test('insideLineComment: a cursor inside a comment that runs to the end of its line', async () => {
  const python = await loadLanguage('python');
  const text = 'x = 1  # the count\ny = 2\n';
  assert.equal(python.parser.insideLineComment(text, text.indexOf('count')), true);
  assert.equal(python.parser.insideLineComment(text, text.indexOf('\ny')), true, 'at the end of the comment');
  assert.equal(python.parser.insideLineComment(text, text.indexOf('#')), false, 'before the comment');
  assert.equal(python.parser.insideLineComment(text, text.indexOf('= 1')), false, 'in code');
  const c = await loadLanguage('c');
  const block = 'int x; /* a\n b */ int y;\n';
  assert.equal(c.parser.insideLineComment(block, block.indexOf(' a')), false, 'a comment over two lines');
  const tail = 'int x; /* a */ int y;\n';
  assert.equal(c.parser.insideLineComment(tail, tail.indexOf(' a')), false, 'code after the comment on its line');
});

test('an inline fill inside a line comment plans no grammar check and writes no line break; in code it is checked', async () => {
  const runtime = await loadLanguage('python');
  const loaded = await loadModel();
  try {
    const model = denoiserOf(loaded);
    const source = 'def area(r):\n    # the area of a circle of radius\n    return 3.14 * r * r\n';
    const cursor = source.indexOf('radius') + 'radius'.length;
    const inComment = await fillHoles({ runtime, model, vocab: loaded.tokenizer, source, holes: [[cursor, cursor]], holeTokens: 8, quick: true, sampler: { timeBudgetMs: 5000 } });
    assert.equal(inComment.valid, true);
    assert.equal(inComment.planMs, 0, 'no completability check was planned');
    assert.doesNotMatch(inComment.holes[0], /[\r\n]/);
    const code = source.indexOf('3.14') + '3.14'.length;
    const inCode = await fillHoles({ runtime, model, vocab: loaded.tokenizer, source, holes: [[code, code]], holeTokens: 8, quick: true, sampler: { timeBudgetMs: 5000 } });
    assert.ok(inCode.planMs > 0, 'a cursor in code is checked');
  } finally {
    await loaded.session.dispose();
  }
});
