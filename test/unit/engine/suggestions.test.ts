// Suggestions (CheckedCommits.suggest) read a gap's text off the checking chart's own derivation
// (CompletabilityChecker.gapTextsFromCheck) instead of a second, cost-ordered parse. A suggestion is a
// hint that tryCommit checks like any proposal, so the oracle is that check: on real files with random
// holes, nearly every suggestion's first character (what the sampler commits with a byte-level model)
// must be kept at the start of its hole, and nearly every whole suggested text too (a derivation's tight
// layout can run text together that the lexer reads otherwise). Where the hole can end at once, the
// suggestion is its end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletabilityChecker } from '../../../src/check/checker';
import { piecesFromRanges } from '../../../src/check/document';
import { FILL_LEXING } from '../../../src/engine/check-document';
import { CheckedCommits } from '../../../src/engine/checked-commits';
import { loadLanguage } from '../../../src/engine/language';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { seededRandom } from '../../support/random';

const SLOTS = 8;

for (const language of ['cpp', 'python', 'typescript', 'rust', 'json', 'go']) {
  test(`${language}: suggestions read off the check are kept when committed`, async () => {
    const runtime = await loadLanguage(language);
    const rand = seededRandom(language.length * 977 + 3);
    let suggested = 0;
    let kept = 0;
    let files = 0;
    let firstKeptCount = 0;
    let ends = 0;
    const refused: string[] = [];
    for (const path of corpusFiles(language, 80)) {
      if (files >= 6) break;
      const source = readCorpusFile(path);
      if (source.length > 5000 || source.length < 400 || source.includes('\r') || !runtime.parser.validate(source).valid) continue;
      files++;
      for (let k = 0; k < 3; k++) {
        const a = Math.floor(rand() * (source.length - 30));
        const holes: Array<[number, number]> = [[a, a + 1 + Math.floor(rand() * 25)]];
        const fresh = () => new CheckedCommits(new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromRanges(source, holes), undefined, FILL_LEXING), [SLOTS], runtime.parser);
        const commits = fresh();
        if (!commits.initialCheck()) continue; // fills' lexing may refuse a cut inside a literal
        // At the start of an untouched hole, the suggestion is its end exactly where it can end.
        const plain = fresh();
        plain.initialCheck();
        const atStart = plain.suggest(0, 0);
        const probe = fresh();
        probe.initialCheck();
        const canEnd = probe.tryEnd(0, 0);
        assert.equal(atStart !== null && 'end' in atStart, canEnd, `${path} ${JSON.stringify(holes)}: suggestion ${JSON.stringify(atStart)}`);
        if (canEnd) ends++;
        // The removed text's last character in the hole's last slot: the run from slot 0 is then not
        // the hole's last, so the suggestion is text, not the hole's end.
        const last = source.slice(holes[0][0], holes[0][1]).slice(-1);
        if (!commits.tryCommit(0, SLOTS - 1, last)) continue;
        const suggestion = commits.suggest(0, 0);
        if (!suggestion || !('text' in suggestion)) continue;
        suggested++;
        // The sampler commits the suggestion's first token (a byte or a character for the default model).
        const first = String.fromCodePoint(suggestion.text.codePointAt(0)!);
        if (commits.tryCommit(0, 0, first)) firstKeptCount++;
        const whole = fresh();
        whole.initialCheck();
        whole.tryCommit(0, SLOTS - 1, last);
        if (whole.tryCommit(0, 0, suggestion.text)) kept++;
        else refused.push(`${path} ${JSON.stringify(holes)}: ${JSON.stringify(suggestion.text)}`);
      }
    }
    console.log(`${language}: ${ends} holes could end at once and got their end suggested; ${firstKeptCount} of ${suggested} suggestions' first characters kept, ${kept} whole${refused.length ? `; refused: ${refused.join('; ')}` : ''}`);
    assert.ok(suggested >= 5, `only ${suggested} suggestions: the test shows little`);
    // A derivation read with a gap's columns unknown can be refused once text fixes a column (Python: a
    // line that starts the hole at a column no deeper than the header above it).
    assert.ok(firstKeptCount >= suggested * 0.9, `${language}: only ${firstKeptCount} of ${suggested} suggestions' first characters kept`);
    assert.ok(kept >= suggested * 0.8, `${language}: only ${kept} of ${suggested} whole suggestions kept`);
  });
}
