// Pass 8: productions of one nonterminal that begin alike share that beginning, and those that end
// alike share that ending: A → α β₁ | α β₂ becomes A → α A_tail, A_tail → β₁ | β₂; A → β₁ γ | β₂ γ
// becomes A → A_head γ, A_head → β₁ | β₂ (helpers factored the same way, to a fixpoint). The language
// is unchanged; the Earley parser keeps one item where it kept one per production. Without precedence
// a binary expression has a production per operator: after every operand the parser held an item
// `expression • op expression` for each, and after a hole (which may hold any operator) an item
// `op expression •` for each.
import type { FlatGrammar, Nonterminal, Sym } from './ir';
import { dedupeProductions, HelperNonterminals, nonterminalSym } from './ir';

export interface FactorStats {
  /** Nonterminals whose productions were factored. */
  factored: number;
  /** Helper nonterminals added (shared beginnings' tails, shared endings' heads). */
  helpers: number;
  productionsBefore: number;
  productionsAfter: number;
  rhsSymbolsBefore: number;
  rhsSymbolsAfter: number;
}

export function factorPrefixes(g: FlatGrammar): { grammar: FlatGrammar; stats: FactorStats } {
  const nonterminals: Nonterminal[] = g.nonterminals.map((nt) => ({ name: nt.name, productions: nt.productions }));
  const count = (list: readonly Nonterminal[], of: (p: Sym[]) => number) => list.reduce((sum, nt) => sum + nt.productions.reduce((s, p) => s + of(p), 0), 0);
  const stats: FactorStats = {
    factored: 0,
    helpers: 0,
    productionsBefore: count(nonterminals, () => 1),
    productionsAfter: 0,
    rhsSymbolsBefore: count(nonterminals, (p) => p.length),
    rhsSymbolsAfter: 0,
  };
  /** Helpers with the same productions are one nonterminal; a new one is factored in turn. */
  const helpers = new HelperNonterminals(nonterminals);
  const helper = (owner: string, kind: 'tail' | 'head', productions: Sym[][]): number => {
    const { index, made } = helpers.intern(owner, kind, productions);
    if (made) {
      stats.helpers++;
      nonterminals[index].productions = factor(owner, productions);
    }
    return index;
  };

  /** Groups of productions with the same symbol at one end, in the order their first members came. */
  const groupsBy = (productions: Sym[][], end: (p: Sym[]) => Sym) => {
    const groups = new Map<Sym | 'empty', Sym[][]>();
    for (const p of productions) {
      const key = p.length ? end(p) : 'empty';
      const group = groups.get(key);
      if (group) group.push(p);
      else groups.set(key, [p]);
    }
    return [...groups.entries()];
  };

  const shareBeginnings = (owner: string, productions: Sym[][]): Sym[][] =>
    groupsBy(productions, (p) => p[0]).map(([first, group]) => {
      if (first === 'empty' || group.length === 1) return group[0];
      let shared = 1;
      while (group.every((p) => p.length > shared && p[shared] === group[0][shared])) shared++;
      return [...group[0].slice(0, shared), nonterminalSym(helper(owner, 'tail', dedupeProductions(group.map((p) => p.slice(shared)))))];
    });

  const shareEndings = (owner: string, productions: Sym[][]): Sym[][] =>
    groupsBy(productions, (p) => p[p.length - 1]).flatMap(([last, group]): Sym[][] => {
      if (last === 'empty' || group.length === 1) return group;
      const at = (p: Sym[], k: number) => p[p.length - 1 - k];
      let shared = 1;
      while (group.every((p) => p.length > shared && at(p, shared) === at(group[0], shared))) shared++;
      // A production that is all ending would leave an empty head: `R → a | R a` (a repeat) stays as it is.
      if (group.some((p) => p.length === shared)) return group;
      const ending = group[0].slice(group[0].length - shared);
      return [[nonterminalSym(helper(owner, 'head', dedupeProductions(group.map((p) => p.slice(0, p.length - shared))))), ...ending]];
    });

  /** Both factorings, repeated while they change something (shared heads can make shared beginnings). */
  const factor = (owner: string, productions: Sym[][]): Sym[][] => {
    let current = productions;
    for (;;) {
      const next = shareEndings(owner, shareBeginnings(owner, current));
      if (next.length === current.length && next.every((p, i) => sameSymbols(p, current[i]))) return next;
      current = next;
    }
  };

  const original = nonterminals.length;
  for (let n = 0; n < original; n++) {
    const before = nonterminals[n].productions;
    const after = factor(nonterminals[n].name, before);
    if (after.length < before.length) stats.factored++;
    nonterminals[n].productions = after;
  }
  stats.productionsAfter = count(nonterminals, () => 1);
  stats.rhsSymbolsAfter = count(nonterminals, (p) => p.length);
  return { grammar: { ...g, nonterminals }, stats };
}

function sameSymbols(a: readonly Sym[], b: readonly Sym[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
