// The check window of a fill: on long real files, a hole's window is a proper part of the file whose
// surroundings parse on their own, and the window with the hole cut out is still judged completable
// (the removed text is a completion of it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletabilityChecker } from '../../../src/check/checker';
import { piecesFromRanges } from '../../../src/check/document';
import { checkWindow, WINDOW_MIN_CHARS } from '../../../src/engine/check-window';
import { loadLanguage } from '../../../src/engine/language';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { seededRandom } from '../../support/random';

for (const language of ['python', 'javascript', 'go']) {
  test(`${language}: windows around holes in long real files are smaller than the file and completable`, async () => {
    const runtime = await loadLanguage(language);
    const rand = seededRandom(language.length * 17 + 3);
    const files = corpusFiles(language, 80)
      .map((path) => ({ path, source: readCorpusFile(path) }))
      .filter(({ source }) => source.length > WINDOW_MIN_CHARS * 2 && source.length < 60_000 && !source.includes('\r') && runtime.parser.validate(source).valid)
      .slice(0, 4);
    assert.ok(files.length >= 2, `only ${files.length} long ${language} files`);
    let windows = 0;
    for (const { path, source } of files) {
      const at = Math.floor(source.length * (0.3 + 0.4 * rand()));
      const start = source.lastIndexOf('\n', at) + 1;
      const end = Math.max(start, source.indexOf('\n', start));
      const holes: Array<[number, number]> = [[start + Math.floor((end - start) / 2), end]];
      const window = checkWindow(runtime.parser, source, holes);
      if (!window) continue;
      windows++;
      const [from, to] = window;
      assert.ok(from <= holes[0][0] && holes[0][1] <= to && to - from < source.length, `${path}: window ${from}-${to} does not hold the hole or is the whole file`);
      assert.ok(runtime.parser.validate(source.slice(0, from)).valid && runtime.parser.validate(source.slice(to)).valid, `${path}: the text around the window does not parse`);
      const pieces = piecesFromRanges(source.slice(from, to), holes.map(([s, e]) => [s - from, e - from] as [number, number]));
      const verdict = new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces).check();
      assert.equal(verdict.completable, true, `${path}: the window ${from}-${to} with hole ${JSON.stringify(holes)} judged not completable`);
    }
    assert.ok(windows >= 1, `no ${language} file got a window`);
  });
}
