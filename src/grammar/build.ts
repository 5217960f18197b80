// Last step: the read-only compiled form. Terminals (lexemes) are ids 0..T-1, nonterminals T..; the
// productions of each nonterminal are contiguous, so rulesOf is the identity within rulesOfStart ranges.
import type { CompiledGrammar, ExternalTokenPolicy, Lexeme, SupportLevel } from './compiled';
import type { FlatGrammar } from './ir';
import { isNonterminalSym, nonterminalOf } from './ir';
import { languageLowering } from './externals';

export function buildCompiledGrammar(g: FlatGrammar, nullableNt: readonly boolean[], languageId: string): CompiledGrammar {
  const terminalCount = g.lexemes.length;
  const symbolCount = terminalCount + g.nonterminals.length;
  const toSymbol = (s: number): number => (isNonterminalSym(s) ? terminalCount + nonterminalOf(s) : s);

  let ruleCount = 0;
  let rhsLength = 0;
  for (const nt of g.nonterminals) {
    ruleCount += nt.productions.length;
    for (const p of nt.productions) rhsLength += p.length;
  }
  const ruleLhs = new Int32Array(ruleCount);
  const ruleRhsStart = new Int32Array(ruleCount + 1);
  const rhs = new Int32Array(rhsLength);
  const rulesOfStart = new Int32Array(symbolCount + 1);
  const rulesOf = new Int32Array(ruleCount);
  let r = 0;
  let k = 0;
  for (let s = 0; s < terminalCount; s++) rulesOfStart[s] = 0;
  g.nonterminals.forEach((nt, n) => {
    rulesOfStart[terminalCount + n] = r;
    for (const p of nt.productions) {
      ruleLhs[r] = terminalCount + n;
      ruleRhsStart[r] = k;
      for (const s of p) rhs[k++] = toSymbol(s);
      rulesOf[r] = r;
      r++;
    }
  });
  ruleRhsStart[ruleCount] = k;
  rulesOfStart[symbolCount] = ruleCount;

  const nullable = new Uint8Array(symbolCount);
  nullableNt.forEach((v, n) => {
    if (v) nullable[terminalCount + n] = 1;
  });

  const groups = languageLowering(g.language)?.longestMatchGroups ?? [];
  const groupOf = (name: string): number => groups.findIndex((group) => group.names.test(name));
  const lexemes: Lexeme[] = g.lexemes.map((l, id) => {
    const group = groupOf(l.name);
    return Object.freeze({
      id,
      name: l.name,
      source: l.source,
      regex: l.regex,
      immediate: l.immediate,
      keyword: l.keyword,
      reserved: l.reserved,
      extra: l.extra,
      literal: l.literal,
      example: l.example,
      treeSitterNames: Object.freeze(l.treeSitterNames.slice()),
      ...(l.atEndOfInput ? { atEndOfInput: true } : {}),
      ...(l.zeroWidthBefore ? { zeroWidthBefore: l.zeroWidthBefore } : {}),
      ...(group >= 0 ? { longestMatchGroup: group } : {}),
    });
  });
  const externals: ExternalTokenPolicy[] = g.externals.map((x) => Object.freeze({ ...x.policy }));
  const supportLevel: SupportLevel = externals.every((x) => x.exact) ? 'exact' : 'approximate';
  return Object.freeze({
    language: languageId,
    supportLevel,
    symbolNames: Object.freeze([...g.lexemes.map((l) => l.name), ...g.nonterminals.map((nt) => nt.name)]),
    terminalCount,
    symbolCount,
    startSymbol: terminalCount + g.start,
    ruleCount,
    ruleLhs,
    ruleRhsStart,
    rhs,
    rulesOfStart,
    rulesOf,
    nullable,
    lexemes: Object.freeze(lexemes),
    extras: Int32Array.from(g.extras),
    wordLexeme: g.wordLexeme,
    externals: Object.freeze(externals),
  });
}
