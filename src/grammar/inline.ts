// Pass 7: the grammar's `inline` rules are substituted into every production that uses them (each use
// multiplied by the rule's alternatives), as tree-sitter does; the language is unchanged, the parser sees
// fewer unit steps. A rule is left in place if it is recursive or if substituting it would give one
// production more than MAX_INLINE_EXPANSION variants.
import type { FlatGrammar, Sym } from './ir';
import { nonterminalSym } from './ir';

export const MAX_INLINE_EXPANSION = 64;

export interface InlineStats {
  inlined: number;
  skippedRecursive: string[];
  skippedTooLarge: string[];
}

export function inlineRules(g: FlatGrammar): { grammar: FlatGrammar; stats: InlineStats } {
  const stats: InlineStats = { inlined: 0, skippedRecursive: [], skippedTooLarge: [] };
  const nts = g.nonterminals;
  for (const n of g.inline) {
    if (n === g.start) continue;
    const sym = nonterminalSym(n);
    const body = nts[n].productions;
    if (body.some((p) => p.includes(sym))) {
      stats.skippedRecursive.push(nts[n].name);
      continue;
    }
    const widest = Math.max(0, ...nts.flatMap((nt, m) => (m === n ? [] : nt.productions.map((p) => body.length ** countOf(p, sym)))));
    if (widest > MAX_INLINE_EXPANSION) {
      stats.skippedTooLarge.push(nts[n].name);
      continue;
    }
    nts.forEach((nt, m) => {
      if (m === n || !nt.productions.some((p) => p.includes(sym))) return;
      const out: Sym[][] = [];
      const seen = new Set<string>();
      for (const p of nt.productions) {
        for (const variant of substitute(p, sym, body)) {
          const key = variant.join(',');
          if (!seen.has(key)) {
            seen.add(key);
            out.push(variant);
          }
        }
      }
      nt.productions = out;
    });
    stats.inlined++;
  }
  return { grammar: g, stats };
}

function countOf(p: readonly Sym[], sym: Sym): number {
  let k = 0;
  for (const s of p) if (s === sym) k++;
  return k;
}

function substitute(p: readonly Sym[], sym: Sym, body: readonly Sym[][]): Sym[][] {
  let variants: Sym[][] = [[]];
  for (const s of p) {
    if (s === sym) variants = variants.flatMap((v) => body.map((b) => [...v, ...b]));
    else for (const v of variants) v.push(s);
  }
  return variants;
}
