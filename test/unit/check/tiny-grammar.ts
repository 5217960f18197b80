// Builds CompiledGrammars by hand for tests: single-character lexemes, rules as strings.
import type { CompiledGrammar, Lexeme, RegexNode } from '../../../src/grammar/compiled';

function literal(text: string): RegexNode {
  const items: RegexNode[] = [...text].map((ch) => ({ kind: 'chars', ranges: [ch.codePointAt(0)!, ch.codePointAt(0)!] }) as RegexNode);
  return items.length === 1 ? items[0] : { kind: 'seq', items };
}

export interface TinyGrammarSpec {
  /** Terminal texts (each one lexeme). */
  terminals: string[];
  /** Nonterminal names; the first is the start symbol. */
  nonterminals: string[];
  /** Rules: [lhs, rhs symbol names]; a name is a terminal text or a nonterminal name. */
  rules: Array<[string, string[]]>;
  /** Extra lexemes (e.g. ' '), matched between any two lexemes. */
  extras?: string[];
}

export function tinyGrammar(spec: TinyGrammarSpec): CompiledGrammar {
  const names = [...spec.terminals, ...(spec.extras ?? []), ...spec.nonterminals];
  const T = spec.terminals.length + (spec.extras?.length ?? 0);
  const id = (name: string) => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`unknown symbol ${name}`);
    return i;
  };
  const lexemes: Lexeme[] = names.slice(0, T).map((text, i) => ({
    id: i,
    name: JSON.stringify(text),
    source: 'string',
    regex: literal(text),
    immediate: false,
    keyword: false,
    extra: i >= spec.terminals.length,
    literal: text,
    example: text,
  }));
  const symbolCount = names.length;
  const ruleLhs: number[] = [];
  const ruleRhsStart: number[] = [0];
  const rhs: number[] = [];
  for (const [lhs, body] of spec.rules) {
    ruleLhs.push(id(lhs));
    for (const s of body) rhs.push(id(s));
    ruleRhsStart.push(rhs.length);
  }
  const rulesOfStart = new Int32Array(symbolCount + 1);
  for (const l of ruleLhs) rulesOfStart[l + 1]++;
  for (let s = 0; s < symbolCount; s++) rulesOfStart[s + 1] += rulesOfStart[s];
  const fill = rulesOfStart.slice(0, symbolCount);
  const rulesOf = new Int32Array(ruleLhs.length);
  ruleLhs.forEach((l, r) => (rulesOf[fill[l]++] = r));
  const nullable = new Uint8Array(symbolCount);
  for (let changed = true; changed; ) {
    changed = false;
    ruleLhs.forEach((l, r) => {
      if (nullable[l]) return;
      for (let p = ruleRhsStart[r]; p < ruleRhsStart[r + 1]; p++) if (!nullable[rhs[p]]) return;
      nullable[l] = 1;
      changed = true;
    });
  }
  return {
    language: 'tiny',
    supportLevel: 'exact',
    symbolNames: names,
    terminalCount: T,
    symbolCount,
    startSymbol: T,
    ruleCount: ruleLhs.length,
    ruleLhs: Int32Array.from(ruleLhs),
    ruleRhsStart: Int32Array.from(ruleRhsStart),
    rhs: Int32Array.from(rhs),
    rulesOfStart,
    rulesOf,
    nullable,
    lexemes,
    extras: Int32Array.from(lexemes.filter((l) => l.extra).map((l) => l.id)),
    wordLexeme: -1,
    externals: [],
  };
}

/** Membership of `text` (one character per terminal, no extras) by a CYK-style fixpoint: an oracle independent of the checker. */
export function derives(spec: TinyGrammarSpec, text: string): boolean {
  const n = text.length;
  const nts = spec.nonterminals;
  // D.get(A)[i][j]: A derives text[i..j)
  const D = new Map<string, boolean[][]>();
  for (const A of nts) D.set(A, Array.from({ length: n + 1 }, () => new Array<boolean>(n + 1).fill(false)));
  const sym = (s: string, i: number, j: number): boolean => (D.has(s) ? D.get(s)![i][j] : j === i + 1 && text[i] === s);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [A, body] of spec.rules) {
      const table = D.get(A)!;
      for (let i = 0; i <= n; i++) {
        // reach[k][j]: body[0..k) derives text[i..j)
        let reach = new Set<number>([i]);
        for (const s of body) {
          const next = new Set<number>();
          for (const a of reach) for (let j = a; j <= n; j++) if (sym(s, a, j)) next.add(j);
          reach = next;
          if (!reach.size) break;
        }
        for (const j of reach) {
          if (!table[i][j]) {
            table[i][j] = true;
            changed = true;
          }
        }
      }
    }
  }
  return D.get(nts[0])![0][n];
}
