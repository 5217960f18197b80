// `holefill fill FILE`: fill every hole marker with the diffusion model under the grammar's constraint.
// Exit 0: filled and valid (with --unconstrained: filled); 1: no valid fill (the input cannot be
// completed); 2: usage, model or I/O errors.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HolefillError } from '../core/errors';
import { markersToInsertionHoles } from '../check/document';
import { fillHoles } from '../engine/fill';
import { loadLanguage, resolveLanguageId } from '../engine/language';
import { denoiserOf, loadModel } from '../model/load';
import { intOption, parseArgs } from './args';
import { cliCacheDir, DEFAULT_MARKER, readSource } from './check';
import { type CliCommand, ExitCode } from './command';

export const fillCommand: CliCommand = {
  name: 'fill',
  summary: 'Fill the holes in a file so that the result parses',
  usage:
    'holefill fill FILE [--lang ID] [--marker TEXT] [--out FILE] [--model DIR] [--seed N] [--steps N]\n' +
    '                     [--hole-tokens N] [--block-length N] [--document-prior W] [--temperature T] [--schedule even|dream|threshold] [--unconstrained] [--json]',
  async run(args, io) {
    const parsed = parseArgs(args, {
      flags: ['json', 'unconstrained'],
      values: ['lang', 'marker', 'out', 'model', 'seed', 'steps', 'hole-tokens', 'block-length', 'document-prior', 'temperature', 'schedule', 'time-budget-ms'],
    });
    if (parsed.positionals.length !== 1) throw new HolefillError('expected exactly one FILE (or - for stdin)', 'usage');
    const file = parsed.positionals[0];
    const marker = parsed.values.get('marker') ?? DEFAULT_MARKER;
    if (!marker) throw new HolefillError('--marker must not be empty', 'usage');
    const seed = intOption(parsed, 'seed', 0);
    const steps = intOption(parsed, 'steps', 0);
    const holeTokens = intOption(parsed, 'hole-tokens', 0);
    // Absent: the model's own block length (its manifest's blockLength).
    const blockLength = parsed.values.has('block-length') ? intOption(parsed, 'block-length', 0) : undefined;
    // Absent: the model's own weight (its manifest's documentPrior).
    const documentPrior = parsed.values.has('document-prior') ? Number(parsed.values.get('document-prior')) : undefined;
    if (documentPrior !== undefined && !(documentPrior >= 0 && documentPrior <= 1)) throw new HolefillError('--document-prior must be a number from 0 (off) to 1', 'usage');
    const timeBudgetMs = intOption(parsed, 'time-budget-ms', 30_000, 1);
    const temperature = Number(parsed.values.get('temperature') ?? 0);
    if (!(temperature >= 0)) throw new HolefillError('--temperature must be a number ≥ 0', 'usage');
    const schedule = (parsed.values.get('schedule') ?? 'even') as 'even' | 'dream' | 'threshold';
    if (!['even', 'dream', 'threshold'].includes(schedule)) throw new HolefillError(`unknown --schedule '${schedule}'`, 'usage');
    const languageId = resolveLanguageId(parsed.values.get('lang'), file === '-' ? undefined : file);
    // Markers become empty holes (an insertion point each), sized from their context.
    const { text: source, holes } = markersToInsertionHoles(readSource(file), marker);
    if (holes.length === 0) throw new HolefillError(`no hole marker '${marker}' in ${file}`, 'usage');
    const runtime = await loadLanguage(languageId, { cacheDir: cliCacheDir() });
    const modelDir = parsed.values.get('model');
    let model;
    try {
      model = await loadModel(modelDir ? resolve(modelDir) : undefined);
    } catch (e) {
      if (e instanceof HolefillError) throw e;
      throw new HolefillError(`cannot load the model${modelDir ? ` in ${modelDir}` : ''}: ${(e as Error).message}`, 'bad-model');
    }
    const showProgress = !parsed.flags.has('json') && process.stderr.isTTY;
    const report = await fillHoles(
      {
        runtime,
        model: denoiserOf(model),
        vocab: model.tokenizer,
        source,
        holes,
        holeTokens,
        unconstrained: parsed.flags.has('unconstrained'),
        sampler: { seed, steps, blockLength, documentPrior, temperature, schedule, timeBudgetMs },
      },
      showProgress
        ? (p) => {
            const width = 30;
            const done = Math.round((width * p.committed) / Math.max(1, p.committed + p.masked));
            process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] step ${p.step}/${p.totalSteps}`);
          }
        : undefined,
    );
    if (showProgress) process.stderr.write('\r\x1b[K');
    await model.session.dispose();
    if (parsed.flags.has('json')) {
      io.out(
        JSON.stringify({
          output: report.output,
          valid: report.valid,
          language: report.language,
          holes: report.holes,
          ms: round(report.ms),
          modelMs: round(report.modelMs),
          checkMs: round(report.checkMs),
          forwardPasses: report.forwardPasses,
          checks: report.checks,
          rejections: report.rejections,
          witnessHoles: report.witnessHoles,
          closedEnds: report.closedEnds,
          refilledWhole: report.refilledWhole,
          redecodedHoles: report.redecodedHoles,
          stopReason: report.stopReason,
          error: report.diagnosis?.error ?? null,
        }) + '\n',
      );
    } else if (!report.completable) {
      const e = report.diagnosis?.error;
      io.err(`${file}${e ? `:${e.line}:${e.column}` : ''}: cannot be completed: no fill of the holes makes it parse${e?.expected.length ? `; expected one of: ${e.expected.slice(0, 12).join(' ')}` : ''}\n`);
    } else {
      const out = parsed.values.get('out');
      if (out) {
        try {
          writeFileSync(out, report.output);
        } catch (e) {
          throw new HolefillError(`cannot write '${out}': ${(e as Error).message}`, 'io');
        }
      } else io.out(report.output);
      if (!report.valid) io.err(`${file}: the fill does not parse${parsed.flags.has('unconstrained') ? ' (unconstrained)' : ''}\n`);
    }
    if (report.valid || (parsed.flags.has('unconstrained') && report.completable)) return ExitCode.ok;
    return ExitCode.negative;
  },
};

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
