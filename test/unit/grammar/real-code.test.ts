// Real files, not written by us, that tree-sitter parses without error: their token sequences must be
// sentences of our compiled grammars (see real-code-oracle.ts). A token dropped from such a sequence must
// make it a non-sentence, so the check can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/core/paths';
import { BUILTIN_LANGUAGES, builtinGrammarDir } from '../../../src/grammar/languages';
import { loadBuiltinGrammar } from '../../../src/grammar/loader';
import { TreeSitterParser } from '../../../src/grammar/treesitter';
import { candidateLexemes, realTokens, recognise, type RealToken } from './real-code-oracle';

const root = packageRoot();
/** Where each language's real files are looked for, in order; files are taken sorted by path. */
const SOURCES: Record<string, { dirs: string[]; ext: RegExp }> = {
  json: { dirs: [join(root, 'node_modules/typescript'), join(root, 'node_modules/mocha'), join(root, 'node_modules/esbuild')], ext: /\.json$/ },
  c: { dirs: ['/usr/include'], ext: /\.h$/ },
  cpp: { dirs: ['/usr/include/c++/12/bits'], ext: /\.h$/ },
  go: { dirs: ['/usr/share/doc/git/contrib/persistent-https', '/usr/lib/go/src/strings', '/usr/share/go/src/strings'], ext: /\.go$/ },
  python: { dirs: ['/usr/lib/python3.11', '/usr/lib/python3/dist-packages'], ext: /\.py$/ },
  javascript: { dirs: [join(root, 'node_modules/mocha/lib'), join(root, 'node_modules/semver/functions')], ext: /\.js$/ },
  typescript: { dirs: [join(root, 'node_modules/@types/node'), join(root, 'node_modules/@types/mocha')], ext: /\.d\.ts$/ },
  rust: { dirs: ['/usr/src/rustc-1.63.0/src/etc/test-float-parse/src', '/usr/src/rustc-1.63.0/src/tools/tidy/src'], ext: /\.rs$/ },
};
const FILES_PER_LANGUAGE = 6;
/** Token budget per file: the brute-force recogniser is quadratic-ish on ambiguous grammars. */
const MAX_TOKENS: Record<string, number> = { python: 700, default: 1500 };

function filesUnder(dir: string, ext: RegExp, out: string[], depth = 0): void {
  if (!existsSync(dir) || depth > 3) return;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue; // a dangling link
    }
    if (st.isDirectory()) filesUnder(path, ext, out, depth + 1);
    else if (ext.test(name) && st.size > 200 && st.size < 40_000) out.push(path);
  }
}

interface Sample {
  readonly file: string;
  readonly tokens: RealToken[];
  readonly candidates: number[][];
}

async function samples(language: string): Promise<Sample[]> {
  const g = loadBuiltinGrammar(language);
  const wasm = join(builtinGrammarDir(language), 'parser.wasm');
  const { dirs, ext } = SOURCES[language];
  const files: string[] = [];
  for (const d of dirs) filesUnder(d, ext, files);
  const out: Sample[] = [];
  for (const file of files) {
    if (out.length >= FILES_PER_LANGUAGE) break;
    const tokens = await realTokens(wasm, readFileSync(file, 'utf8'), g);
    if (!tokens || tokens.length < 20 || tokens.length > (MAX_TOKENS[language] ?? MAX_TOKENS.default)) continue;
    out.push({ file, tokens, candidates: tokens.map((t) => candidateLexemes(g, t)) });
  }
  return out;
}

for (const { id } of BUILTIN_LANGUAGES) {
  test(`${id}: tree-sitter's tokens of real files are sentences of the compiled grammar`, async (t) => {
    const g = loadBuiltinGrammar(id);
    const found = await samples(id);
    assert.ok(found.length >= 2, `${id}: only ${found.length} real files found under ${SOURCES[id].dirs.join(', ')}`);
    for (const s of found) {
      const missing = s.tokens.filter((t, i) => s.candidates[i].length === 0 && !t.optional);
      assert.deepEqual(missing.map((t) => `${t.type}:${JSON.stringify(t.text)}`), [], `${s.file}: tokens no lexeme matches`);
      const r = recognise(g, s.candidates, s.tokens.map((t) => t.optional));
      const near = s.tokens.slice(Math.max(0, r.failedAt - 5), r.failedAt + 2).map((t) => JSON.stringify(t.text)).join(' ');
      assert.ok(r.accepted, `${s.file}: rejected at token ${r.failedAt} of ${s.tokens.length}: ${near}`);
    }
    t.diagnostic(`${found.length} files, ${found.reduce((n, f) => n + f.tokens.length, 0)} tokens accepted: ${found.map((f) => f.file).join(', ')}`);

    // Negative control: without its last closing bracket, a file is not a sentence.
    const closers = new Set([')', ']', '}']);
    const lastCloser = (tokens: readonly RealToken[]): number => {
      for (let i = tokens.length - 1; i >= 0; i--) if (closers.has(tokens[i].text)) return i;
      return -1;
    };
    const s = found.find((f) => lastCloser(f.tokens) >= 0);
    assert.ok(s, `${id}: no sample has a closing bracket`);
    const drop = lastCloser(s.tokens);
    const without = (xs: readonly unknown[]): unknown[] => xs.filter((_, i) => i !== drop);
    const r = recognise(g, without(s.candidates) as number[][], without(s.tokens.map((t) => t.optional)) as boolean[]);
    assert.equal(r.accepted, false, `${s.file} without token ${drop} (${s.tokens[drop].text}) should be rejected`);
  });
}

// ---- over-approximations of the 'empty' policies, pinned: ours accepts, tree-sitter does not ----
async function verdicts(id: string, code: string, tokens: readonly string[]): Promise<{ ours: boolean; treeSitter: boolean }> {
  const g = loadBuiltinGrammar(id);
  // Each token is a fixed text (its STRING lexeme) or the name of a lexeme.
  const candidates = tokens.map((t) => {
    const ids = g.lexemes.filter((l) => !l.extra && (l.literal === t || l.name === t)).map((l) => l.id);
    assert.ok(ids.length > 0, `${id}: no lexeme ${t}`);
    return ids;
  });
  const parser = await TreeSitterParser.forBuiltin(id);
  return { ours: recognise(g, candidates).accepted, treeSitter: parser.validate(code).valid };
}

test('python: statements need a line break; indentation is not compared (DEDENT anywhere after a line break)', async () => {
  const assignment = ['identifier', '=', 'integer'];
  assert.deepEqual(await verdicts('python', 'x = 1 y = 2\n', [...assignment, ...assignment]), { ours: false, treeSitter: false });
  assert.deepEqual(await verdicts('python', 'x = 1\ny = 2\n', [...assignment, '_newline', ...assignment, '_newline']), { ours: true, treeSitter: true });
  // tree-sitter-python itself takes `if x:\npass` as an empty block and a statement; Python rejects it,
  // and so does the grammar (a `:` needs statements on its line or an indented block: pythonThreeRules).
  assert.deepEqual(await verdicts('python', 'if x:\npass\n', ['if', 'identifier', ':', '_newline', 'pass', '_newline']), { ours: false, treeSitter: true });
  // `if x: a` on one line is a simple statement list: no INDENT without a line break.
  assert.deepEqual(await verdicts('python', 'if x: a\n    b\nelse: c\n', ['if', 'identifier', ':', 'identifier', '_newline', 'identifier', '_newline', 'else', ':', 'identifier', '_newline']), {
    ours: false,
    treeSitter: false,
  });
  // Over-approximation pinned: an `else` as deep as the block it should close (tree-sitter emits no DEDENT).
  assert.deepEqual(await verdicts('python', 'if a:\n    b\n    else:\n        c\n', ['if', 'identifier', ':', '_indent', 'identifier', '_newline', 'else', ':', '_indent', 'identifier', '_newline']), {
    ours: true,
    treeSitter: false,
  });
});

test('javascript: an automatic semicolon needs a line break (or `}` or the end), as in tree-sitter', async () => {
  const assignment = ['identifier', '=', 'number'];
  assert.deepEqual(await verdicts('javascript', 'a = 1 b = 2', [...assignment, ...assignment]), { ours: false, treeSitter: false });
  assert.deepEqual(await verdicts('javascript', 'a = 1\nb = 2;', [...assignment, '_automatic_semicolon', ...assignment, ';']), { ours: true, treeSitter: true });
});
