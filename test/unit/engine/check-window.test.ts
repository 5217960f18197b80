// The check windows of a fill: on long real files, a hole's windows are proper parts of the file that
// hold the hole and whose surroundings parse without them, and at least one of them (or the file) is
// judged completable with the hole cut out. The top-level window, when there is one, always is: the
// removed text completes it, and top-level constructs stand alone as a file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletabilityChecker } from '../../../src/check/checker';
import { piecesFromRanges } from '../../../src/check/document';
import { surroundingsParse, windowCandidates, WINDOW_MIN_CHARS } from '../../../src/engine/check-window';
import { loadLanguage } from '../../../src/engine/language';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { seededRandom } from '../../support/random';

for (const language of ['python', 'javascript', 'go', 'cpp']) {
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
      const found = windowCandidates(runtime.parser, source, holes)[0].filter((w) => surroundingsParse(runtime.parser, source, [w]));
      if (!found.length) continue;
      windows += found.length;
      let completable = 0;
      for (const [from, to] of found) {
        assert.ok(from <= holes[0][0] && holes[0][1] <= to && to - from < source.length, `${path}: window ${from}-${to} does not hold the hole or is the whole file`);
        assert.ok(runtime.parser.validate(source.slice(0, from) + source.slice(to)).valid, `${path}: the text around window ${from}-${to} does not parse`);
        const pieces = piecesFromRanges(source.slice(from, to), holes.map(([s, e]) => [s - from, e - from] as [number, number]));
        if (new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces).check().completable) completable++;
      }
      const [from, to] = found[found.length - 1];
      const topLevel = runtime.parser.validate(source.slice(from, to)).valid;
      if (topLevel) assert.ok(completable > 0, `${path}: no window of ${JSON.stringify(found)} is completable with hole ${JSON.stringify(holes)}`);
    }
    assert.ok(windows >= 1, `no ${language} file got a window`);
  });
}
