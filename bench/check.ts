// `npm run bench -- check [--langs a,b] [--sizes 100,1000,5000]`: the completability check on real
// files of about 100, 1,000 and 5,000 lines with 1 and 3 holes, side by side with web-tree-sitter's
// full parse of the same file. Incremental checks: a hole's original tokens are committed back in
// random order, one check per commit (what the decoder does), median and 95th percentile.
import { CompletabilityChecker } from '../src/check/checker';
import { piecesFromRanges } from '../src/check/document';
import { loadLanguage } from '../src/engine/language';
import { SlottedHoles } from '../src/engine/slotted-holes';
import { corpusFiles, readCorpusFile } from '../test/support/corpus';
import { seededRandom } from '../test/support/random';
import { option } from './support/options';

const LANGS = option('langs', 'cpp,c,json,python,javascript').split(',');
const SIZES = option('sizes', '100,1000,5000').split(',').map(Number);
const COMMITS = Number(option('commits', '40'));

const rng = seededRandom;

function quantile(xs: number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** A real file of about `lines` lines that tree-sitter parses: the closest one, or real files joined when none is long enough. */
function fileOfSize(lang: string, lines: number, valid: (s: string) => boolean): { name: string; text: string } | null {
  const files = corpusFiles(lang, 400);
  let best: { name: string; text: string; d: number } | null = null;
  for (const f of files) {
    let text: string;
    try {
      text = readCorpusFile(f);
    } catch {
      continue;
    }
    if (text.includes('\r')) continue;
    const n = text.split('\n').length;
    const d = Math.abs(Math.log(n / lines));
    if ((!best || d < best.d) && d < 0.35 && valid(text)) best = { name: f, text, d };
  }
  if (best) return best;
  if (lang === 'json') return null; // JSON files cannot be concatenated into one valid document
  // Concatenate valid files (top-level constructs compose in these languages).
  let text = '';
  const names: string[] = [];
  for (const f of files) {
    const t = readCorpusFile(f);
    if (t.includes('\r') || !valid(t)) continue;
    if (!valid(text + '\n' + t)) continue;
    text += '\n' + t;
    names.push(f);
    if (text.split('\n').length >= lines) break;
  }
  return text.split('\n').length >= lines * 0.7 ? { name: `${names.length} files joined`, text } : null;
}

/** Hole spans of whole lines with some code on them, and each hole's original tokens (for re-committing). */
function lineHoles(text: string, count: number, rand: () => number): Array<[number, number]> {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const candidates = lineStarts.slice(0, -1).filter((s, i) => {
    const line = text.slice(s, lineStarts[i + 1] - 1);
    return line.trim().length >= 6 && line.trim().length <= 80;
  });
  const picked = new Set<number>();
  while (picked.size < Math.min(count, candidates.length)) picked.add(candidates[Math.floor(rand() * candidates.length)]);
  return [...picked]
    .sort((a, b) => a - b)
    .map((s) => {
      const e = text.indexOf('\n', s);
      const indent = text.slice(s, e).match(/^\s*/)![0].length;
      return [s + indent, e] as [number, number];
    });
}

async function main() {
  console.log(`check benchmark: ${LANGS.join(', ')}; sizes ${SIZES.join(', ')} lines; ${COMMITS} incremental commits per case`);
  console.log('lang        lines holes   ts-parse  full-check  ratio  incr-median  incr-p95  nodes(full)  peak-RSS  verdict');
  for (const lang of LANGS) {
    const runtime = await loadLanguage(lang);
    const valid = (s: string) => runtime.parser.validate(s).valid;
    for (const size of SIZES) {
      const file = fileOfSize(lang, size, valid);
      if (!file) {
        console.log(`${lang.padEnd(10)} ${String(size).padStart(6)}  (no real file of that size found)`);
        continue;
      }
      const lines = file.text.split('\n').length;
      for (const holeCount of [1, 3]) {
        const rand = rng(size * 31 + holeCount);
        const holes = lineHoles(file.text, holeCount, rand);
        // tree-sitter: median of 5 full parses of the original file.
        const tsTimes = Array.from({ length: 5 }, () => runtime.parser.parseMs(file.text));
        const tsMs = quantile(tsTimes, 0.5);
        const pieces = piecesFromRanges(file.text, holes);
        // Full check: median of 3 fresh checkers.
        const fullTimes: number[] = [];
        let verdict: boolean | null = null;
        let nodes = 0;
        for (let k = 0; k < 3; k++) {
          const c = new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces);
          const r = c.check();
          fullTimes.push(r.stats.ms);
          verdict = r.completable;
          nodes = r.stats.nodesParsed;
        }
        // Incremental: commit each hole's original text back as its tree-sitter tokens, in random order.
        const checker = new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces);
        checker.check();
        const tokensPerHole = holes.map(([s, e]) => holeTokens(runtime.parser, file.text, s, e));
        const slotted = new SlottedHoles(checker, tokensPerHole.map((t) => t.length));
        const order: Array<[number, number]> = [];
        tokensPerHole.forEach((toks, h) => toks.forEach((_, i) => order.push([h, i])));
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        const incr: number[] = [];
        let allCompletable = true;
        for (const [h, i] of order.slice(0, COMMITS)) {
          slotted.commit(h, i, tokensPerHole[h][i]);
          const r = checker.check();
          incr.push(r.stats.ms);
          if (!r.completable) allCompletable = false;
        }
        const rss = process.memoryUsage().rss / 2 ** 20;
        const full = quantile(fullTimes, 0.5);
        console.log(
          `${lang.padEnd(10)} ${String(lines).padStart(6)} ${String(holes.length).padStart(5)} ${tsMs.toFixed(2).padStart(8)}ms ${full.toFixed(2).padStart(9)}ms ${(full / tsMs).toFixed(1).padStart(5)}x ${quantile(incr, 0.5).toFixed(3).padStart(10)}ms ${quantile(incr, 0.95).toFixed(3).padStart(8)}ms ${String(nodes).padStart(11)} ${rss.toFixed(0).padStart(7)}MB  ${verdict ? 'completable' : 'NOT completable'}${allCompletable ? '' : ' (a re-commit was judged not completable!)'}`,
        );
      }
    }
  }
  console.log(`peak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

/** The hole's original text split at tree-sitter leaf boundaries (whitespace stays with the token before it). */
function holeTokens(parser: import('../src/grammar/treesitter').TreeSitterParser, text: string, s: number, e: number): string[] {
  const cuts = new Set<number>([s, e]);
  for (const leaf of parser.leaves(text)) {
    if (leaf.start > s && leaf.start < e) cuts.add(leaf.start);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) out.push(text.slice(sorted[i], sorted[i + 1]));
  return out.filter((t) => t.length > 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
