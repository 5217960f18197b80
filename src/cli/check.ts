// `holefill check FILE`: can the holes be filled so that the file parses? Exit 0 yes (a file without
// holes: it is valid), 1 no, 2 usage / language / I/O errors.
import { readFileSync } from 'node:fs';
import { HolefillError } from '../core/errors';
import { piecesFromMarkedText } from '../check/document';
import { defaultCliCacheDir } from '../grammar/loader';
import { checkDocument } from '../engine/check-document';
import { loadLanguage, resolveLanguageId } from '../engine/language';
import { intOption, parseArgs } from './args';
import { type CliCommand, ExitCode } from './command';

export const DEFAULT_MARKER = '<|hole|>';

export function cliCacheDir(): string {
  return process.env.HOLEFILL_CACHE_DIR ?? defaultCliCacheDir();
}

export function readSource(file: string): string {
  try {
    return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (e) {
    throw new HolefillError(`cannot read '${file}': ${(e as Error).message}`, 'io');
  }
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Report whether every hole in a file can be completed to a valid parse',
  usage: 'holefill check FILE [--lang ID] [--marker TEXT] [--json] [--budget-ms N]',
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['json'], values: ['lang', 'marker', 'budget-ms'] });
    if (parsed.positionals.length !== 1) throw new HolefillError('expected exactly one FILE (or - for stdin)', 'usage');
    const file = parsed.positionals[0];
    const marker = parsed.values.get('marker') ?? DEFAULT_MARKER;
    if (!marker) throw new HolefillError('--marker must not be empty', 'usage');
    const budgetMs = intOption(parsed, 'budget-ms', 30_000, 1);
    const languageId = resolveLanguageId(parsed.values.get('lang'), file === '-' ? undefined : file);
    const source = readSource(file);
    const runtime = await loadLanguage(languageId, { cacheDir: cliCacheDir() });
    const { pieces, holeSpans } = piecesFromMarkedText(source, marker);
    const report = checkDocument(runtime, source, pieces, holeSpans.length, { maxMs: budgetMs, maxItems: 200_000_000 }, undefined, holeSpans);
    if (parsed.flags.has('json')) {
      io.out(
        JSON.stringify({
          completable: report.completable ?? false,
          language: report.language,
          holes: report.holes,
          ms: Math.round(report.ms * 100) / 100,
          witness: report.witness,
          error: report.error && { line: report.error.line, column: report.error.column, expected: report.error.expected, ...(report.error.reason ? { reason: report.error.reason } : {}) },
          budgetExceeded: report.budgetExceeded,
          supportLevel: runtime.supportLevel,
          witnessNote: report.witnessNote,
          stats: report.stats,
        }) + '\n',
      );
    } else if (report.budgetExceeded) {
      io.out(`${file}: no verdict: the check ran out of its ${budgetMs} ms budget\n`);
    } else if (report.completable) {
      const what = report.holes === 0 ? 'valid' : `completable (${report.holes} hole${report.holes === 1 ? '' : 's'})`;
      io.out(`${file}: ${what} [${runtime.id}, ${runtime.supportLevel}, ${report.ms.toFixed(1)} ms]\n`);
      report.witness?.forEach((w, i) => io.out(`  hole ${i + 1}: shortest fill ${JSON.stringify(w)}\n`));
      if (report.witnessNote) io.out(`  note: ${report.witnessNote}\n`);
    } else {
      const e = report.error!;
      const expected = e.expected.length ? `; expected one of: ${e.expected.slice(0, 12).join(' ')}${e.expected.length > 12 ? ' …' : ''}` : '';
      io.out(`${file}:${e.line}:${e.column}: not completable: ${e.reason ?? `no completion exists past this point${expected}`}\n`);
    }
    if (report.budgetExceeded) return ExitCode.usage;
    return report.completable ? ExitCode.ok : ExitCode.negative;
  },
};
