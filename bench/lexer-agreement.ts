// Lexer agreement with tree-sitter on real files found on this machine, per language: the share of
// tree-sitter's leaf tokens that are edges of our fixed-text lattice, and the disagreement classes.
//   npm run bench -- lexer-agreement [files-per-language=40] [language ...]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_LANGUAGES } from '../src/grammar/languages';
import { loadBuiltinGrammar } from '../src/grammar/loader';
import { TreeSitterParser } from '../src/grammar/treesitter';
import { compileLexer } from '../src/lexing/dfa';
import { aliasTargetsOf, LeafNameMap, measureAgreement, mergeAgreements, TreeSitterTokens } from '../src/lexing/agreement';
import { builtinGrammarDir } from '../src/grammar/languages';
import { agreementCorpus, readText } from '../test/unit/lexing/agreement-corpus';

/** Candidates read only when reached. */
function* lazyTexts(paths: readonly string[]): Iterable<{ path: string; text: string }> {
  for (const path of paths) yield { path, text: readText(path) };
}

async function main(): Promise<void> {
  const [countArg, ...only] = process.argv.slice(2);
  const filesPerLanguage = Number(countArg ?? 40) || 40;
  const percent = (n: number, d: number): string => (d ? ((100 * n) / d).toFixed(2) : '-') + '%';
  const rows: string[] = [];
  for (const language of BUILTIN_LANGUAGES) {
    if (only.length && !only.includes(language.id)) continue;
    const grammar = loadBuiltinGrammar(language.id);
    const lexer = compileLexer(grammar);
    const parser = await TreeSitterParser.forBuiltin(language.id);
    const aliases = aliasTargetsOf(JSON.parse(readFileSync(join(builtinGrammarDir(language.id), 'grammar.json'), 'utf8')));
    const names = new LeafNameMap(grammar, aliases);
    const tokens = new TreeSitterTokens(parser, names);
    const groups = agreementCorpus(language.id).map((group) =>
      measureAgreement(lexer, names, tokens, lazyTexts(group.candidates), Math.round((group.quota * filesPerLanguage) / 40)),
    );
    const result = mergeAgreements(groups);
    const t = result.tally;
    rows.push(
      [
        language.id.padEnd(11),
        String(result.files.length).padStart(5),
        String(t.leaves).padStart(8),
        percent(t.exact, t.leaves).padStart(8),
        percent(t.exact + t.span, t.leaves).padStart(8),
        String(t.span).padStart(6),
        String(t.otherEnd).padStart(6),
        String(t.missing).padStart(6),
        String(t.zeroWidth).padStart(6),
        String(lexer.stateCount).padStart(6),
        result.ms.toFixed(0).padStart(7),
      ].join(' '),
    );
    console.log(`\n${language.id}: ${result.files.length} files (${result.skipped} skipped), ${t.leaves} tokens (${tokens.folded} nodes folded into one token)`);
    for (const cls of result.classes.slice(0, 25)) {
      const c = cls.counts;
      console.log(
        `  ${(cls.named ? cls.leafType : JSON.stringify(cls.leafType)).padEnd(34)} span ${c.span}, other-end ${c['other-end']}, missing ${c.missing}` +
          `   e.g. ${cls.example.file}@${cls.example.offset}: ${JSON.stringify(cls.example.text)}`,
      );
    }
  }
  console.log('\nlanguage    files   tokens    exact exact+span  span other-end missing 0-width dfa-states ms');
  for (const row of rows) console.log(row);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
