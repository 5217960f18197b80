// `npm run bench -- soundness [--langs a,b] [--files N] [--seed N]`: the checker against tree-sitter on real
// files, more of them than the unit test takes. Every file tree-sitter parses, with a hole cut out of it
// (one whole code line after its indentation, as HumanEval-MRI removes them, and one random span of up to
// 40 characters), must be judged completable; a report that is not names the file and the hole. Also
// prints how many of the holes' shortest completions tree-sitter accepts, the time per check, and how many
// holes fills' lexing (a restriction: fills fall back to the plain grammar) judges not completable.
import { piecesFromRanges } from '../src/check/document';
import { checkDocument, FILL_LEXING } from '../src/engine/check-document';
import { loadLanguage } from '../src/engine/language';
import { corpusFiles, readCorpusFile } from '../test/support/corpus';
import { seededRandom } from '../test/support/random';
import { option } from './support/options';

const LANGS = option('langs', 'cpp,c,json,python,javascript,typescript,go,rust').split(',');
const FILES = Number(option('files', '40'));
const SEED = Number(option('seed', '9'));
const MAX_CHARS = 20_000;

async function main(): Promise<void> {
  console.log(`soundness: ${FILES} real files per language that tree-sitter parses, a whole line and a random span cut out of each (seed ${SEED})`);
  console.log("language     files  holes  not completable  witnesses valid  ms per check  not completable (fills' lexing)");
  let failures = 0;
  for (const lang of LANGS) {
    const runtime = await loadLanguage(lang);
    const random = seededRandom(SEED);
    let used = 0;
    let cases = 0;
    let notCompletable = 0;
    let witnesses = 0;
    let ms = 0;
    let notCompletableFilling = 0;
    for (const path of corpusFiles(lang, FILES * 6)) {
      if (used >= FILES) break;
      const source = readCorpusFile(path);
      if (source.length > MAX_CHARS || source.includes('\r') || !runtime.parser.validate(source).valid) continue;
      used++;
      const lines = source.split('\n');
      const starts: number[] = [];
      let offset = 0;
      for (const line of lines) {
        starts.push(offset);
        offset += line.length + 1;
      }
      const lineIndex = Math.floor(random() * lines.length);
      const indent = /^[ \t]*/.exec(lines[lineIndex])![0].length;
      const spanStart = Math.floor(random() * source.length);
      const holes: Array<[number, number]> = [
        [starts[lineIndex] + indent, starts[lineIndex] + lines[lineIndex].length],
        [spanStart, Math.min(source.length, spanStart + Math.floor(random() * 40))],
      ];
      for (const hole of holes) {
        cases++;
        const t0 = performance.now();
        const report = checkDocument(runtime, source, piecesFromRanges(source, [hole]), 1);
        ms += performance.now() - t0;
        if (report.completable !== true) {
          notCompletable++;
          console.log(`  NOT COMPLETABLE ${path} [${hole[0]}, ${hole[1]}): ${JSON.stringify(source.slice(Math.max(0, hole[0] - 30), hole[1] + 30))}`);
        } else if (report.witness) witnesses++;
        if (checkDocument(runtime, source, piecesFromRanges(source, [hole]), 1, undefined, FILL_LEXING).completable !== true) {
          notCompletableFilling++;
          console.log(`  fills' lexing: not completable ${path} [${hole[0]}, ${hole[1]}): ${JSON.stringify(source.slice(Math.max(0, hole[0] - 30), hole[1] + 30))}`);
        }
      }
    }
    failures += notCompletable;
    console.log(`${lang.padEnd(12)} ${String(used).padStart(5)} ${String(cases).padStart(6)} ${String(notCompletable).padStart(16)} ${`${witnesses}/${cases - notCompletable}`.padStart(16)} ${(ms / Math.max(1, cases)).toFixed(0).padStart(13)} ${String(notCompletableFilling).padStart(32)}`);
  }
  if (failures > 0) process.exitCode = 1;
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
