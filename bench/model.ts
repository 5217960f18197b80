// `npm run bench -- model [--model DIR] [--windows N] [--runs N]`: the default diffusion LM through
// onnxruntime-node, measured side by side in one run:
// 1. forward-pass time at T = 64, 128, 256 and 512 tokens with 1 and 2 intra-op threads (median, p90);
// 2. masked-token accuracy and cross-entropy at 15%, 50% and 90% masking on the held-out split (files
//    listed in tools/train/checkpoints/heldout-files.txt that exist on this machine), computed from the
//    ONNX graph exactly as the decoder will run it;
// 3. line holes cut from held-out files of the built-in languages (1 line and 3 lines, the hole being
//    the lines' text after the first line's indentation): exact match and mean character edit
//    similarity (1 - Levenshtein / longer length) of the fills, constrained, unconstrained, and the
//    checker's witness as a baseline, with validity and time, side by side on the same holes;
// 4. file sizes of what ships under models/default.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CompletabilityChecker } from '../src/check/checker';
import { piecesFromRanges } from '../src/check/document';
import { packageRoot } from '../src/core/paths';
import { fillHoles } from '../src/engine/fill';
import { loadLanguage } from '../src/engine/language';
import { languageForFile } from '../src/grammar/languages';
import { denoiserOf } from '../src/model/load';
import { loadModel, type LoadedModel } from '../src/model/load';
import { defaultModelDir } from '../src/model/manifest';
import { seededRandom } from '../test/support/random';
import { option } from './support/options';

const MODEL_DIR = option('model', defaultModelDir());
const WINDOWS = Number(option('windows', '24'));
const RUNS = Number(option('runs', '20'));
const LENGTHS = [64, 128, 256, 512];
const RATIOS = [0.15, 0.5, 0.9];
const HOLES = Number(option('holes', '12'));
const MAX_LINES = Number(option('max-lines', '250'));

const rng = seededRandom;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function timeForward(model: LoadedModel, length: number): Promise<{ median: number; p90: number }> {
  const ids = Array.from({ length }, (_, i) => (i % 7 === 3 ? model.manifest.maskTokenId : (i * 37) % 256));
  for (let i = 0; i < 3; i++) await model.session.forward(ids);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await model.session.forward(ids)).ms);
  return { median: quantile(times, 0.5), p90: quantile(times, 0.9) };
}

/** Held-out token stream: documents joined by eos, as in training. */
function heldoutTokens(model: LoadedModel): { tokens: number[]; files: number; bytes: number } | undefined {
  const list = join(packageRoot(), 'tools', 'train', 'checkpoints', 'heldout-files.txt');
  if (!existsSync(list)) return undefined;
  const tokens: number[] = [];
  let files = 0;
  let bytes = 0;
  for (const path of readFileSync(list, 'utf8').split('\n').filter(Boolean)) {
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8').split('\n').map((l) => l.trimEnd()).join('\n').trim() + '\n';
    for (const id of model.tokenizer.encode(text)) tokens.push(id); // no spread: files run to 10^5 tokens
    tokens.push(model.manifest.eosTokenId);
    files++;
    bytes += Buffer.byteLength(text);
  }
  return files ? { tokens, files, bytes } : undefined;
}

async function maskedMetrics(model: LoadedModel, tokens: number[], ratio: number, windows: number, length: number) {
  const random = rng(1000 + Math.round(ratio * 100));
  let ce = 0;
  let correct = 0;
  let count = 0;
  let maskedBytes = 0;
  for (let w = 0; w < windows; w++) {
    const start = Math.floor(random() * (tokens.length - length));
    const target = tokens.slice(start, start + length);
    const input = target.map((t) => (random() < ratio ? model.manifest.maskTokenId : t));
    const out = await model.session.forward(input);
    for (let i = 0; i < length; i++) {
      if (input[i] !== model.manifest.maskTokenId) continue;
      const row = out.logits.subarray(i * out.vocab, (i + 1) * out.vocab);
      let best = 0;
      for (let v = 1; v < out.vocab; v++) if (row[v] > row[best]) best = v;
      let sum = 0;
      for (const x of row) sum += Math.exp(x - row[best]);
      ce += row[best] + Math.log(sum) - row[target[i]];
      correct += best === target[i] ? 1 : 0;
      count++;
      maskedBytes += model.tokenizer.tokenBytes[target[i]].length;
    }
  }
  return { ce: ce / count, cePerByte: ce / Math.max(1, maskedBytes), acc: correct / count, masked: count };
}

function editSimilarity(a: string, b: string): number {
  if (a.length === 0 && b.length === 0) return 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return 1 - prev[b.length] / Math.max(a.length, b.length);
}

interface LineHole {
  readonly path: string;
  readonly language: string;
  readonly source: string;
  readonly range: readonly [number, number];
}

/** Holes of `lines` whole non-blank lines (after the first one's indentation) from held-out files. */
function lineHoles(lines: number, count: number, seed: number): LineHole[] {
  const list = join(packageRoot(), 'tools', 'train', 'checkpoints', 'heldout-files.txt');
  if (!existsSync(list)) return [];
  const random = rng(seed);
  const files = readFileSync(list, 'utf8').split('\n').filter((p) => p && existsSync(p) && languageForFile(p));
  const holes: LineHole[] = [];
  for (let tries = 0; holes.length < count && tries < count * 40 && files.length; tries++) {
    const path = files[Math.floor(random() * files.length)];
    const source = readFileSync(path, 'utf8');
    const all = source.split('\n');
    if (all.length > MAX_LINES || all.length < lines + 6) continue;
    const first = 3 + Math.floor(random() * (all.length - lines - 5));
    const removed = all.slice(first, first + lines);
    if (removed.some((l) => !l.trim()) || removed.join('\n').length > 60 * lines) continue;
    const indent = removed[0].length - removed[0].trimStart().length;
    const start = all.slice(0, first).join('\n').length + 1 + indent;
    holes.push({ path, language: languageForFile(path)!.id, source, range: [start, start + removed.join('\n').length - indent] });
  }
  return holes;
}

async function benchFills(model: LoadedModel): Promise<void> {
  const denoiser = denoiserOf(model);
  for (const lines of [1, 3]) {
    const holes = lineHoles(lines, HOLES, 77 + lines);
    if (holes.length === 0) {
      console.log(`\n${lines}-line fills: skipped (no held-out files of a built-in language on this machine)`);
      continue;
    }
    const langs = [...new Set(holes.map((h) => h.language))].join(', ');
    // A fill of a file tree-sitter rejects as it is cannot be valid (template-heavy C++ headers).
    let unparsed = 0;
    for (const hole of holes) if (!(await loadLanguage(hole.language)).parser.validate(hole.source).valid) unparsed++;
    console.log(`\n${lines}-line holes: ${holes.length} from held-out files (${langs}; ${unparsed} of them in files tree-sitter rejects as they are); greedy, default sampler settings`);
    console.log(`fill${' '.repeat(20)} | exact match | edit similarity | valid | mean ms | forward passes   (document prior: ${model.manifest.documentPrior})`);
    const rows: Record<string, { exact: number; sim: number; valid: number; ms: number; passes: number }> = {};
    // The model's own document prior (its manifest's documentPrior), and the same fills without it.
    const decoded = ['constrained', 'constrained, no prior', 'unconstrained', 'unconstrained, no prior'] as const;
    for (const kind of [...decoded, 'witness'] as const) rows[kind] = { exact: 0, sim: 0, valid: 0, ms: 0, passes: 0 };
    for (const hole of holes) {
      const runtime = await loadLanguage(hole.language);
      const truth = hole.source.slice(hole.range[0], hole.range[1]).trim();
      for (const kind of decoded) {
        const report = await fillHoles({
          runtime,
          model: denoiser,
          vocab: model.tokenizer,
          source: hole.source,
          holes: [hole.range],
          unconstrained: kind.startsWith('unconstrained'),
          sampler: kind.endsWith('no prior') ? { documentPrior: 0 } : {},
        });
        const fill = report.holes[0]?.trim() ?? '';
        const r = rows[kind];
        r.exact += fill === truth ? 1 : 0;
        r.sim += editSimilarity(fill, truth);
        r.valid += report.valid ? 1 : 0;
        r.ms += report.ms;
        r.passes += report.forwardPasses;
      }
      const t0 = performance.now();
      const checker = new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromRanges(hole.source, [hole.range]));
      const witness = checker.check().completable ? checker.witness(runtime.parser) : null;
      const fill = witness?.gapTexts[0]?.trim() ?? '';
      rows.witness.exact += fill === truth ? 1 : 0;
      rows.witness.sim += editSimilarity(fill, truth);
      rows.witness.valid += witness?.treeSitterValid ? 1 : 0;
      rows.witness.ms += performance.now() - t0;
    }
    for (const [kind, r] of Object.entries(rows)) {
      const n = holes.length;
      console.log(`${kind.padEnd(24)} | ${((r.exact / n) * 100).toFixed(0).padStart(10)}% | ${(r.sim / n).toFixed(3).padStart(15)} | ${`${r.valid}/${n}`.padStart(5)} | ${(r.ms / n).toFixed(0).padStart(7)} | ${(r.passes / n).toFixed(1).padStart(14)}`);
    }
  }
}

async function main(): Promise<void> {
  console.log(`model: ${MODEL_DIR}`);
  const models = [await loadModel(MODEL_DIR, { intraOpNumThreads: 1 }), await loadModel(MODEL_DIR, { intraOpNumThreads: 2 })];
  const m = models[0].manifest;
  for (const file of [m.onnxPath, m.tokenizerPath, m.manifestPath]) {
    console.log(`  ${file.slice(packageRoot().length + 1)}: ${(statSync(file).size / 1e6).toFixed(2)} MB`);
  }
  console.log(`  vocabulary ${models[0].tokenizer.size} tokens, logits width ${models[0].session.vocab}, maxLength ${m.maxLength}`);

  console.log(`\nforward pass (ms, ${RUNS} runs after 3 warm-up runs), onnxruntime-node CPU`);
  console.log('tokens | 1 thread median | 1 thread p90 | 2 threads median | 2 threads p90');
  for (const length of LENGTHS.filter((l) => l <= m.maxLength)) {
    const [one, two] = [await timeForward(models[0], length), await timeForward(models[1], length)];
    console.log(`${String(length).padStart(6)} | ${one.median.toFixed(1).padStart(15)} | ${one.p90.toFixed(1).padStart(12)} | ${two.median.toFixed(1).padStart(16)} | ${two.p90.toFixed(1).padStart(13)}`);
  }

  const held = heldoutTokens(models[0]);
  if (!held) {
    console.log('\nmasked-token metrics: skipped (no held-out files: tools/train/checkpoints/heldout-files.txt lists files of the training machine)');
  } else {
    console.log(`\nmasked-token metrics on the held-out split (${held.files} files, ${(held.bytes / 1e6).toFixed(2)} MB, ${held.tokens.length} tokens; ${WINDOWS} windows of 256 tokens per ratio)`);
    console.log('masking | accuracy | CE nats/token | CE nats/byte | masked tokens');
    for (const ratio of RATIOS) {
      const r = await maskedMetrics(models[0], held.tokens, ratio, WINDOWS, 256);
      console.log(`${`${ratio * 100}%`.padStart(7)} | ${(r.acc * 100).toFixed(1).padStart(7)}% | ${r.ce.toFixed(3).padStart(13)} | ${r.cePerByte.toFixed(3).padStart(12)} | ${String(r.masked).padStart(13)}`);
    }
  }
  await benchFills(models[0]);
  for (const model of models) await model.session.dispose();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
