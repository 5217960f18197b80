// Pass 10: which nonterminals derive the empty string (a fixpoint; lexemes never do after extract-lexemes).
import type { FlatGrammar } from './ir';
import { isNonterminalSym, nonterminalOf } from './ir';

export function computeNullable(g: FlatGrammar): boolean[] {
  const nullable = new Array<boolean>(g.nonterminals.length).fill(false);
  for (let changed = true; changed; ) {
    changed = false;
    g.nonterminals.forEach((nt, n) => {
      if (nullable[n]) return;
      if (nt.productions.some((p) => p.every((s) => isNonterminalSym(s) && nullable[nonterminalOf(s)]))) nullable[n] = changed = true;
    });
  }
  return nullable;
}
