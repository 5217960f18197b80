// The 8 vendored grammars compile; the compiled form is well-formed (checked by independent
// recomputation); and every approximation listed in grammars/README.md is pinned by accept/reject cases,
// with the real tree-sitter parser saying what the upstream language is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompiledGrammar, Lexeme } from '../../../src/grammar/compiled';
import { BUILTIN_LANGUAGES } from '../../../src/grammar/languages';
import { clearGrammarMemoryCache, loadBuiltinGrammarDetailed } from '../../../src/grammar/loader';
import { regexMatches, regexNullable } from '../../../src/grammar/regex';
import { TreeSitterParser } from '../../../src/grammar/treesitter';

const EXPECTED: Record<string, { start: string; support: 'exact' | 'approximate'; keywords: string[] }> = {
  json: { start: 'document', support: 'exact', keywords: [] },
  c: { start: 'translation_unit', support: 'exact', keywords: ['"while"', '"return"', '"struct"', 'primitive_type'] },
  cpp: { start: 'translation_unit', support: 'approximate', keywords: ['"class"', '"template"', '"while"', 'true'] },
  go: { start: 'source_file', support: 'exact', keywords: ['"func"', '"package"', '"range"'] },
  python: { start: 'module', support: 'approximate', keywords: ['"def"', '"lambda"', '"match"'] },
  javascript: { start: 'program', support: 'approximate', keywords: ['"function"', '"const"', '"of"'] },
  typescript: { start: 'program', support: 'approximate', keywords: ['"interface"', '"function"', '"keyof"'] },
  rust: { start: 'source_file', support: 'approximate', keywords: ['"fn"', '"impl"', '"match"'] },
};

const grammars = new Map<string, CompiledGrammar>();
function grammarOf(id: string): CompiledGrammar {
  let g = grammars.get(id);
  if (!g) {
    clearGrammarMemoryCache();
    const loaded = loadBuiltinGrammarDetailed(id);
    assert.equal(loaded.origin, 'compiled');
    grammars.set(id, (g = loaded.grammar));
  }
  return g;
}

function lexeme(g: CompiledGrammar, name: string): Lexeme {
  const found = g.lexemes.find((l) => l.name === name);
  assert.ok(found, `${g.language}: no lexeme ${name}`);
  return found;
}

/** Checks the compiled arrays against their documented meaning, recomputing sets independently. */
function checkWellFormed(g: CompiledGrammar): void {
  const T = g.terminalCount;
  assert.equal(g.symbolNames.length, g.symbolCount);
  assert.equal(g.lexemes.length, T);
  assert.equal(g.ruleRhsStart.length, g.ruleCount + 1);
  assert.equal(g.rulesOfStart.length, g.symbolCount + 1);
  assert.equal(g.ruleRhsStart[g.ruleCount], g.rhs.length);
  assert.ok(g.startSymbol >= T && g.startSymbol < g.symbolCount);
  for (let r = 0; r < g.ruleCount; r++) assert.ok(g.ruleRhsStart[r] <= g.ruleRhsStart[r + 1]);
  for (const s of g.rhs) assert.ok(s >= 0 && s < g.symbolCount);
  for (let t = 0; t < T; t++) assert.equal(g.rulesOfStart[t], g.rulesOfStart[t + 1], 'terminals have no rules');
  const seen = new Set<number>();
  for (let a = T; a < g.symbolCount; a++) {
    assert.ok(g.rulesOfStart[a + 1] > g.rulesOfStart[a], `${g.symbolNames[a]} has no production`);
    for (let i = g.rulesOfStart[a]; i < g.rulesOfStart[a + 1]; i++) {
      assert.equal(g.ruleLhs[g.rulesOf[i]], a);
      seen.add(g.rulesOf[i]);
    }
  }
  assert.equal(seen.size, g.ruleCount);

  // Productive, reachable and nullable, recomputed.
  const productive = new Uint8Array(g.symbolCount).fill(0, T);
  productive.fill(1, 0, T);
  const nullable = new Uint8Array(g.symbolCount);
  for (let changed = true; changed; ) {
    changed = false;
    for (let r = 0; r < g.ruleCount; r++) {
      const body = Array.from(g.rhs.subarray(g.ruleRhsStart[r], g.ruleRhsStart[r + 1]));
      const a = g.ruleLhs[r];
      if (!productive[a] && body.every((s) => productive[s])) {
        productive[a] = 1;
        changed = true;
      }
      if (!nullable[a] && body.every((s) => nullable[s])) {
        nullable[a] = 1;
        changed = true;
      }
    }
  }
  assert.deepEqual(Array.from(g.nullable), Array.from(nullable));
  assert.ok(productive.every((p) => p === 1), 'every symbol is productive');
  const reached = new Uint8Array(g.symbolCount);
  const stack = [g.startSymbol];
  reached[g.startSymbol] = 1;
  while (stack.length) {
    const a = stack.pop()!;
    for (let i = g.rulesOfStart[a]; i < g.rulesOfStart[a + 1]; i++) {
      const r = g.rulesOf[i];
      for (let k = g.ruleRhsStart[r]; k < g.ruleRhsStart[r + 1]; k++) {
        if (!reached[g.rhs[k]]) {
          reached[g.rhs[k]] = 1;
          stack.push(g.rhs[k]);
        }
      }
    }
  }
  for (let s = 0; s < g.symbolCount; s++) {
    const kept = reached[s] || (s < T && (g.lexemes[s].extra || s === g.wordLexeme));
    assert.ok(kept, `${g.symbolNames[s]} is unreachable`);
  }

  for (const l of g.lexemes) {
    assert.equal(g.symbolNames[l.id], l.name);
    assert.ok(!regexNullable(l.regex), `${l.name} matches the empty string`);
    assert.ok(l.example.length > 0 && regexMatches(l.regex, l.example), `${l.name}: example ${JSON.stringify(l.example)}`);
    if (l.literal !== null) assert.ok(regexMatches(l.regex, l.literal));
  }
  for (const x of g.extras) assert.ok(g.lexemes[x].extra);
}

for (const { id } of BUILTIN_LANGUAGES) {
  test(`${id}: compiles to a well-formed grammar`, () => {
    const g = grammarOf(id);
    const expected = EXPECTED[id];
    assert.equal(g.language, id);
    assert.equal(g.symbolNames[g.startSymbol], expected.start);
    assert.equal(g.supportLevel, expected.support);
    assert.ok(g.extras.length >= 1);
    for (const k of expected.keywords) assert.ok(lexeme(g, k).keyword, `${k} is a keyword`);
    if (id !== 'json') assert.equal(g.lexemes[g.wordLexeme]?.name, 'identifier');
    assert.ok(g.externals.every((x) => x.exact || g.supportLevel === 'approximate'));
    checkWellFormed(g);
  });
}

// ---- approximations, pinned ----
let parsers: Map<string, TreeSitterParser> | undefined;
async function treeSitterAccepts(id: string, code: string): Promise<boolean> {
  parsers ??= new Map();
  let p = parsers.get(id);
  if (!p) parsers.set(id, (p = await TreeSitterParser.forBuiltin(id)));
  return p.validate(code).valid;
}

interface Case {
  readonly text: string;
  /** What our lexeme says. */
  readonly ours: boolean;
  /** Code around `text` for tree-sitter, or null when the token alone is not a program. */
  readonly program?: string;
  /** What tree-sitter says of the program (defaults to `ours`: the approximation is exact here). */
  readonly upstream?: boolean;
}

async function checkCases(id: string, lexemeName: string, cases: readonly Case[]): Promise<void> {
  const l = lexeme(grammarOf(id), lexemeName);
  for (const c of cases) {
    assert.equal(regexMatches(l.regex, c.text), c.ours, `${id} ${lexemeName} on ${JSON.stringify(c.text)}`);
    if (c.program) {
      const program = c.program.replace('$', c.text);
      assert.equal(await treeSitterAccepts(id, program), c.upstream ?? c.ours, `tree-sitter ${id} on ${JSON.stringify(program)}`);
    }
  }
}

test('cpp raw strings: one token; mismatched delimiters get through, `)d"` inside the content does not', async () => {
  const p = 'const char *s = $;';
  await checkCases('cpp', 'raw_string_literal', [
    { text: 'R"(plain)"', ours: true, program: p },
    { text: 'R"(f(a)b)"', ours: true, program: p },
    { text: 'R"x(f(a))x"', ours: true, program: p },
    { text: 'u8R"json({"k": "v"})json"', ours: true, program: p },
    { text: 'u8R"json({"k": ")"})json"', ours: false, program: p, upstream: true }, // `)"` inside: rejected
    { text: 'R"x(a)" b)x"', ours: false, program: p, upstream: true }, // content holds `)"`: rejected
    { text: 'R"a(x)b"', ours: true, program: p, upstream: false }, // delimiters differ: let through
    { text: 'R"(a)" b)"', ours: false },
  ]);
});

test('rust raw strings: one token, exact up to 6 hashes', async () => {
  const p = 'const S: &str = $;';
  await checkCases('rust', 'raw_string_literal', [
    { text: 'r"a\\b"', ours: true, program: p },
    { text: 'r#"say "hi""#', ours: true, program: p },
    { text: 'r##"a"#b"##', ours: true, program: p },
    { text: 'br#"x"#', ours: true },
    { text: 'r#"a"#b"#', ours: false, program: p, upstream: false },
    { text: 'r#######"seven"#######', ours: false, program: p, upstream: true }, // more than 6 hashes
  ]);
});

test('rust comments are lowered to one lexeme each; nested block comments are cut at the first */', async () => {
  const p = 'fn f() { $\n}';
  await checkCases('rust', 'block_comment', [
    { text: '/* a */', ours: true, program: p },
    { text: '/** doc */', ours: true, program: p },
    { text: '/*! inner */', ours: true },
    { text: '/**/', ours: true, program: p },
    { text: '/* a **/', ours: true, program: p },
    { text: '/* a */ b */', ours: false },
    { text: '/* a /* b */ c */', ours: false, program: p, upstream: true }, // nesting: rejected
  ]);
  await checkCases('rust', 'line_comment', [
    { text: '// x', ours: true, program: p },
    { text: '/// doc\n', ours: true },
    { text: '//! inner', ours: true },
  ]);
});

test('rust float_literal: regular, with the scanner\'s look-ahead left to the grammar', async () => {
  await checkCases('rust', 'float_literal', [
    { text: '1.0', ours: true, program: 'const X: f64 = $;' },
    { text: '1e10', ours: true, program: 'const X: f64 = $;' },
    { text: '2.5f32', ours: true, program: 'const X: f32 = $;' },
    { text: '1.', ours: true, program: 'const X: f64 = $;' },
    { text: '1', ours: false },
    { text: '1.e5', ours: false },
  ]);
});

test('python strings: per-kind start, content and end lexemes', async () => {
  const p = 'x = $\n';
  const g = grammarOf('python');
  await checkCases('python', '_string_start_dq_raw', [
    { text: 'r"', ours: true },
    { text: 'Rb"', ours: true },
    { text: 'f"', ours: false },
  ]);
  await checkCases('python', '_string_start_tsq_fmt', [
    { text: "f'''", ours: true },
    { text: "rf'''", ours: false },
  ]);
  await checkCases('python', '_string_content_dq', [
    { text: "it's", ours: true, program: p.replace('$', '"$"') },
    { text: 'a"b', ours: false },
    { text: 'a\nb', ours: false, program: p.replace('$', '"$"'), upstream: false },
    { text: '{braces}', ours: true, program: p.replace('$', '"$"') },
  ]);
  await checkCases('python', '_string_content_dq_fmt', [
    { text: 'a{b', ours: false },
    { text: "it's", ours: true, program: p.replace('$', 'f"$"') },
  ]);
  await checkCases('python', '_string_content_tdq', [
    { text: 'say "hi" or ""', ours: false }, // ends in quotes: the longest match stops before them
    { text: 'say "hi" or ""x', ours: true, program: p.replace('$', '"""$"""') },
    { text: 'line\nbreak', ours: true, program: p.replace('$', '"""$"""') },
    { text: 'a"""b', ours: false },
  ]);
  // In a triple-quoted string a quote must be followed by a content character: a quote right before an
  // escape is rejected (tree-sitter accepts it).
  await checkCases('python', '_string_content_tdq', [{ text: 'a"', ours: false, program: 'x = """$\\n"""\n', upstream: true }]);
  await checkCases('python', '_string_content_dq_raw', [
    { text: 'C:\\dir\\"quoted\\"', ours: true, program: p.replace('$', 'r"$"') },
    { text: 'a"', ours: false },
  ]);
  assert.equal(lexeme(g, '_string_end_dq').immediate, true);
  assert.equal(lexeme(g, '_string_content_tsq_raw_fmt').immediate, true);
});

test('javascript externals: template characters, JSX text, HTML comments', async () => {
  await checkCases('javascript', '_template_chars', [
    { text: 'cost: $5 each', ours: true, program: 'let s = `$`;' },
    { text: 'a${', ours: false },
    { text: 'ends in $', ours: false, program: 'let s = `$`;', upstream: true }, // `$` before the backtick
    { text: 'x\\n', ours: false },
  ]);
  await checkCases('javascript', 'jsx_text', [
    { text: 'Hello, world', ours: true, program: 'let e = <p>$</p>;' },
    { text: 'a < b', ours: false },
  ]);
  await checkCases('javascript', 'html_comment', [
    { text: '<!-- old browsers', ours: true, program: '$\nlet x = 1;' },
    { text: '--> trailing', ours: true },
  ]);
});

test('layout policies: DEDENT vanishes, error sentinels are gone; NEWLINE, INDENT and automatic semicolons are line breaks', () => {
  const py = grammarOf('python');
  assert.equal(py.externals.find((x) => x.name === '_dedent')!.policy, 'empty');
  assert.ok(!py.symbolNames.includes('_dedent'));
  for (const name of ['_newline', '_indent']) {
    assert.equal(py.externals.find((x) => x.name === name)!.policy, 'regular');
    assert.ok(regexMatches(lexeme(py, name).regex, '\n') && regexMatches(lexeme(py, name).regex, '\r\n'));
    assert.ok(!regexMatches(lexeme(py, name).regex, ' '));
  }
  // Only NEWLINE also stands at the end of a file (tree-sitter emits no INDENT there).
  assert.equal(lexeme(py, '_newline').atEndOfInput, true);
  assert.equal(lexeme(py, '_indent').atEndOfInput, undefined);
  const ts = grammarOf('typescript');
  assert.equal(ts.externals.find((x) => x.name === '__error_recovery')!.policy, 'never');
  assert.ok(!ts.symbolNames.includes('__error_recovery'));
  const js = grammarOf('javascript');
  // The automatic semicolon: a line break, and zero-width before `}` or a comment and at the end.
  const asi = lexeme(js, '_automatic_semicolon');
  assert.ok(regexMatches(asi.regex, '\n') && regexMatches(asi.regex, '\u2028') && !regexMatches(asi.regex, ' '));
  assert.equal(asi.atEndOfInput, true);
  assert.equal(asi.zeroWidthBefore, '}/');
  assert.ok(lexeme(js, 'html_comment').extra);
});
