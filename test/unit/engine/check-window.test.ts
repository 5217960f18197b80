// The check windows of a fill: on long real files, a hole's windows are proper parts of the file that
// hold the hole and whose surroundings parse without them; checked in place (the text before, the
// window, the closers of the constructs around it), a window is completable with the hole cut out
// wherever its own text parses there — the removed text is a completion.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletabilityChecker } from '../../../src/check/checker';
import { piecesFromRanges } from '../../../src/check/document';
import { surroundingsParse, windowCandidates, windowInPlace } from '../../../src/engine/check-window';
import { loadLanguage } from '../../../src/engine/language';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { seededRandom } from '../../support/random';

for (const language of ['python', 'javascript', 'go', 'cpp']) {
  test(`${language}: windows around holes in long real files are smaller than the file and completable`, async () => {
    const runtime = await loadLanguage(language);
    const rand = seededRandom(language.length * 17 + 3);
    const files = corpusFiles(language, 80)
      .map((path) => ({ path, source: readCorpusFile(path) }))
      .filter(({ source }) => source.length > 4000 && source.length < 15_000 && !source.includes('\r') && runtime.parser.validate(source).valid)
      .slice(0, 4);
    assert.ok(files.length >= 2, `only ${files.length} long ${language} files`);
    let windows = 0;
    let closedWindows = 0;
    for (const { path, source } of files) {
      const at = Math.floor(source.length * (0.3 + 0.4 * rand()));
      const start = source.lastIndexOf('\n', at) + 1;
      const end = Math.max(start, source.indexOf('\n', start));
      const holes: Array<[number, number]> = [[start + Math.floor((end - start) / 2), end]];
      const found = windowCandidates(runtime.parser, source, holes)[0].filter((w) => surroundingsParse(runtime.parser, source, [w]));
      if (!found.length) continue;
      windows += found.length;
      let completable = 0;
      let closed = 0;
      for (const w of found) {
        assert.ok(w.start <= holes[0][0] && holes[0][1] <= w.end && w.end - w.start < source.length, `${path}: window ${w.start}-${w.end} does not hold the hole or is the whole file`);
        assert.ok(runtime.parser.validate(source.slice(0, w.start) + source.slice(w.end)).valid, `${path}: the text around window ${w.start}-${w.end} does not parse`);
        // In its place (the text before, the window, the rest of its construct and the closers around it): the removed text completes it
        // wherever the window with its own text parses there.
        const placed = windowInPlace(runtime.parser, source, w, []);
        if (placed.closed) closed++;
        const original = placed.text.slice(0, placed.offset(holes[0][0])) + source.slice(holes[0][0], holes[0][1]) + placed.text.slice(placed.offset(holes[0][1]));
        const pieces = piecesFromRanges(placed.text, holes.map(([s, e]) => [placed.offset(s), placed.offset(e)] as [number, number]));
        const verdict = new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces).check().completable;
        if (verdict) completable++;
        if (runtime.parser.validate(original).valid) assert.equal(verdict, true, `${path}: window ${w.start}-${w.end} in place is not completable, but its own text completes it`);
        // As a file of its own (how a window is checked beside other holes), its constructs start in its
        // column. (Other grammars may reject a window's text as a file where tree-sitter recovers.)
        const own = source.slice(w.start, w.end);
        const ownVerdict = new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromRanges(own, []), undefined, { firstColumn: w.column }).check().completable;
        if (language === 'python' && runtime.parser.validate(own).valid) assert.equal(ownVerdict, true, `${path}: window ${w.start}-${w.end} as a file of its own (column ${w.column}) is not completable`);
      }
      assert.ok(completable > 0, `${path}: no window of ${JSON.stringify(found)} is completable with hole ${JSON.stringify(holes)}`);
      closedWindows += closed;
    }
    assert.ok(windows >= 1, `no ${language} file got a window`);
    assert.ok(closedWindows >= 1, `no ${language} window was checked with its closers alone`);
  });
}
