// Pass 9: remove useless symbols. A symbol is productive if it derives some text (a lexeme whose regex
// matches nothing is not; an external with policy 'never' left no alternative behind), reachable if the
// start symbol derives a sentence containing it. Productions with an unproductive symbol go first, then
// everything unreachable; extras and the word lexeme are always kept. Ids are compacted afterwards.
import { HolefillError } from '../core/errors';
import type { FlatGrammar, LexemeDraft, Nonterminal, Sym } from './ir';
import { isNonterminalSym, nonterminalOf, nonterminalSym } from './ir';
import { isNothing } from './regex';

export interface UselessStats {
  unproductiveNonterminals: number;
  unreachableNonterminals: number;
  removedProductions: number;
  removedLexemes: number;
}

export function removeUseless(g: FlatGrammar): { grammar: FlatGrammar; stats: UselessStats } {
  const nts = g.nonterminals;
  const productiveLexeme = g.lexemes.map((l) => !isNothing(l.regex));
  const productiveNt = new Array<boolean>(nts.length).fill(false);
  const symbolProductive = (s: Sym): boolean => (isNonterminalSym(s) ? productiveNt[nonterminalOf(s)] : productiveLexeme[s]);
  for (let changed = true; changed; ) {
    changed = false;
    nts.forEach((nt, n) => {
      if (!productiveNt[n] && nt.productions.some((p) => p.every(symbolProductive))) productiveNt[n] = changed = true;
    });
  }
  if (!productiveNt[g.start]) {
    throw new HolefillError(`${g.file}: the start rule "${nts[g.start].name}" derives no text at all`, 'bad-grammar');
  }
  const before = nts.reduce((n, nt) => n + nt.productions.length, 0);
  const kept = nts.map((nt) => nt.productions.filter((p) => p.every(symbolProductive)));

  const reachableNt = new Array<boolean>(nts.length).fill(false);
  const usedLexeme = new Array<boolean>(g.lexemes.length).fill(false);
  const stack = [g.start];
  reachableNt[g.start] = true;
  while (stack.length) {
    const n = stack.pop()!;
    for (const p of kept[n]) {
      for (const s of p) {
        if (!isNonterminalSym(s)) usedLexeme[s] = true;
        else if (!reachableNt[nonterminalOf(s)]) {
          reachableNt[nonterminalOf(s)] = true;
          stack.push(nonterminalOf(s));
        }
      }
    }
  }
  for (const x of g.extras) if (productiveLexeme[x]) usedLexeme[x] = true;
  if (g.wordLexeme >= 0) usedLexeme[g.wordLexeme] = true;

  // Compact: new ids in the old order.
  const lexemeMap = new Int32Array(g.lexemes.length).fill(-1);
  const lexemes: LexemeDraft[] = [];
  g.lexemes.forEach((l, i) => {
    if (usedLexeme[i]) {
      lexemeMap[i] = lexemes.length;
      lexemes.push(l);
    }
  });
  const ntMap = new Int32Array(nts.length).fill(-1);
  let count = 0;
  nts.forEach((_, n) => {
    if (reachableNt[n]) ntMap[n] = count++;
  });
  const remap = (s: Sym): Sym => (isNonterminalSym(s) ? nonterminalSym(ntMap[nonterminalOf(s)]) : lexemeMap[s]);
  const nonterminals: Nonterminal[] = [];
  nts.forEach((nt, n) => {
    if (reachableNt[n]) nonterminals.push({ name: nt.name, productions: kept[n].map((p) => p.map(remap)) });
  });
  const after = nonterminals.reduce((n, nt) => n + nt.productions.length, 0);
  const stats: UselessStats = {
    // Slots of rules that became lexemes have no productions: not counted.
    unproductiveNonterminals: productiveNt.filter((p, n) => !p && nts[n].productions.length > 0).length,
    unreachableNonterminals: reachableNt.filter((r, n) => !r && productiveNt[n]).length,
    removedProductions: before - after,
    removedLexemes: g.lexemes.length - lexemes.length,
  };
  return {
    grammar: {
      ...g,
      lexemes,
      nonterminals,
      start: ntMap[g.start],
      extras: g.extras.filter((x) => usedLexeme[x]).map((x) => lexemeMap[x]),
      wordLexeme: g.wordLexeme >= 0 ? lexemeMap[g.wordLexeme] : -1,
      inline: g.inline.filter((n) => ntMap[n] >= 0).map((n) => ntMap[n]),
    },
    stats,
  };
}
