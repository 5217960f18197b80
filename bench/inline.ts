// `npm run bench -- inline [--langs cpp,python,javascript,json] [--n 12] [--steps 0,4] [--budget-ms 1500] [--verbose]`: latency of an
// inline completion with the embedded model, from request to items (the provider's work after its
// debounce: constrained fill of the cursor hole + tree-sitter validation), on real files. The cursor
// sits at a random place in a real line whose rest is deleted (what is not typed yet); blank-line
// cursors are included. Each `--steps` setting runs on the same cursors, side by side (0: one step per
// mask slot, the editor's default). Prints median, 95th percentile, how many offered ghost text.
import { DEFAULT_BUDGET } from '../src/check/earley';
import { inlineHoleSlots, ghostText } from '../src/engine/editor-support';
import { fillHoles } from '../src/engine/fill';
import { loadLanguage } from '../src/engine/language';
import { denoiserOf, loadModel } from '../src/model/load';
import { corpusFiles, readCorpusFile } from '../test/support/corpus';
import { seededRandom } from '../test/support/random';
import { flag, option } from './support/options';

const LANGS = option('langs', 'cpp,python,javascript,json').split(',');
const N = Number(option('n', '12'));
const STEPS = option('steps', '0,4').split(',').map(Number);
/** The editor's default holefill.inlineCompletions.timeBudgetMs. */
const INLINE_BUDGET_MS = Number(option('budget-ms', '1500'));
const VERBOSE = flag('verbose');

const rng = seededRandom;

function quantile(xs: number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

interface Cursor {
  readonly file: string;
  readonly text: string;
  readonly offset: number;
}

/** N cursors in real files that tree-sitter parses: the rest of the cursor's line is deleted. */
function cursors(lang: string, valid: (s: string) => boolean, random: () => number): Cursor[] {
  const out: Cursor[] = [];
  const files = corpusFiles(lang, 200).filter((f) => {
    try {
      const t = readCorpusFile(f);
      return t.length < 40_000 && !t.includes('\r') && valid(t);
    } catch {
      return false;
    }
  });
  for (let i = 0; out.length < N && i < N * 10 && files.length > 0; i++) {
    const file = files[Math.floor(random() * files.length)];
    const text = readCorpusFile(file);
    const lines = text.split('\n');
    const line = Math.floor(random() * lines.length);
    const lineStart = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
    const body = lines[line];
    const indent = body.length - body.trimStart().length;
    // Mid-line (a prefix of the line's code kept) or, for a blank line, at its indentation.
    const column = body.trim().length === 0 ? body.length : indent + Math.floor(random() * (body.length - indent));
    const offset = lineStart + column;
    out.push({ file, text: text.slice(0, offset) + text.slice(lineStart + body.length), offset });
  }
  return out;
}

async function main(): Promise<void> {
  const loaded = await loadModel();
  const model = denoiserOf(loaded);
  console.log(`inline completion latency, model ${loaded.manifest.name}, ${N} cursors per language (request → items, debounce excluded)`);
  console.log(['language', 'steps', 'median ms', 'p95 ms', 'max ms', 'model ms (median)', 'check ms (median)', 'ghost text', 'forward passes (median)'].join('\t'));
  for (const lang of LANGS) {
    const runtime = await loadLanguage(lang);
    const random = rng(7);
    const cs = cursors(lang, (t) => runtime.parser.validate(t).valid, random);
    // One fill first so that the session's first-run set-up is not counted.
    if (cs[0]) await fillHoles({ runtime, model, vocab: loaded.tokenizer, source: cs[0].text, holes: [[cs[0].offset, cs[0].offset]] });
    for (const steps of STEPS) {
      const ms: number[] = [];
      const passes: number[] = [];
      const modelMs: number[] = [];
      const checkMs: number[] = [];
      let offered = 0;
      for (const c of cs) {
        const t0 = performance.now();
        const report = await fillHoles({
          runtime,
          model,
          vocab: loaded.tokenizer,
          source: c.text,
          holes: [[c.offset, c.offset]],
          holeTokens: inlineHoleSlots(c.text, c.offset),
          // As the editor's inline provider runs it (holefill.inlineCompletions.timeBudgetMs, quick).
          quick: true,
          checkBudget: { ...DEFAULT_BUDGET, maxMs: INLINE_BUDGET_MS },
          sampler: { steps, temperature: 0, timeBudgetMs: INLINE_BUDGET_MS },
        });
        const text = ghostText(report);
        ms.push(performance.now() - t0);
        if (VERBOSE) {
          const line = c.text.slice(c.text.lastIndexOf('\n', c.offset - 1) + 1, c.offset);
          console.log(`  ${lang} ${JSON.stringify(line.trimStart())} + ${JSON.stringify(report.holes[0])}: ${report.stopReason}, valid ${report.valid}, ${ms[ms.length - 1].toFixed(0)} ms`);
        }
        if (ms[ms.length - 1] > 5000) {
          console.log(`  slow: ${c.file} at ${c.offset}: ${ms[ms.length - 1].toFixed(0)} ms (check ${report.checkMs.toFixed(0)} ms, ${report.checks} checks, ${report.stopReason}, valid ${report.valid})`);
        }
        passes.push(report.forwardPasses);
        modelMs.push(report.modelMs);
        checkMs.push(report.checkMs);
        if (text) offered++;
      }
      console.log(
        [lang, steps === 0 ? '0 (one per slot)' : String(steps), quantile(ms, 0.5).toFixed(0), quantile(ms, 0.95).toFixed(0), Math.max(...ms).toFixed(0), quantile(modelMs, 0.5).toFixed(0), quantile(checkMs, 0.5).toFixed(0), `${offered}/${cs.length}`, quantile(passes, 0.5)].join('\t'),
      );
    }
  }
  await loaded.session.dispose();
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
