// `npm run bench -- grammar [lang ...]`: per built-in language, the size of the compiled grammar and what
// loading it costs. Each language is measured in a fresh child process, so "cold" includes everything a
// first load in the editor pays (Unicode property tables, regex parsing), and "disk" is a load from the
// on-disk cache by a process that has never compiled anything.
//   nonterminals, productions, lexemes   of the compiled grammar
//   DFA states   lexer DFA states (src/lexing) built after lexing the sample files at every reachable offset
//   cold ms      read + validate + compile grammar.json, nothing cached
//   disk ms      load from the on-disk cache (median of 5, memory cache cleared before each)
//   memory ms    load when already in memory
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CompiledGrammar } from '../src/grammar/compiled';
import { BUILTIN_LANGUAGES } from '../src/grammar/languages';
import { clearGrammarMemoryCache, loadBuiltinGrammarDetailed } from '../src/grammar/loader';
import type { LexerAutomaton } from '../src/lexing/automaton';
import { compileLexer } from '../src/lexing/dfa';
import { FixedTextLexer } from '../src/lexing/fixed';

interface Row {
  language: string;
  supportLevel: string;
  nonterminals: number;
  productions: number;
  lexemes: number;
  keywords: number;
  dfaStates: number;
  sampleFiles: number;
  coldMs: number;
  diskMs: number;
  memoryMs: number;
  cacheBytes: number;
}

/** A few real files of each language found on this machine (not written by us). */
const SAMPLE_FILES: Record<string, string[]> = {
  json: ['node_modules/typescript/package.json', 'node_modules/web-tree-sitter/package.json', 'grammars/json/UPSTREAM.json'],
  c: ['/usr/include/stdio.h', '/usr/include/string.h', '/usr/include/stdlib.h'],
  cpp: ['/usr/include/c++/12/bits/stl_vector.h', '/usr/include/c++/12/bits/stl_algo.h'],
  go: ['/usr/share/doc/git/contrib/persistent-https/main.go', '/usr/share/doc/git/contrib/persistent-https/client.go', '/usr/share/doc/git/contrib/persistent-https/proxy.go'],
  python: ['/usr/lib/python3.11/textwrap.py', '/usr/lib/python3.11/json/decoder.py', '/usr/lib/python3.11/argparse.py'],
  javascript: ['node_modules/esbuild/lib/main.js', 'node_modules/mocha/lib/runner.js'],
  typescript: ['node_modules/typescript/lib/lib.es5.d.ts', 'node_modules/@types/node/fs.d.ts'],
  rust: ['/usr/src/rustc-1.63.0/library/alloc/src/borrow.rs', '/usr/src/rustc-1.63.0/library/core/src/ascii.rs', '/usr/src/rustc-1.63.0/library/core/src/tuple.rs'],
};

/**
 * Lexes a real file the way the completability check does: every lexeme's longest match at every offset
 * reachable from the start (src/lexing/fixed.ts), which makes the lazy DFA build the states real code needs.
 */
function exerciseLexer(lexer: LexerAutomaton, g: CompiledGrammar, text: string): void {
  const fixed = new FixedTextLexer(lexer, g, text);
  const seen = new Uint8Array(text.length + 1);
  const stack = [0];
  seen[0] = 1;
  while (stack.length) {
    const at = stack.pop()!;
    if (at >= text.length) continue;
    for (const edge of fixed.lexAt(at)) {
      if (!seen[edge.end]) {
        seen[edge.end] = 1;
        stack.push(edge.end);
      }
    }
  }
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(language: string): Row {
  const cacheDir = mkdtempSync(join(tmpdir(), 'holefill-bench-grammar-'));
  try {
    const cold = loadBuiltinGrammarDetailed(language, { cacheDir });
    if (cold.origin !== 'compiled') throw new Error(`${language}: expected a cold compile, got ${cold.origin}`);
    const disk: number[] = [];
    for (let i = 0; i < 5; i++) {
      clearGrammarMemoryCache();
      const t0 = performance.now();
      const loaded = loadBuiltinGrammarDetailed(language, { cacheDir });
      disk.push(performance.now() - t0);
      if (loaded.origin !== 'disk') throw new Error(`${language}: expected a disk load, got ${loaded.origin}`);
    }
    const t0 = performance.now();
    loadBuiltinGrammarDetailed(language, { cacheDir });
    const memoryMs = performance.now() - t0;

    const g = cold.grammar;
    const root = join(__dirname, '..', '..');
    const files = (SAMPLE_FILES[language] ?? []).map((f) => (f.startsWith('/') ? f : join(root, f))).filter((f) => existsSync(f));
    const lexer = compileLexer(g);
    for (const f of files) exerciseLexer(lexer, g, readFileSync(f, 'utf8'));
    const dfaStates = lexer.stateCount;
    const cacheFile = join(cacheDir, 'grammars', readdirSync(join(cacheDir, 'grammars'))[0]);
    return {
      language,
      supportLevel: g.supportLevel,
      nonterminals: g.symbolCount - g.terminalCount,
      productions: g.ruleCount,
      lexemes: g.terminalCount,
      keywords: g.lexemes.filter((l) => l.keyword).length,
      dfaStates,
      sampleFiles: files.length,
      coldMs: cold.ms,
      diskMs: median(disk),
      memoryMs,
      cacheBytes: statSync(cacheFile).size,
    };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    process.stdout.write(JSON.stringify(measure(args[1])));
    return;
  }
  const languages = args.length ? args : BUILTIN_LANGUAGES.map((l) => l.id);
  const rows: Row[] = [];
  for (const language of languages) {
    const child = spawnSync(process.execPath, [__filename, '--child', language], { encoding: 'utf8' });
    if (child.status !== 0) {
      process.stderr.write(child.stderr);
      throw new Error(`bench grammar: ${language} failed`);
    }
    rows.push(JSON.parse(child.stdout) as Row);
  }
  const header = ['language', 'support', 'nonterminals', 'productions', 'lexemes', 'keywords', 'DFA states', 'cold ms', 'disk ms', 'memory ms', 'cache KiB'];
  const table = rows.map((r) => [
    r.language,
    r.supportLevel,
    String(r.nonterminals),
    String(r.productions),
    String(r.lexemes),
    String(r.keywords),
    `${r.dfaStates} (${r.sampleFiles} files)`,
    r.coldMs.toFixed(0),
    r.diskMs.toFixed(1),
    r.memoryMs.toFixed(3),
    (r.cacheBytes / 1024).toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of table) console.log(line(row));
  const worst = rows.reduce((a, b) => (b.diskMs > a.diskMs ? b : a));
  console.log(`\nslowest cached (disk) load: ${worst.language} ${worst.diskMs.toFixed(1)} ms (target: well under 100 ms)`);
}

main();
