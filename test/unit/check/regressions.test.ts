// One-line accept/reject cases on the real grammars, each pinning a bug the oracles once found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletabilityChecker } from '../../../src/check/checker';
import { gap, piecesFromMarkedText, text } from '../../../src/check/document';
import { loadLanguage } from '../../../src/engine/language';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import type { LanguageRuntime } from '../../../src/engine/language';
import type { Piece } from '../../../src/check/document';

/** A checker as fills use it (FILL_LEXING's options) over `pieces`. */
function checkerOf(runtime: LanguageRuntime, pieces: Piece[]): CompletabilityChecker {
  return new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces, undefined, { fixedTextIntact: true, keywordsShadowWords: true });
}

// 'no witness': completable, but the shortest completions the witness search tries leave a layout Python
// rejects (the grammar lets a line break stand as whitespace where the scanner emits NEWLINE, so `;` or
// nothing reads as joining the lines); Python's layout check refuses them and fills fall back.
const CASES: Array<[language: string, text: string, completable: boolean, why: string, witness?: 'no witness']> = [
  ['json', '["x"<|hole|>\n 1]', true, "a gap's predictions carry across the whitespace after it"],
  ['json', '{"o": {"d": "x"<|hole|>\n "m": 1}}', true, 'the same, nested'],
  ['json', '["x"<|hole|> 1]', true, 'a space after the gap'],
  ['json', '[1, <|hole|>]', true, 'a value in a list'],
  ['json', '] <|hole|>', false, 'a closing bracket first'],
  ['python', '', true, 'an empty document (its one node is its end)'],
  ['json', '', true, 'an empty document'],
  ['cpp', '', true, 'an empty document'],
  ['cpp', '#include <a.h>\n)<|hole|>', false, 'a stray ) after a directive'],
  ['cpp', 'int f() { return <|hole|>; }', true, 'an expression hole'],
  ['c', 'int x;\n)<|hole|>', false, 'a stray ) at top level'],
  ['c', '#define X\n)<|hole|>', false, "a directive ends at its line break: a value cannot start on the next line (the plain check too: plainGeneralLexemes)"],
  ['cpp', '#ifndef A\n#define A\n)\nint x;\n#endif<|hole|>', false, 'the same inside an include guard'],
  ['c', '#define X \\\n  1\nint y;<|hole|>', true, 'a value continued on the next line after a backslash'],
  ['c', '#define X /* c */ 1\n<|hole|>', true, 'a comment between a name and its value'],
  ['python', 'def f(x):\n    return <|hole|>\n', true, 'a return value'],
  ['python', 'x = 1 y = 2\n', false, 'two statements need a line break (NEWLINE is a line break)'],
  ['python', 'if a:\n    b', true, 'NEWLINE at the end of a file without a line break'],
  ['python', 'x = <|hole|>', true, 'a hole at the end of a file'],
  ['python', 'def f(x):\n    <|hole|>\n        return 1\n    elif x:\n        return 2\n', true, 'a removed `if` header before its indented block and an elif'],
  ['python', 'if a: b\n    c\nelif d:\n    e\n', false, 'a block opened on the same line ends there: INDENT needs a line break'],
  ['python', 'def f(x):\n    y = 1\n    <|hole|>\n        return 1\n    elif x:\n        return 2\n', true, 'the same after a statement: the hole must open the block (an empty fill leaves a deeper line)'],
  ['python', 'def f(x):\n    y = 1\n        return y\n', false, 'a deeper line that no `:` opened'],
  ['python', 'if a:\n        b = 1\n    c = 2\nd = 3\n', false, 'a dedent to a column no block has (Python rejects it; tree-sitter does not compare)'],
  ['python', 'class A:\n    def f(self):\n        pass\n# a comment at column 0\n\n      # and one deeper\n    def g(self):\n        pass\nx = 1\n', true, 'comment and blank lines do not count; dedents to enclosing blocks'],
  ['python', 'match x:\n    case 1:\n        pass\n      case 2:\n        pass\n', false, 'cases line up'],
  ['python', 'if a:\n\tb = 1\n        c = 2\n', true, 'a tab counts 8 columns, as in the scanner'],
  ['python', 'x = 1\n<|hole|>\n    y = 2\n', true, 'a hole at the start of a line may open the block', 'no witness'],
  ['python', 'x = 1; y = 2\nif x: z = 3\n', true, 'statements on one line'],
  ['python', '    x = 1\ny = 2\n', false, "a module's statements start in column 0 (Python rejects an indented first line)"],
  ['python', '<|hole|>\n    def f(self):\n        pass\nx = 1\n', true, 'a hole before an indented block at the top opens it', 'no witness'],
  ['python', 's = r\'/|\\\\\'\nt = \'/\'\n', true, 'a raw string ending in a backslash pair'],
  ['python', 'e = r\'\\1[^%s]\' % s\n', true, 'a raw string with a backslash before a digit'],
  ['python', 'def f():\n    """Say "\\\\n" or "\\\\r\\\\n"."""\n', true, 'a quote before an escape in a triple-quoted string'],
  ['python', 'x = f"""a"{b}"""\n', true, 'a quote before an interpolation in a triple-quoted f-string'],
  ['python', 'def f():\n    x = 1 <|hole|> y = 2\n', true, 'a line break in the hole'],
  ['python', 'x = """"\nprint(1)\n', false, 'four quotes open a triple-quoted string (string starts take the longest match)'],
  ['python', 'x = "" + ""\ny = """a"""\n', true, 'empty strings and a triple-quoted one'],
  ['python', 'with a, <|hole|>:\n    pass\n', true, 'a hole after a comma between with items'],
  ['python', 'with a, :<|hole|>\n    pass\n', false, 'a trailing comma after unparenthesised with items (tree-sitter takes it, Python does not)'],
  ['python', 'with (a, b,):<|hole|>\n    pass\n', true, 'a trailing comma inside the parentheses'],
  ['python', "a('\\N{<|hole|>}')\n", true, 'a named escape'],
  ['python', "a('\\N{\nb}')<|hole|>\n", false, "a named escape ends with its line, and so does a one-line string (tree-sitter's `\\N{[^}]+}` runs on)"],
  ['javascript', 'const a = [1, 2<|hole|>;\n', true, 'an unclosed array closed in the hole'],
  ['javascript', 'a = 1 b = 2\n', false, 'no automatic semicolon without a line break'],
  ['javascript', 'function f() { return 1 }\nlet x = f()', true, 'automatic semicolons before `}` and at the end of the file'],
  ['javascript', 'class A {\n  m() { return <|hole|> }\n}\nconst b = new A()\n', true, 'a hole before an automatic semicolon before `}`'],
  ['typescript', 'function f(a: number): number\nfunction f(a: any) { return a }\n', true, 'an overload signature ended by a line break'],
  ['go', 'package main\n\nfunc main() {\n\tx := <|hole|>\n}\n', true, 'a short variable declaration'],
  ['go', 'package x\n<|hole|>n the LICENSE file.\n\nfunc f() {}\n', true, 'a line comment begun in the hole ends at the line break (the comment token is also `/* */`, which goes on)'],
  ['rust', 'fn main() { let x = <|hole|>; }', true, 'a let initialiser'],
];

for (const [language, text, completable, why, witness] of CASES) {
  test(`${language}: ${JSON.stringify(text)} is ${completable ? '' : 'not '}completable (${why})`, async () => {
    const runtime = await loadLanguage(language);
    const { pieces } = piecesFromMarkedText(text, '<|hole|>');
    const checker = new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces);
    assert.equal(checker.check().completable, completable);
    if (completable && witness !== 'no witness') {
      const w = checker.witness(runtime.parser);
      assert.ok(w?.treeSitterValid, `no tree-sitter-valid witness: ${JSON.stringify(w)}`);
    }
  });
}

test('fixedTextIntact: a comment begun in one hole may not swallow fixed code up to the next hole', async () => {
  const runtime = await loadLanguage('json');
  // Completable only by commenting out the fixed text between the holes.
  const swallowed = piecesFromMarkedText('[1<|hole|>) (\n) (<|hole|>]', '<|hole|>').pieces;
  assert.equal(new CompletabilityChecker(runtime.grammar, runtime.lexer, swallowed).check().completable, true);
  assert.equal(new CompletabilityChecker(runtime.grammar, runtime.lexer, swallowed, undefined, { fixedTextIntact: true }).check().completable, false);
  // A hole may still finish a word the fixed text starts, and a string begun in fixed text may cross a hole.
  for (const [language, text] of [
    ['c', 'int main() { return pri<|hole|>ntf("x"); }'],
    ['json', '{"a": "b<|hole|>c", "d": 1}'],
    ['cpp', 'int f() { /* a <|hole|> b */ return 1; }'],
  ]) {
    const rt = await loadLanguage(language);
    const { pieces } = piecesFromMarkedText(text, '<|hole|>');
    const checker = new CompletabilityChecker(rt.grammar, rt.lexer, pieces, undefined, { fixedTextIntact: true });
    assert.equal(checker.check().completable, true, text);
    assert.ok(checker.witness(rt.parser)?.treeSitterValid, `${text}: no valid witness`);
  }
});

test('fixedTextIntact: a string of several tokens begun in one hole may not swallow fixed code up to the next hole', async () => {
  // The fixed line between the holes is no code; only a string from the first hole to the second (quote,
  // content and quote tokens in these grammars) takes it in.
  for (const [language, marked, quote] of [
    ['python', 'x = <|hole|>\ndef def def\n<|hole|>\n', '"'],
    ['go', 'package main\nvar a = <|hole|>\nfunc func func\n<|hole|>\n', '`'],
    ['javascript', 'let a = <|hole|>\nelse else else\n<|hole|>;\n', '`'],
    ['rust', 'fn main() { let a = <|hole|>\nfn fn fn\n<|hole|>; }\n', '"'],
  ]) {
    const rt = await loadLanguage(language);
    const { pieces } = piecesFromMarkedText(marked, '<|hole|>');
    const plain = new CompletabilityChecker(rt.grammar, rt.lexer, pieces);
    assert.equal(plain.check().completable, true, `${language}: the plain grammar completes it`);
    assert.ok(plain.witness(rt.parser)?.treeSitterValid, language);
    const intact = new CompletabilityChecker(rt.grammar, rt.lexer, pieces, undefined, { fixedTextIntact: true });
    // Python and Go have nothing else; JavaScript still has JSX text, Rust a macro's token tree.
    const verdict = intact.check().completable;
    assert.equal(verdict, language === 'python' || language === 'go' ? false : true, language);
    if (verdict) assert.ok(!intact.witness(rt.parser)!.gapTexts[0].includes(quote), `${language}: no string from hole to hole: ${JSON.stringify(intact.witness(rt.parser)!.gapTexts)}`);
  }
  // TypeScript's template literal type (`x as \`...\``) is a literal of several tokens too: the model
  // opened one in a hole (`return as\`//sername`) and closed it in the next, a function further down
  // (fill bench, AccountManager.ts).
  const ts = await loadLanguage('typescript');
  const typed = [text('let a = f(\n', 0), text('x as `//a'), text('\n  b\n);\nfunction g() {}\n', 20), text('`)'), text('\n', 60)];
  assert.equal(new CompletabilityChecker(ts.grammar, ts.lexer, typed).check().completable, true, 'the plain grammar takes the type across');
  assert.equal(new CompletabilityChecker(ts.grammar, ts.lexer, typed, undefined, { fixedTextIntact: true }).check().completable, false);
  // A string begun in fixed text still crosses a hole; a hole may still hold a whole string.
  for (const [language, marked] of [
    ['python', 'x = "a <|hole|> b"\n'],
    ['python', 'x = f(<|hole|>)\n'],
    ['javascript', 'let s = `a ${b} <|hole|> c`;'],
  ]) {
    const rt = await loadLanguage(language);
    const { pieces } = piecesFromMarkedText(marked, '<|hole|>');
    const checker = new CompletabilityChecker(rt.grammar, rt.lexer, pieces, undefined, { fixedTextIntact: true });
    assert.equal(checker.check().completable, true, marked);
    assert.ok(checker.witness(rt.parser)?.treeSitterValid, `${marked}: no valid witness`);
  }
  const rt = await loadLanguage('python');
  const holed = new CompletabilityChecker(rt.grammar, rt.lexer, piecesFromMarkedText('x = f(<|hole|>)\n', '<|hole|>').pieces, undefined, { fixedTextIntact: true });
  holed.replaceGap(1, [text("'''a b'''"), gap(0)]);
  assert.equal(holed.check().completable, true, 'a string written whole in the hole');
});

test('keywordsShadowWords: a word C or C++ reserves is never an identifier (tree-sitter takes `return return;`)', async () => {
  for (const language of ['cpp', 'c']) {
    const runtime = await loadLanguage(language);
    const verdict = (text: string, keywordsShadowWords: boolean) =>
      new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromMarkedText(text, '<|hole|>').pieces, undefined, { keywordsShadowWords }).check().completable;
    assert.equal(runtime.parser.validate('int f() { return return; }').valid, true, `${language}: tree-sitter takes it`);
    assert.deepEqual([verdict('int f() { return return; }', false), verdict('int f() { return return; }', true)], [true, false], language);
    assert.equal(verdict('int f() { return <|hole|>; }', true), true, language);
    // Contextual words stay identifiers.
    if (language === 'cpp') assert.equal(verdict('int override = 1;\nint f() { return override; }', true), true);
    // A word the decoder committed token by token (text pieces side by side) too.
    const joined = [text('int f() { return '), text('ret'), text('ur'), text('n'), text('; }')];
    assert.equal(new CompletabilityChecker(runtime.grammar, runtime.lexer, joined, undefined, { keywordsShadowWords: true }).check().completable, false, language);
  }
});

test('keywordsShadowWords: a keyword the parser can take there is not an identifier', async () => {
  const runtime = await loadLanguage('cpp');
  const { pieces } = piecesFromMarkedText('int f() { return = a(1); }', '<|hole|>');
  // The plain lattice also lexes `return` as an identifier (an over-approximation tree-sitter rejects).
  assert.equal(new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces).check().completable, true);
  assert.equal(new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces, undefined, { keywordsShadowWords: true }).check().completable, false);
  const fine = piecesFromMarkedText('int f() { int x = 1; return x<|hole|>; }', '<|hole|>').pieces;
  assert.equal(new CompletabilityChecker(runtime.grammar, runtime.lexer, fine, undefined, { keywordsShadowWords: true }).check().completable, true);
});

test('keywordsShadowWords: a conditional\'s #ifndef is never a directive where the conditional can start (C, C++: preproc_directive)', async () => {
  for (const language of ['cpp', 'c']) {
    const runtime = await loadLanguage(language);
    const verdict = (source: string, keywordsShadowWords: boolean) =>
      new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromMarkedText(source, '<|hole|>').pieces, undefined, { keywordsShadowWords }).check().completable;
    // tree-sitter opens a conditional at `#ifndef A` and wants its #endif; the #endif inside the block is a directive.
    assert.equal(runtime.parser.validate('#ifndef A\n{\n#endif\n}\n').valid, false, language);
    assert.equal(runtime.parser.validate('#ifndef A\n{\n#endif\n}\n#endif\n').valid, true, language);
    const source = '#ifndef A\n{\n#endif\n}\n<|hole|>';
    const witnessOf = (keywordsShadowWords: boolean) => {
      const checker = new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromMarkedText(source, '<|hole|>').pieces, undefined, { keywordsShadowWords });
      assert.equal(checker.check().completable, true, language);
      return checker.witness(runtime.parser)!;
    };
    // The plain lattice also reads `#ifndef A` as a directive line, with nothing to close: its shortest
    // completion is nothing, which tree-sitter rejects.
    assert.deepEqual([witnessOf(false).gapTexts, witnessOf(false).treeSitterValid], [[''], false], language);
    const shadowed = witnessOf(true);
    assert.ok(shadowed.treeSitterValid, `${language}: ${JSON.stringify(shadowed.gapTexts)}`);
    assert.match(shadowed.gapTexts[0], /#endif/, language);
    // Where no conditional can start (inside a block), `#endif` is a directive line, as in tree-sitter.
    assert.equal(runtime.parser.validate('int f() {\n#endif\n}\n').valid, true, language);
    assert.equal(verdict('int f() {\n#endif\n}\n<|hole|>', true), true, language);
    // After a gap the shadowing waits (the gap could open a conditional for any #endif to close).
    assert.equal(verdict('#ifndef A\n<|hole|>\n#endif\n#endif\n', true), true, language);
  }
});

test('keywordsShadowWords: a Python line break is NEWLINE wherever the parser can take one, whitespace only inside brackets (extra_token1)', async () => {
  const runtime = await loadLanguage('python');
  const verdict = (source: string, keywordsShadowWords: boolean) =>
    new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromMarkedText(source, '<|hole|>').pieces, undefined, { keywordsShadowWords }).check().completable;
  // tree-sitter ends the statement at the line break: `:` cannot start the next line.
  assert.equal(runtime.parser.validate('x\n: y\n').valid, false);
  assert.equal(verdict('x\n:<|hole|>\ny\n', false), true, 'the plain grammar reads `x: y`');
  assert.equal(verdict('x\n:<|hole|>\ny\n', true), false);
  // A fill wrote `:` as a method's line after an assignment (the bench's __future__.py cut).
  assert.equal(verdict('class A:\n    def f(self):\n        self.a = a\n\n    :<|hole|>\n        """doc"""\n        return 1\n', true), false);
  // Inside brackets the line break stays whitespace; a block's line break is INDENT.
  assert.equal(verdict('x = (a\n+<|hole|>\n)\n', true), true);
  assert.equal(verdict('f(a,\n  b<|hole|>)\n', true), true);
  assert.equal(verdict('if a:\n    b = <|hole|>\n', true), true);
  // After a gap the shadowing waits (the gap may open a bracket).
  assert.equal(verdict('x = <|hole|>\n: y)\n', true), true);
});

test("keywordsShadowWords: Rust's lifetime `'_` after a hole stays a lifetime (wordsAfter), a keyword elsewhere still shadows the word", async () => {
  const runtime = await loadLanguage('rust');
  const verdict = (source: string, keywordsShadowWords: boolean) =>
    new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromMarkedText(source, '<|hole|>').pieces, undefined, { keywordsShadowWords }).check().completable;
  for (const source of ["fn a() {}<|hole|>\nimpl D<'_> {}\n", "fn a() {}<|hole|>\nfn f(x: &'_ u8) {}\n", "fn a() {}<|hole|>\nfn f<'static>() {}\n"]) {
    assert.equal(runtime.parser.validate(source.replace('<|hole|>', '')).valid, true, source);
    assert.equal(verdict(source, true), true, source);
  }
  assert.equal(verdict("fn a() {}\n<|hole|>\nfn f() { let return = 1; }\n", true), false, '`return` is no variable name');
  assert.equal(verdict("fn a() {}\n<|hole|>\nfn f() { let return = 1; }\n", false), true, 'the plain grammar takes it');
});

test('closed literals: a string\'s closing quote follows its content directly, as in JSON, JavaScript and C (tree-sitter also takes a line break before it)', async () => {
  for (const [language, source] of [
    ['json', '{"a": "x\n"}'],
    ['javascript', 'const s = "x\n";\n'],
    ['c', 'const char *s = "x\n";\n'],
  ] as const) {
    const runtime = await loadLanguage(language);
    const verdict = (pieces: Parameters<typeof checkerOf>[1]) => checkerOf(runtime, pieces).check().completable;
    assert.equal(runtime.parser.validate(source).valid, true, `${language}: tree-sitter takes it`);
    assert.equal(verdict([text(source, 0)]), false, language);
    if (language === 'c') continue; // a backslash-newline in a hole is whitespace in C: holes there say little
    // Nor when a hole lies before the line break: its content would come after whitespace.
    const at = source.indexOf('x') + 1;
    assert.equal(verdict([text(source.slice(0, at), 0), gap(0), text(source.slice(at), at)]), false, `${language}: hole before the line break`);
    // Text the decoder committed after the hole, then the closing quote (string content in the hole, a
    // line break, a space, the quote): the gap's predictions do not cross the whitespace to an immediate
    // lexeme. In JavaScript a backslash in the hole makes the line break a line continuation.
    const quote = source.indexOf('"', at);
    const committed = verdict([text(source.slice(0, at), 0), gap(0), text('\n'), text(' '), text(source.slice(quote), quote)]);
    assert.equal(committed, language !== 'json', `${language}: committed line break`);
    // The same with no line break is a string.
    assert.equal(verdict([text(source.slice(0, at), 0), gap(0), text(' '), text(source.slice(quote), quote)]), true, language);
  }
});

test('python: a commit that fixes the columns of later lines is re-checked there (the column of a node reads ahead)', async () => {
  const runtime = await loadLanguage('python');
  const before = 'def f(x):\n    y = 1\n    ';
  const after = '\n        return 1\n    return 2\n';
  const checker = new CompletabilityChecker(runtime.grammar, runtime.lexer, [text(before), gap(0), text(after)]);
  assert.equal(checker.check().completable, true);
  for (const [fill, completable] of [['z = 2', false], ['if x:', true], ['', false]] as const) {
    checker.replaceGap(1, fill ? [text(fill)] : []);
    assert.equal(checker.check().completable, completable, `fill ${JSON.stringify(fill)}, incrementally`);
    const fresh = new CompletabilityChecker(runtime.grammar, runtime.lexer, checker.pieces);
    assert.equal(fresh.check().completable, completable, `fill ${JSON.stringify(fill)}, from scratch`);
    checker.undo();
    assert.equal(checker.check().completable, true, `after undoing ${JSON.stringify(fill)}`);
  }
});

test('python: a window checked as a file of its own starts in its column (firstColumn)', async () => {
  const runtime = await loadLanguage('python');
  const methods = '    def f(self):\n        pass\n\n    def g(self):\n        return 1\n';
  const verdict = (firstColumn: number) => new CompletabilityChecker(runtime.grammar, runtime.lexer, [text(methods)], undefined, { firstColumn }).check().completable;
  assert.deepEqual([verdict(4), verdict(0), verdict(-1)], [true, false, true]);
  // A hole that starts the window: its statement may not start deeper than the window's column.
  const holed = (fill: string) => new CompletabilityChecker(runtime.grammar, runtime.lexer, [text(fill), gap(0), text('\n\n    def f(self):\n        pass\n')], undefined, { firstColumn: 0 }).check().completable;
  assert.deepEqual([holed('class A:'), holed('    try:')], [true, false]);
});

test("keywordsShadowWords: a word in the grammar's reserved set is never an identifier, but where a RESERVED context allows it", async () => {
  const fillLexing = async (language: string, source: string) => {
    const runtime = await loadLanguage(language);
    const verdict = new CompletabilityChecker(runtime.grammar, runtime.lexer, [text(source)], undefined, { fixedTextIntact: true, keywordsShadowWords: true }).check().completable;
    assert.equal(verdict, runtime.parser.validate(source).valid, `${language} ${JSON.stringify(source)}: the fills' lexing and tree-sitter agree`);
    return verdict;
  };
  // tree-sitter-python reserves `return`, `pass`, `and`, ...: the plain grammar (words stay words) takes these.
  assert.equal(await fillLexing('python', 'x = (a and return)\n'), false);
  assert.equal(await fillLexing('python', 'def f(): return return\n'), false);
  assert.equal(await fillLexing('python', 'x = pass\n'), false);
  assert.equal(await fillLexing('python', 'match = print(x)\n'), true, 'soft keywords and Python 2 ones are not reserved');
  assert.equal(await fillLexing('javascript', 'x = return;'), false);
  assert.equal(await fillLexing('javascript', 'x.default = {if: 1};'), true, 'property names: a RESERVED context with its own set');
});

test('keywordsShadowWords with reserved words: real files tree-sitter parses stay completable', async () => {
  for (const language of ['cpp', 'c', 'python', 'javascript', 'typescript', 'go', 'rust']) {
    const runtime = await loadLanguage(language);
    const files = corpusFiles(language, 600).map(readCorpusFile).filter((t) => t.length < 12_000 && !t.includes('\r') && runtime.parser.validate(t).valid).slice(0, 25);
    assert.ok(files.length >= 5, `${language}: only ${files.length} files`);
    for (const source of files) {
      // A hole at the end, so the check parses rather than trusts tree-sitter.
      const checker = new CompletabilityChecker(runtime.grammar, runtime.lexer, [text(source), gap(0)], undefined, { fixedTextIntact: true, keywordsShadowWords: true });
      assert.equal(checker.check().completable, true, `${language}: ${source.slice(0, 200)}`);
    }
  }
});

test('an immediate lexeme may follow a comment directly, not whitespace (tree-sitter-c: the line break that ends a #define)', async () => {
  const runtime = await loadLanguage('c');
  for (const [source, valid] of [
    ['#define X 2  /* c */\nint y;\n', true],
    ['#define X /* c */\n', true],
    ['#define X 2 /* c */ \n', false], // a space before the line break
    ['#define X 2\n', true],
  ] as const) {
    assert.equal(runtime.parser.validate(source).valid, valid, `tree-sitter on ${JSON.stringify(source)}`);
    assert.equal(new CompletabilityChecker(runtime.grammar, runtime.lexer, [text(source, 0)]).check().completable, valid, JSON.stringify(source));
  }
});

test('a witness is the cheapest accept, not the last one found after the end (JavaScript and TypeScript: automatic semicolons at the end of the input)', async () => {
  for (const [language, marked, expected] of [
    ['javascript', 'class C { <|hole|> }', ''],
    ['javascript', 'class C { <|hole|>}\n', ''],
    ['typescript', 'interface I { <|hole|> }', ''],
    ['typescript', 'interface I {\n  f(): void;\n  a<|hole|>(key: string): void;\n}\n', ''],
  ] as const) {
    const runtime = await loadLanguage(language);
    const checker = new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromMarkedText(marked, '<|hole|>').pieces);
    assert.equal(checker.check().completable, true, marked);
    // Before: "} function a ( ) {", an accept reached through zero-width semicolons after the last `}`.
    assert.deepEqual(checker.witness(runtime.parser)?.gapTexts, [expected], marked);
  }
});

test("python: a block is deeper than its header (DEEPER_COLUMN_RULE), where the header's column is known", async () => {
  const runtime = await loadLanguage('python');
  for (const [source, completable] of [
    ['if x:\n    y = 1\n', true],
    ['if x:\ny = 1\n', false],
    ['def f():\n    if x:\n    y = 1\n', false],
    ['def f():\n    if x:\n        y = 1\n    z = 2\n', true],
    // A header over several lines: its column is its first line's, not the `:` line's.
    ['def f():\n    if (x and\n            y):\n        z = 1\n', true],
    ['def f():\n    for x in (a\n              if b else c):\n        z = 1\n', true],
    ['class A:\n    def f(self):\n        pass\n    def g(self):\n        if x:\n            return 1\n        else:\n            return 2\n', true],
  ] as const) {
    assert.equal(runtime.parser.validate(source).valid, completable, `tree-sitter disagrees on ${JSON.stringify(source)}`);
    assert.equal(checkerOf(runtime, [text(source, 0)]).check().completable, completable, JSON.stringify(source));
  }
  // A hole decides nothing it could still change: the header or the body in a gap passes.
  assert.equal(checkerOf(runtime, [text('if x:\n', 0), gap(0), text('y = 1\n', 7)]).check().completable, true);
  assert.equal(checkerOf(runtime, [gap(0), text('\ny = 1\n', 0)]).check().completable, true);
});

test("a witness the grammar itself rejects is passed over for one it accepts (python: a gap's column rule absorbed for nothing)", async () => {
  const python = await loadLanguage('python');
  // Committed text, then the gap, then a deeper line: the gap must open a block (`try:pass\nexcept:`).
  // The cheapest derivation let the gap pass the block's column rule and wrote nothing into it.
  const before = 'def f(coro):\n    try:\n        return coro.cr_running\n    except AttributeError:\n        return coro_name(coro)\n';
  const after = '\n            return coro.gi_running\n        except AttributeError:\n            return False';
  const checker = checkerOf(python, [text(before, 0), gap(0, before.length), text(after, before.length)]);
  assert.equal(checker.check().completable, true);
  const w = checker.witness();
  assert.ok(w, 'no witness');
  assert.notEqual(w.gapTexts[0].trim(), '', 'an empty gap leaves the deeper line without its header');
  const whole = checkerOf(python, [text(w.text, 0)]);
  assert.equal(whole.check().completable, true, `the grammar rejects its own witness ${JSON.stringify(w.gapTexts)}`);
});

test('a word that ends where a gap begins is shadowed by the keyword it spells; the witness writes a longer word (python: `== return` then a gap)', async () => {
  const python = await loadLanguage('python');
  // Python 3 reserves `return`: tree-sitter and the compiler reject `if i == return:`. The word's text ran
  // up to the gap, where the reserved-word test read nothing, so fills took `return` as a name there.
  const before = 'def f(i):\n    if i == return';
  const after = '\n\n\ndef g(y):\n    return y\n';
  const checker = checkerOf(python, [text(before, 0), gap(0, before.length), text(after, before.length)]);
  assert.equal(checker.check().completable, true, 'a longer name (`return_value`) completes it');
  const w = checker.witness(python.parser);
  assert.ok(w?.treeSitterValid, `no witness tree-sitter takes: ${JSON.stringify(w?.gapTexts)}`);
  assert.match(w.gapTexts[0], /^[\p{L}\p{N}_]/u, 'the gap continues the word');
  // Where the text has no gap, a reserved word is never a name, in each language that reserves it.
  for (const [language, source] of [['python', 'x = return\n'], ['python', 'def f():\n    return = 1\n'], ['c', 'int f() { return return; }'], ['cpp', 'int x = while;']] as const) {
    const runtime = await loadLanguage(language);
    assert.equal(checkerOf(runtime, [text(source, 0)]).check().completable, false, `${language}: ${JSON.stringify(source)}`);
  }
  // Soft keywords stay names.
  assert.equal(checkerOf(python, [text('match = 1\ntype = 2\nprint(match, type)\n', 0)]).check().completable, true);
});

test("python: a compound statement's clauses start in its header's column (CLAUSE_COLUMN_RULE)", async () => {
  const python = await loadLanguage('python');
  for (const [source, completable] of [
    // An `else:` one level deeper belongs to no statement (the fill bench's `else:` in a loop body was kept).
    ['def f(x):\n    for a in x:\n        y = 1\n        else:\n            pass\n', false],
    ['def f(x):\n    for a in x:\n        y = 1\n    else:\n        pass\n', true],
    ['if a:\n    b\n  elif c:\n    d\n', false],
    ['if a:\n    b\nelif c:\n    d\n    else:\n        g\n', false],
    ['if a:\n    b\nelif c:\n    d\nelif e:\n    f\nelse:\n    g\n', true],
    ['try:\n    a\n    except E:\n        b\n', false],
    ['try:\n    a\nexcept E:\n    b\n    finally:\n        e\n', false],
    ['try:\n    a\nexcept E:\n    b\nexcept F as e:\n    c\nelse:\n    d\nfinally:\n    e\n', true],
    // The `else` at the `while`'s column is the while's, not the inner if's.
    ['def f():\n    while x:\n        if y:\n            z\n    else:\n        w\n', true],
    ['async def f():\n    async for i in x:\n        pass\n    else:\n        pass\n', true],
    // One-line headers, comment and blank lines between, a header over several lines.
    ['if a: b\nelse: c\n', true],
    ['if a:\n    b\n# comment\n\nelse:\n    c\n', true],
    ['if (a and\n        b):\n    c\nelse:\n    d\n', true],
  ] as const) {
    assert.equal(python.parser.validate(source).valid, completable, `tree-sitter disagrees on ${JSON.stringify(source)}`);
    assert.equal(checkerOf(python, [text(source, 0)]).check().completable, completable, JSON.stringify(source));
  }
  // A hole may still write the header the clause needs, at the clause's column.
  const before = 'def f():\n    ';
  const after = '\n        y = 1\n    else:\n        pass\n';
  const checker = checkerOf(python, [text(before, 0), gap(0, before.length), text(after, before.length)]);
  assert.equal(checker.check().completable, true);
  assert.ok(checker.witness(python.parser)?.treeSitterValid, 'no witness tree-sitter takes');
});

/** The witness of one gap between `before` and `after` (fills' lexing), asserted completable and valid for tree-sitter and the layout check. */
function gapWitness(runtime: LanguageRuntime, before: string, after: string): string {
  const checker = checkerOf(runtime, [text(before, 0), gap(0, before.length), text(after, before.length)]);
  assert.equal(checker.check().completable, true);
  const w = checker.witness(runtime.parser);
  assert.ok(w?.treeSitterValid, `no witness tree-sitter and the layout check take: ${JSON.stringify(w?.gapTexts)}`);
  return w.gapTexts[0];
}

test("a witness ends a line comment that runs up to a gap with a line break, and indents after a header's `:` before that comment", async () => {
  const python = await loadLanguage('python');
  // A selection cut from inside `# pragma: no cover` to inside the next line's `raise ImportError(...)`.
  const before = "import sys\n\nif sys.platform != 'win32':  # prag";
  const after = "ror('win32 only')\n\nimport os\n";
  assert.match(gapWitness(python, before, after), /^\n[ \t]+/, 'the gap ends the comment and indents the block');
  // A comment line ending in `:` opens no block.
  const c = checkerOf(python, [text('def f(x):\n    try:\n        a\n    #else:', 0), gap(0, 40), text('\n        return False\n', 40)]);
  assert.equal(c.check().completable, true);
  assert.ok(c.witness(python.parser)?.treeSitterValid);
});

test('a witness indents a line whose indentation a gap cuts to a column of the lines around it (python: a selection from inside the indentation)', async () => {
  const python = await loadLanguage('python');
  // _weakrefset.py with `       self.data.c` selected from column 1 of its line: the rest, `lear()`, must
  // land in a column a block has; the shortest derivation writes nothing and leaves it in column 1.
  const before = 'class S:\n    def clear(self):\n        if self._pending_removals:\n            self._commit_removals()\n ';
  const after = 'lear()\n\n    def copy(self):\n        return self\n';
  assert.match(gapWitness(python, before, after), /^ +$/, 'blank space to a column of the block');
});

test("a witness ends a gap's line where the fixed text after it starts with part of the next line's indentation (python: a selection that ends inside it)", async () => {
  const python = await loadLanguage('python');
  // base_tasks.py with `tine(task._coro)` ... `   ` selected: one of the `if` line's four spaces is left.
  const before = "def f(task):\n    info = []\n    coro = coroutines._format_corou";
  const after = " if task._fut_waiter is not None:\n        info.insert(3, 'x')\n    return info\n";
  assert.match(gapWitness(python, before, after), /\n {3}$/, 'the gap ends the line and indents the `if` to column 4');
});
