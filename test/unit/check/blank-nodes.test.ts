// Nodes reached only across blank space share their source's items (EarleyChart.shareBlankNodes). The
// reference builds every node in full; on real files with random holes both must give the same verdict,
// the same place of failure and the same witness, also through incremental edits and their undo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletabilityChecker, type CheckerOptions } from '../../../src/check/checker';
import { gap, piecesFromRanges, text, type Piece } from '../../../src/check/document';
import { loadLanguage } from '../../../src/engine/language';
import { BUILTIN_LANGUAGES } from '../../../src/grammar/languages';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { seededRandom } from '../../support/random';

const FILES_PER_LANGUAGE = 3;
const MAX_FILE_CHARS = 6_000;

for (const language of BUILTIN_LANGUAGES) {
  test(`${language.id}: sharing blank nodes changes no verdict, failure place or witness`, async () => {
    const runtime = await loadLanguage(language.id);
    const rand = seededRandom(language.id.length * 131 + 7);
    let used = 0;
    let itemsShared = 0;
    let itemsFull = 0;
    for (const path of corpusFiles(language.id, 60)) {
      if (used >= FILES_PER_LANGUAGE) break;
      const source = readCorpusFile(path);
      if (source.length > MAX_FILE_CHARS || source.includes('\r') || !runtime.parser.validate(source).valid) continue;
      used++;
      // One hole of up to 30 characters, and the same with a character in front of it that may break it.
      const start = Math.floor(rand() * (source.length - 1));
      const end = Math.min(source.length, start + 1 + Math.floor(rand() * 30));
      const broken = source.slice(0, start) + ')' + source.slice(start);
      for (const [doc, hole] of [[source, [start, end]], [broken, [start + 1, end + 1]]] as const) {
        for (const lexing of [{}, { fixedTextIntact: true, keywordsShadowWords: true }] as CheckerOptions[]) {
          const where = `${path} hole ${JSON.stringify(hole)}${doc === broken ? ' after a stray )' : ''} ${JSON.stringify(lexing)}`;
          const pieces = piecesFromRanges(doc, [hole]);
          const shared = new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces, undefined, { ...lexing, shareBlankNodes: true });
          const full = new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces, undefined, { ...lexing, shareBlankNodes: false });
          const compare = (step: string) => {
            const a = shared.check();
            const b = full.check();
            assert.equal(a.completable, b.completable, `${where}, ${step}: verdicts differ`);
            assert.deepEqual(a.error, b.error, `${where}, ${step}: failure places differ`);
            if (a.completable) assert.deepEqual(shared.witness(runtime.parser)?.gapTexts, full.witness(runtime.parser)?.gapTexts, `${where}, ${step}: witnesses differ`);
            itemsShared += a.stats.itemsCreated;
            itemsFull += b.stats.itemsCreated;
          };
          compare('whole document');
          // Incremental: the removed text's first characters back into the hole, then undone.
          const gapPiece = pieces.findIndex((p) => p.kind === 'gap');
          const replacement: Piece[] = [text(doc.slice(hole[0], Math.min(hole[1], hole[0] + 3))), gap(0)];
          for (const checker of [shared, full]) checker.replaceGap(gapPiece, replacement);
          compare('after an edit');
          for (const checker of [shared, full]) checker.undo();
          compare('after its undo');
        }
      }
    }
    assert.ok(used >= 2, `only ${used} usable ${language.id} files`);
    // What sharing is for: far fewer items.
    console.log(`${language.id}: ${itemsShared} items with shared blank nodes, ${itemsFull} without`);
    assert.ok(itemsShared < itemsFull * 0.9, `${language.id}: ${itemsShared} items shared vs ${itemsFull} in full`);
  });
}

test('regex flags after blank space are not flags (an immediate lexeme), with nodes shared or built in full', async () => {
  const runtime = await loadLanguage('javascript');
  // Regex flags are immediate: `/ab/ g` is a regex followed by an identifier, which no completion mends.
  for (const [source, completable] of [
    ['let x = /ab/g;\nlet y = 1;\n', true],
    ['let x = /ab/ g;\nlet y = 1;\n', false],
    ['let x = /ab/ g<|hole|>;\nlet y = 1;\n', false],
  ] as const) {
    assert.ok(runtime.parser.validate(source.replace('<|hole|>', '2')).valid === completable, `tree-sitter disagrees on ${JSON.stringify(source)}`);
    const at = source.indexOf('<|hole|>');
    const pieces = at < 0 ? piecesFromRanges(source, []) : piecesFromRanges(source.replace('<|hole|>', ''), [[at, at]]);
    for (const shareBlankNodes of [true, false]) {
      const verdict = new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces, undefined, { shareBlankNodes }).check();
      assert.equal(verdict.completable, completable, `${JSON.stringify(source)} (shareBlankNodes ${shareBlankNodes})`);
    }
  }
});
