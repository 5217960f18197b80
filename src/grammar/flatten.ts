// Pass 6: SEQ and CHOICE become productions (lists of symbols). A SEQ may multiply out the alternatives
// of its members (tree-sitter does); where that product would exceed MAX_SEQUENCE_EXPANSION productions,
// the member with the most alternatives becomes a helper nonterminal instead (same language). The
// Earley parser keeps an item per production it is in the middle of, so a SEQ with k optional members
// multiplied out costs up to 2^k items where helpers cost k: every CHOICE in a SEQ gets its helper
// (the checks of fills made 2–2.5× fewer items than with products of up to 32).
import type { Expr, FlatGrammar, Nonterminal, SplitGrammar, Sym } from './ir';
import { dedupeProductions, HelperNonterminals, nonterminalSym } from './ir';

/** Largest number of productions one SEQ may expand into before its widest CHOICE gets its own nonterminal. */
export const MAX_SEQUENCE_EXPANSION = 1;

export function flatten(g: SplitGrammar): FlatGrammar {
  const nonterminals: Nonterminal[] = g.rules.map((r) => ({ name: r.name, productions: [] }));
  const helpers = new HelperNonterminals(nonterminals);
  const group = (alternatives: Sym[][], owner: string): number => helpers.intern(owner, 'group', alternatives).index;

  const alternativesOf = (e: Expr, owner: string): Sym[][] => {
    switch (e.kind) {
      case 'blank':
        return [[]];
      case 'nothing':
        return [];
      case 'terminal':
        return [[e.id]];
      case 'rule':
        return [[nonterminalSym(e.index)]];
      case 'choice':
        return dedupeProductions(e.items.flatMap((x) => alternativesOf(x, owner)));
      case 'seq': {
        const parts = e.items.map((x) => alternativesOf(x, owner));
        if (parts.some((p) => p.length === 0)) return [];
        for (;;) {
          const size = parts.reduce((n, p) => n * p.length, 1);
          if (size <= MAX_SEQUENCE_EXPANSION) break;
          let widest = 0;
          parts.forEach((p, i) => {
            if (p.length > parts[widest].length) widest = i;
          });
          parts[widest] = [[nonterminalSym(group(parts[widest], owner))]];
        }
        let product: Sym[][] = [[]];
        for (const part of parts) product = product.flatMap((prefix) => part.map((alt) => [...prefix, ...alt]));
        return dedupeProductions(product);
      }
      default:
        throw new Error(`flatten: unexpected ${e.kind} (an earlier pass should have removed it)`);
    }
  };

  g.rules.forEach((rule, i) => {
    if (g.ruleLexeme[i] < 0) nonterminals[i].productions = alternativesOf(rule.body, rule.name);
  });
  return {
    language: g.language,
    file: g.file,
    lexemes: g.lexemes,
    nonterminals,
    start: g.start,
    extras: g.extras,
    wordLexeme: g.wordLexeme,
    inline: g.inline,
    externals: g.externals,
  };
}
