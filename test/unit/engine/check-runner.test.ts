// Checks in the worker thread give the same verdicts as in the calling thread, keep errors' codes, and
// the thread that asks stays free while a long check runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { piecesFromMarkedText } from '../../../src/check/document';
import { DEFAULT_BUDGET } from '../../../src/check/earley';
import { checkDocument } from '../../../src/engine/check-document';
import { CheckRunner } from '../../../src/engine/check-runner';
import { loadLanguage } from '../../../src/engine/language';
import { HolefillError } from '../../../src/core/errors';
import { corpusFiles, readCorpusFile } from '../../support/corpus';

const MARKER = '<|hole|>';

test('the worker judges documents as the calling thread does', async () => {
  const runner = new CheckRunner();
  try {
    for (const [language, text] of [
      ['json', '{"a": <|hole|>, "b": [1, 2<|hole|>}'],
      ['json', '{"a": ] <|hole|>}'],
      ['python', 'def f(x):\n    return <|hole|>\n'],
      ['cpp', 'int main() { int x = 1 +; }'],
    ]) {
      const runtime = await loadLanguage(language);
      const marked = piecesFromMarkedText(text, MARKER);
      const here = checkDocument(runtime, text, marked.pieces, marked.holeSpans.length, DEFAULT_BUDGET);
      const there = await runner.check(language, {}, text, MARKER, DEFAULT_BUDGET);
      assert.equal(there.report.completable, here.completable, text);
      assert.deepEqual(there.report.error, here.error, text);
      assert.deepEqual(there.report.witness, here.witness, text);
      assert.deepEqual(there.holeSpans, marked.holeSpans, text);
    }
    await assert.rejects(runner.check('cobol', {}, 'x', MARKER, DEFAULT_BUDGET), (e: unknown) => e instanceof HolefillError && e.code === 'unsupported-language');
  } finally {
    runner.dispose();
  }
});

test('a long check leaves the calling thread free', async () => {
  const runner = new CheckRunner();
  try {
    const runtime = await loadLanguage('python');
    const source = corpusFiles('python', 200)
      .map(readCorpusFile)
      .find((t) => t.length > 20_000 && t.length < 60_000 && runtime.parser.validate(t).valid);
    assert.ok(source, 'no long python file');
    await runner.check('python', {}, 'x = 1\n', MARKER, DEFAULT_BUDGET); // worker and grammar warm
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = performance.now();
    const { report } = await runner.check('python', {}, source.slice(0, 2000) + MARKER + source.slice(2000), MARKER, DEFAULT_BUDGET);
    const ms = performance.now() - t0;
    clearInterval(timer);
    assert.notEqual(report.completable, false);
    // The timer ran about every 10 ms meanwhile: the check did not hold this thread.
    assert.ok(ticks >= Math.floor(ms / 10 / 4), `${ticks} timer ticks in ${ms.toFixed(0)} ms`);
    console.log(`python ${source.length} chars checked in the worker in ${ms.toFixed(0)} ms; ${ticks} timer ticks meanwhile`);
  } finally {
    runner.dispose();
  }
});
