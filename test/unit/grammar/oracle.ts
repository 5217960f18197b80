// Brute-force oracles for tiny grammars: the set of token sequences up to a length, computed (a) straight
// from the grammar.json rule trees and (b) from a CompiledGrammar's productions. The two are written
// independently: agreement means the passes kept the language.
import type { CompiledGrammar } from '../../../src/grammar/compiled';
import type { GrammarRule } from '../../../src/grammar/grammar-json';

/** A sentence is its tokens joined by a space; tokens are STRING texts (tests use STRING terminals). */
type Language = Set<string>;

const tokensOf = (s: string): number => (s === '' ? 0 : s.split(' ').length);
const join = (a: string, b: string): string => (a === '' ? b : b === '' ? a : `${a} ${b}`);

function concat(a: Language, b: Language, maxTokens: number): Language {
  const out: Language = new Set();
  for (const x of a) for (const y of b) if (tokensOf(x) + tokensOf(y) <= maxTokens) out.add(join(x, y));
  return out;
}

/** Sentences of the start rule of a grammar.json `rules` object, up to `maxTokens` tokens. */
export function sentencesOfJson(rules: Record<string, GrammarRule>, maxTokens: number): Language {
  const names = Object.keys(rules);
  let current = new Map<string, Language>(names.map((n) => [n, new Set()]));
  const evaluate = (r: GrammarRule): Language => {
    switch (r.type) {
      case 'BLANK':
        return new Set(['']);
      case 'STRING':
        return new Set([r.value]);
      case 'SYMBOL':
        return current.get(r.name)!;
      case 'SEQ':
        return r.members.reduce<Language>((acc, m) => concat(acc, evaluate(m), maxTokens), new Set(['']));
      case 'CHOICE':
        return new Set(r.members.flatMap((m) => [...evaluate(m)]));
      case 'REPEAT':
      case 'REPEAT1': {
        const item = evaluate(r.content);
        let all: Language = r.type === 'REPEAT' ? new Set(['', ...item]) : new Set(item);
        for (;;) {
          const next = new Set([...all, ...concat(all, item, maxTokens)]);
          if (next.size === all.size) return all;
          all = next;
        }
      }
      case 'TOKEN':
      case 'IMMEDIATE_TOKEN':
      case 'PATTERN':
        throw new Error('oracle: tests give it STRING terminals only');
      default:
        return evaluate(r.content);
    }
  };
  for (;;) {
    const next = new Map(names.map((n) => [n, evaluate(rules[n])]));
    const stable = names.every((n) => next.get(n)!.size === current.get(n)!.size);
    current = next;
    if (stable) return current.get(names[0])!;
  }
}

/** Sentences of a compiled grammar's start symbol, tokens written as lexeme literals (or names). */
export function sentencesOfCompiled(g: CompiledGrammar, maxTokens: number): Language {
  const langs: Language[] = Array.from({ length: g.symbolCount }, (_, s) =>
    s < g.terminalCount ? new Set([g.lexemes[s].literal ?? g.lexemes[s].name]) : new Set<string>(),
  );
  for (let changed = true; changed; ) {
    changed = false;
    for (let a = g.terminalCount; a < g.symbolCount; a++) {
      for (let i = g.rulesOfStart[a]; i < g.rulesOfStart[a + 1]; i++) {
        const rule = g.rulesOf[i];
        let acc: Language = new Set(['']);
        for (let k = g.ruleRhsStart[rule]; k < g.ruleRhsStart[rule + 1]; k++) acc = concat(acc, langs[g.rhs[k]], maxTokens);
        for (const s of acc) {
          if (!langs[a].has(s)) {
            langs[a].add(s);
            changed = true;
          }
        }
      }
    }
  }
  return langs[g.startSymbol];
}

export const sorted = (l: Language): string[] => [...l].sort();
