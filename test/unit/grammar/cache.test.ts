// The compiled-grammar cache: serialising and reading back gives an equal grammar; the loader goes
// compiled → disk → memory, recompiles when grammar.json changes, and survives a corrupt cache file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_LANGUAGES } from '../../../src/grammar/languages';
import { clearGrammarMemoryCache, loadBuiltinGrammarDetailed, loadGrammarDetailed, loadGrammarFromFiles } from '../../../src/grammar/loader';
import { deserializeCompiledGrammar, serializeCompiledGrammar } from '../../../src/grammar/serialize';

function withTempDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'holefill-grammar-cache-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every built-in grammar round-trips through the serialised form unchanged', () => {
  for (const { id } of BUILTIN_LANGUAGES) {
    clearGrammarMemoryCache();
    const g = loadBuiltinGrammarDetailed(id).grammar;
    const back = deserializeCompiledGrammar(serializeCompiledGrammar(g, 'k'), 'k');
    assert.ok(back, id);
    assert.deepStrictEqual(back, g, id);
    assert.equal(deserializeCompiledGrammar(serializeCompiledGrammar(g, 'k'), 'other key'), null);
  }
});

test('loader: compiled, then from disk, then from memory; all equal', () => {
  withTempDir((cacheDir) => {
    clearGrammarMemoryCache();
    const first = loadBuiltinGrammarDetailed('c', { cacheDir });
    assert.equal(first.origin, 'compiled');
    assert.ok(first.stats && first.stats.productions > 0);
    assert.deepEqual(readdirSync(join(cacheDir, 'grammars')).length, 1);
    clearGrammarMemoryCache();
    const second = loadBuiltinGrammarDetailed('c', { cacheDir });
    assert.equal(second.origin, 'disk');
    assert.equal(second.cacheKey, first.cacheKey);
    assert.deepStrictEqual(second.grammar, first.grammar);
    const third = loadBuiltinGrammarDetailed('c', { cacheDir });
    assert.equal(third.origin, 'memory');
    assert.equal(third.grammar, second.grammar);
  });
});

test('loader: a user grammar is recompiled when its file changes; a corrupt cache file is ignored', () => {
  withTempDir((dir) => {
    clearGrammarMemoryCache();
    const file = join(dir, 'grammar.json');
    const wasm = join(dir, 'parser.wasm');
    writeFileSync(wasm, '');
    const v1 = { name: 'mini', rules: { s: { type: 'REPEAT', content: { type: 'STRING', value: 'a' } } } };
    writeFileSync(file, JSON.stringify(v1));
    const cacheDir = join(dir, 'cache');
    const g1 = loadGrammarFromFiles(file, wasm, { cacheDir });
    assert.equal(g1.language, 'mini');
    assert.deepEqual(g1.lexemes.map((l) => l.literal).filter(Boolean), ['a']);

    const v2 = { name: 'mini', rules: { s: { type: 'REPEAT', content: { type: 'STRING', value: 'b' } } } };
    writeFileSync(file, JSON.stringify(v2) + ' ');
    const g2 = loadGrammarDetailed(file, null, { cacheDir });
    assert.equal(g2.origin, 'compiled');
    assert.deepEqual(g2.grammar.lexemes.map((l) => l.literal).filter(Boolean), ['b']);
    assert.equal(readdirSync(join(cacheDir, 'grammars')).length, 2);

    // Corrupt every cache file: the next cold load compiles again and rewrites its file.
    for (const f of readdirSync(join(cacheDir, 'grammars'))) writeFileSync(join(cacheDir, 'grammars', f), '{ not json');
    clearGrammarMemoryCache();
    const g3 = loadGrammarDetailed(file, null, { cacheDir });
    assert.equal(g3.origin, 'compiled');
    assert.deepStrictEqual(g3.grammar, g2.grammar);
    assert.ok(readFileSync(g3.cacheFile!, 'utf8').startsWith('{"format"'));

    assert.throws(() => loadGrammarFromFiles(file, join(dir, 'missing.wasm')), /tree-sitter parser not found/);
    assert.throws(() => loadGrammarFromFiles(join(dir, 'nope.json')), /grammar file not found/);
    assert.equal(loadGrammarFromFiles(file, { language: 'custom-id', cacheDir }).language, 'custom-id');
  });
});

test('loader: unknown built-in language is a clear error', () => {
  assert.throws(() => loadBuiltinGrammarDetailed('cobol'), /no built-in grammar for language "cobol"/);
});
