// `npm run bench -- fill [--langs a,b] [--files N] [--seeds N] [--block N] [--serial] [--per-position N]`: constrained vs unconstrained decoding with
// the embedded model on real files with whole lines removed (1 and 3 holes, as HumanEval-MRI does),
// same model and seeds, side by side: share of outputs tree-sitter accepts (and, in column comp, the
// language's compiler: g++ -fsyntax-only for C++, compile() for Python), wall-time ratio, share of time in checks, forward passes, rejections, witness use.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillHoles, type FillReport } from '../src/engine/fill';
import { loadLanguage } from '../src/engine/language';
import { denoiserOf, loadModel } from '../src/model/load';
import { corpusFiles, readCorpusFile } from '../test/support/corpus';
import { seededRandom } from '../test/support/random';
import { flag, option } from './support/options';

const LANGS = option('langs', 'cpp,c,json,python,javascript').split(',');
// 12 files × 2 seeds: with 4 × 1 a language's rows rest on four cuts, and misses (fills that end with no
// valid text) stayed out of sight; with 6 × 2 one cut whose fill is decoded twice moved a row's time
// ratio by 0.1 (Python 3 holes read 1.19 on the first 6 files and 1.39 on 12).
const FILES = Number(option('files', '12'));
const SEEDS = Number(option('seeds', '2'));
/** Sampler block length (0: one block); unset: the model's own (its manifest's blockLength). */
const BLOCK = flag('block') ? Number(option('block', '0')) : undefined;
/**
 * Also run constrained fills the serial way, as a third row: the model on the calling thread and no
 * speculative forward pass (each step's checks wait for its pass, the next pass waits for the checks).
 */
const SERIAL = flag('serial');
/** Refusals per position before it is left to the witness (the sampler's positionRejectionBudget; 0: none). */
const PER_POSITION = flag('per-position') ? Number(option('per-position', '12')) : undefined;

const rng = seededRandom;

/** Removes `count` whole code lines (keeping indentation and the line break): [start, end) holes of the text without them. */
function removeLines(text: string, count: number, rand: () => number): { source: string; holes: Array<[number, number]> } | null {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const candidates = starts.slice(0, -1).filter((s, i) => {
    const t = text.slice(s, starts[i + 1] - 1).trim();
    // Code lines only, as HumanEval-MRI removes them: no comment, preprocessor or docstring lines.
    return t.length >= 4 && t.length <= 60 && !/^(\/|#|\*|"""|''')/.test(t);
  });
  if (candidates.length < count) return null;
  const picked = new Set<number>();
  while (picked.size < count) picked.add(candidates[Math.floor(rand() * candidates.length)]);
  let source = '';
  let at = 0;
  const holes: Array<[number, number]> = [];
  for (const s of [...picked].sort((a, b) => a - b)) {
    const e = text.indexOf('\n', s);
    const indent = text.slice(s, e).match(/^\s*/)![0].length;
    source += text.slice(at, s + indent);
    holes.push([source.length, source.length]);
    at = e;
  }
  source += text.slice(at);
  return { source, holes };
}

/** The language's own compiler on the output, where one is here: g++ -fsyntax-only for C++, Python's compile() (no run) for Python. */
function compilerAccepts(lang: string, text: string): boolean | null {
  if (lang === 'cpp') {
    const dir = mkdtempSync(join(tmpdir(), 'holefill-bench-'));
    const file = join(dir, 'fill.cpp');
    writeFileSync(file, text);
    const r = spawnSync('g++', ['-fsyntax-only', '-std=c++20', '-w', file], { encoding: 'utf8' });
    return r.error ? null : r.status === 0;
  }
  if (lang === 'python') {
    // Tree-sitter-python takes some layouts Python rejects (an indented line no block opened).
    const r = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "fill.py", "exec")'], { input: text, encoding: 'utf8' });
    return r.error ? null : r.status === 0;
  }
  return null;
}

interface Tally {
  runs: number;
  valid: number;
  /** Outputs the language's compiler accepts (compilerAccepts), of those it ran on. */
  compiled: number;
  compilerRuns: number;
  ms: number;
  checkMs: number;
  forward: number;
  rejections: number;
  witnessHoles: number;
}
const empty = (): Tally => ({ runs: 0, valid: 0, compiled: 0, compilerRuns: 0, ms: 0, checkMs: 0, forward: 0, rejections: 0, witnessHoles: 0 });

async function main() {
  const model = await loadModel();
  const denoiser = denoiserOf(model);
  const serialModel = SERIAL ? await loadModel(undefined, { thread: 'caller' }) : null;
  const serialDenoiser = serialModel ? denoiserOf(serialModel) : null;
  console.log(`fill benchmark: embedded model, ${FILES} files × ${SEEDS} seeds per language and hole count; whole lines removed; each cut filled once untimed first`);
  console.log('lang        holes mode           valid  comp   mean-ms  ratio  check-share  fwd  rejections  witness-holes');
  for (const lang of LANGS) {
    const runtime = await loadLanguage(lang);
    const files = corpusFiles(lang, 200)
      .map((f) => ({ f, text: readCorpusFile(f) }))
      .filter(({ text }) => text.length < 6000 && text.length > 400 && !text.includes('\r') && runtime.parser.validate(text).valid)
      .slice(0, FILES);
    for (const holeCount of [1, 3]) {
      const tallies = { constrained: empty(), unconstrained: empty(), serial: empty() };
      const modes = SERIAL ? (['constrained', 'unconstrained', 'serial'] as const) : (['constrained', 'unconstrained'] as const);
      for (const [i, { text }] of files.entries()) {
        for (let seed = 0; seed < SEEDS; seed++) {
          const cut = removeLines(text, holeCount, rng(i * 101 + seed * 7 + holeCount));
          if (!cut) continue;
          // One untimed fill of the cut first: lexer states, caches and the JIT warm up there, not in
          // whichever mode happens to run first.
          await fillHoles({ runtime, model: denoiser, vocab: model.tokenizer, source: cut.source, holes: cut.holes, holeTokens: 32, sampler: { seed, timeBudgetMs: 20_000, blockLength: BLOCK, positionRejectionBudget: PER_POSITION } });
          for (const mode of modes) {
            const r: FillReport = await fillHoles({
              runtime,
              model: mode === 'serial' ? serialDenoiser! : denoiser,
              vocab: model.tokenizer,
              source: cut.source,
              holes: cut.holes,
              holeTokens: 32,
              unconstrained: mode === 'unconstrained',
              sampler: { seed, timeBudgetMs: 20_000, blockLength: BLOCK, speculate: mode !== 'serial', positionRejectionBudget: PER_POSITION },
            });
            const t = tallies[mode];
            t.runs++;
            const parses = runtime.parser.validate(r.output).valid;
            if (parses) t.valid++;
            const compiled = compilerAccepts(lang, r.output);
            if (compiled !== null) {
              t.compilerRuns++;
              if (compiled) t.compiled++;
            }
            t.ms += r.ms;
            t.checkMs += r.checkMs;
            t.forward += r.forwardPasses;
            t.rejections += r.rejections;
            t.witnessHoles += r.witnessHoles;
          }
        }
      }
      const c = tallies.constrained;
      const u = tallies.unconstrained;
      for (const [mode, t] of [['constrained', c], ['unconstrained', u], ['serial', tallies.serial]] as const) {
        if (!t.runs) continue;
        const pct = (x: number, n: number) => (n ? `${((100 * x) / n).toFixed(0)}%` : 'n/a');
        console.log(
          `${lang.padEnd(10)} ${String(holeCount).padStart(5)} ${mode.padEnd(14)} ${pct(t.valid, t.runs).padStart(5)} ${pct(t.compiled, t.compilerRuns).padStart(5)} ${(t.ms / t.runs).toFixed(0).padStart(9)} ${mode !== 'unconstrained' && u.ms ? (t.ms / u.ms).toFixed(2).padStart(6) : '     -'} ${pct(t.checkMs, t.ms).padStart(12)} ${(t.forward / t.runs).toFixed(1).padStart(4)} ${(t.rejections / t.runs).toFixed(1).padStart(11)} ${(t.witnessHoles / t.runs).toFixed(2).padStart(14)}`,
        );
      }
    }
  }
  await model.session.dispose();
  await serialModel?.session.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
