// `npm run bench -- sweep [--langs a,b] [--files N] [--per-file N] [--slice K] [--seed N]`: random fills of
// real files as an editor makes them, to find what the fill benchmark's whole-line cuts never meet: a
// cursor filled as an inline completion (quick), a selection inside a line, one over lines (from any
// column, also inside the indentation), two cursors, whole lines from column 0. Seeds and temperatures
// vary. Per language and kind: fills, valid outputs, and (Python) outputs Python's compile() rejects;
// then every problem found, one line each, to reproduce with `holefill fill`:
//   EXCEPTION           fillHoles threw
//   VALID-BUT-REJECTED  reported valid, tree-sitter rejects the output (must never happen)
//   CHANGED-TEXT        reported invalid, but the output is not the input (must never happen)
//   NO-VALID-FILL       no valid text found (for quick fills: no ghost text, which is allowed)
//   PY-COMPILE          reported valid, Python's compiler rejects it (errors of scope such as `return`
//                       outside a function are not counted: the fill did not make them)
// --slice K takes the next files of each language's corpus (K × files).
import { spawnSync } from 'node:child_process';
import { fillHoles } from '../src/engine/fill';
import { inlineHoleSlots } from '../src/engine/editor-support';
import { loadLanguage } from '../src/engine/language';
import { denoiserOf, loadModel } from '../src/model/load';
import { corpusFiles, readCorpusFile } from '../test/support/corpus';
import { seededRandom } from '../test/support/random';
import { option } from './support/options';

const LANGS = option('langs', 'python,javascript,typescript,go,rust,c,cpp,json').split(',');
const FILES = Number(option('files', '4'));
const PER_FILE = Number(option('per-file', '6'));
const SLICE = Number(option('slice', '0'));
const SEED = Number(option('seed', '1'));

const KINDS = ['cursor', 'in-line', 'over-lines', 'two-cursors', 'whole-lines'] as const;
type Kind = (typeof KINDS)[number];

/** Compile errors a fill of a part of a file cannot be blamed for (they depend on the code around it). */
const SCOPE_ERRORS = /outside (function|loop|async function)|not properly in loop|nonlocal|declared global|assigned to before/;

function holesOf(kind: Kind, text: string, rand: () => number): Array<[number, number]> {
  const pick = (n: number) => Math.floor(rand() * n);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lines = lineStarts.length - 1;
  const lineEnd = (l: number) => (l + 1 < lineStarts.length ? lineStarts[l + 1] - 1 : text.length);
  switch (kind) {
    case 'cursor': {
      const a = pick(text.length);
      return [[a, a]];
    }
    case 'two-cursors': {
      const [a, b] = [pick(text.length), pick(text.length)].sort((x, y) => x - y);
      return a === b ? [[a, a]] : [[a, a], [b, b]];
    }
    case 'in-line': {
      const l = pick(lines);
      const a = lineStarts[l] + pick(Math.max(1, lineEnd(l) - lineStarts[l]));
      return [[a, a + pick(Math.max(1, lineEnd(l) - a))]];
    }
    case 'over-lines': {
      const a = pick(text.length);
      const line = lineStarts.findIndex((s) => s > a);
      const last = Math.min(lines, (line < 0 ? lines : line) + pick(3));
      return [[a, Math.max(a, Math.min(text.length, lineStarts[last] + pick(20)))]];
    }
    case 'whole-lines': {
      const l = pick(lines);
      return [[lineStarts[l], Math.max(lineStarts[l], lineEnd(Math.min(lines - 1, l + pick(3))))]];
    }
  }
}

/** Python's verdict on each text: 'ok' or the SyntaxError's message (null where python3 is not here). */
function pythonVerdicts(texts: string[]): string[] | null {
  if (texts.length === 0) return [];
  const script = 'import sys, json\nout = []\nfor t in json.load(sys.stdin):\n    try:\n        compile(t, "f.py", "exec")\n        out.append("ok")\n    except SyntaxError as e:\n        out.append(type(e).__name__ + ": " + str(e.msg))\nprint(json.dumps(out))\n';
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 28 });
  return r.status === 0 ? JSON.parse(r.stdout) : null;
}

async function main() {
  const model = await loadModel();
  const denoiser = denoiserOf(model);
  const rand = seededRandom(SEED);
  const problems: string[] = [];
  console.log(`sweep: embedded model, ${FILES} files × ${PER_FILE} random fills per language (slice ${SLICE}, seed ${SEED})`);
  console.log('lang        kind          fills  valid  compile-rejected');
  for (const lang of LANGS) {
    const runtime = await loadLanguage(lang);
    const files = corpusFiles(lang, 400)
      .map((path) => ({ path, text: readCorpusFile(path) }))
      .filter(({ text }) => text.length > 300 && text.length < 8000 && !text.includes('\r') && runtime.parser.validate(text).valid)
      .slice(SLICE * FILES, (SLICE + 1) * FILES);
    const tally = new Map<Kind, { fills: number; valid: number; compileRejected: number }>(KINDS.map((k) => [k, { fills: 0, valid: 0, compileRejected: 0 }]));
    const compiled: Array<{ kind: Kind; tag: string; output: string; fills: string[] }> = [];
    for (const { path, text } of files) {
      for (let k = 0; k < PER_FILE; k++) {
        const kind = KINDS[Math.floor(rand() * KINDS.length)];
        const holes = holesOf(kind, text, rand);
        const quick = kind === 'cursor';
        const sampler = { seed: Math.floor(rand() * 100), temperature: rand() < 0.3 ? 0.8 : 0, timeBudgetMs: 10_000 };
        const tag = `${lang} ${path} ${kind} holes ${JSON.stringify(holes)} seed ${sampler.seed} temperature ${sampler.temperature}`;
        const t = tally.get(kind)!;
        t.fills++;
        try {
          const r = await fillHoles({ runtime, model: denoiser, vocab: model.tokenizer, source: text, holes, quick, holeTokens: quick ? inlineHoleSlots(text, holes[0][0]) : undefined, sampler });
          if (r.valid) t.valid++;
          if (r.valid && !runtime.parser.validate(r.output).valid) problems.push(`VALID-BUT-REJECTED ${tag}`);
          if (!r.valid && r.output !== text) problems.push(`CHANGED-TEXT ${tag}`);
          if (!r.valid) problems.push(`NO-VALID-FILL ${tag} (stop ${r.stopReason}${quick ? ', quick' : ''})`);
          if (r.valid && lang === 'python') compiled.push({ kind, tag, output: r.output, fills: r.holes });
        } catch (e) {
          problems.push(`EXCEPTION ${tag}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    const verdicts = lang === 'python' ? pythonVerdicts(compiled.map((c) => c.output)) : null;
    verdicts?.forEach((v, i) => {
      if (v === 'ok' || SCOPE_ERRORS.test(v)) return;
      tally.get(compiled[i].kind)!.compileRejected++;
      problems.push(`PY-COMPILE ${v}: ${compiled[i].tag} fills ${JSON.stringify(compiled[i].fills)}`);
    });
    for (const [kind, t] of tally) {
      if (t.fills === 0) continue;
      const rejected = lang === 'python' ? (verdicts ? String(t.compileRejected) : 'no python3') : 'n/a';
      console.log(`${lang.padEnd(11)} ${kind.padEnd(13)} ${String(t.fills).padStart(5)}  ${String(t.valid).padStart(5)}  ${rejected.padStart(16)}`);
    }
  }
  console.log(problems.length ? `\n${problems.length} problems:` : '\nno problems');
  for (const p of problems) console.log(p);
  await model.session.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
