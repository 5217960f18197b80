// One-line accept/reject cases on the real grammars, each pinning a bug the oracles once found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletabilityChecker } from '../../../src/check/checker';
import { piecesFromMarkedText } from '../../../src/check/document';
import { loadLanguage } from '../../../src/engine/language';

const CASES: Array<[language: string, text: string, completable: boolean, why: string]> = [
  ['json', '["x"<|hole|>\n 1]', true, "a gap's predictions carry across the whitespace after it"],
  ['json', '{"o": {"d": "x"<|hole|>\n "m": 1}}', true, 'the same, nested'],
  ['json', '["x"<|hole|> 1]', true, 'a space after the gap'],
  ['json', '[1, <|hole|>]', true, 'a value in a list'],
  ['json', '] <|hole|>', false, 'a closing bracket first'],
  ['cpp', '#include <a.h>\n)<|hole|>', false, 'a stray ) after a directive'],
  ['cpp', 'int f() { return <|hole|>; }', true, 'an expression hole'],
  ['c', 'int x;\n)<|hole|>', false, 'a stray ) at top level'],
  ['python', 'def f(x):\n    return <|hole|>\n', true, 'a return value'],
  ['javascript', 'const a = [1, 2<|hole|>;\n', true, 'an unclosed array closed in the hole'],
  ['go', 'package main\n\nfunc main() {\n\tx := <|hole|>\n}\n', true, 'a short variable declaration'],
  ['rust', 'fn main() { let x = <|hole|>; }', true, 'a let initialiser'],
];

for (const [language, text, completable, why] of CASES) {
  test(`${language}: ${JSON.stringify(text)} is ${completable ? '' : 'not '}completable (${why})`, async () => {
    const runtime = await loadLanguage(language);
    const { pieces } = piecesFromMarkedText(text, '<|hole|>');
    const checker = new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces);
    assert.equal(checker.check().completable, completable);
    if (completable) {
      const w = checker.witness(runtime.parser);
      assert.ok(w?.treeSitterValid, `no tree-sitter-valid witness: ${JSON.stringify(w)}`);
    }
  });
}
