// Parse tables derived once per grammar for the Earley engine: dotted rules as integers, an augmented
// start rule, left-corner closures as bitsets (predictions are never materialised outside gaps), and
// each symbol's shortest yield for witnesses.
import type { CompiledGrammar } from '../grammar/compiled';

export interface ParseTables {
  readonly grammar: CompiledGrammar;
  /** Symbol count including the augmented start symbol (= grammar.symbolCount). */
  readonly symbolCount: number;
  readonly augmentedStart: number;
  readonly ruleCount: number; // including the augmented rule (the last one)
  /** Dotted rule d: rule dottedRule[d], position dottedPos[d]; next symbol or -1 when complete. */
  readonly dottedCount: number;
  readonly dottedRule: Int32Array;
  readonly dottedPos: Int32Array;
  readonly dottedNext: Int32Array;
  readonly dottedLhs: Int32Array;
  /** First dotted id of each rule (dot 0). */
  readonly ruleDotted: Int32Array;
  readonly ruleLhs: Int32Array;
  readonly ruleLength: Int32Array;
  readonly rhs: Int32Array;
  readonly ruleRhsStart: Int32Array;
  readonly rulesOfStart: Int32Array;
  readonly rulesOf: Int32Array;
  readonly nullable: Uint8Array;
  /** Dotted start of the augmented rule S' → • S and its completed form. */
  readonly acceptStartDotted: number;
  readonly acceptEndDotted: number;
  /** Bitset words per symbol set. */
  readonly words: number;
  /** closure[A*words ..]: nonterminals C with A ⇒* C γ through leftmost positions (A itself included). */
  readonly leftCorner: Uint32Array;
  /** For symbol X: dotted ids (r, p+1) where rhs(r)[p] = X and rhs(r)[0..p) is nullable. */
  readonly afterFirstStart: Int32Array;
  readonly afterFirst: Int32Array;
  /** anyCorner[A*words ..]: nonterminals reachable from A through any right-hand-side position (A included):
   * what a gap predicts, since inside a gap every symbol can be skipped. */
  readonly anyCorner: Uint32Array;
  /** For symbol X: dotted ids (r, p+1) for every occurrence rhs(r)[p] = X. */
  readonly afterAnyStart: Int32Array;
  readonly afterAny: Int32Array;
  /**
   * 1 where some non-empty yield of the symbol starts with a lexeme that is not immediate; 0 where every
   * one starts with an immediate lexeme (a string's content), so a gap cannot begin it after extras.
   */
  readonly startsLoose: Uint8Array;
  /** Shortest yield (fewest lexemes): for a nonterminal its chosen rule, for every symbol the length. */
  readonly shortestRule: Int32Array;
  readonly shortestLength: Float64Array;
}

const tablesCache = new WeakMap<CompiledGrammar, ParseTables>();

export function parseTablesFor(grammar: CompiledGrammar): ParseTables {
  let t = tablesCache.get(grammar);
  if (!t) {
    t = buildParseTables(grammar);
    tablesCache.set(grammar, t);
  }
  return t;
}

function buildParseTables(g: CompiledGrammar): ParseTables {
  const symbolCount = g.symbolCount + 1;
  const augmentedStart = g.symbolCount;
  const ruleCount = g.ruleCount + 1;
  // Rules, with the augmented S' → S appended.
  const rhs = new Int32Array(g.rhs.length + 1);
  rhs.set(g.rhs);
  rhs[g.rhs.length] = g.startSymbol;
  const ruleRhsStart = new Int32Array(ruleCount + 1);
  ruleRhsStart.set(g.ruleRhsStart);
  ruleRhsStart[ruleCount] = rhs.length;
  const ruleLhs = new Int32Array(ruleCount);
  ruleLhs.set(g.ruleLhs);
  ruleLhs[ruleCount - 1] = augmentedStart;
  const ruleLength = new Int32Array(ruleCount);
  for (let r = 0; r < ruleCount; r++) ruleLength[r] = ruleRhsStart[r + 1] - ruleRhsStart[r];

  const rulesOfStart = new Int32Array(symbolCount + 1);
  for (let r = 0; r < ruleCount; r++) rulesOfStart[ruleLhs[r] + 1]++;
  for (let s = 0; s < symbolCount; s++) rulesOfStart[s + 1] += rulesOfStart[s];
  const rulesOf = new Int32Array(ruleCount);
  {
    const fill = rulesOfStart.slice(0, symbolCount);
    for (let r = 0; r < ruleCount; r++) rulesOf[fill[ruleLhs[r]]++] = r;
  }

  const nullable = new Uint8Array(symbolCount);
  nullable.set(g.nullable);
  nullable[augmentedStart] = g.nullable[g.startSymbol];

  const ruleDotted = new Int32Array(ruleCount + 1);
  for (let r = 0; r < ruleCount; r++) ruleDotted[r + 1] = ruleDotted[r] + ruleLength[r] + 1;
  const dottedCount = ruleDotted[ruleCount];
  const dottedRule = new Int32Array(dottedCount);
  const dottedPos = new Int32Array(dottedCount);
  const dottedNext = new Int32Array(dottedCount);
  const dottedLhs = new Int32Array(dottedCount);
  for (let r = 0; r < ruleCount; r++) {
    for (let p = 0; p <= ruleLength[r]; p++) {
      const d = ruleDotted[r] + p;
      dottedRule[d] = r;
      dottedPos[d] = p;
      dottedLhs[d] = ruleLhs[r];
      dottedNext[d] = p < ruleLength[r] ? rhs[ruleRhsStart[r] + p] : -1;
    }
  }

  const words = (symbolCount + 31) >>> 5;
  const T = g.terminalCount;
  const startsLoose = new Uint8Array(symbolCount);
  for (let x = 0; x < T; x++) startsLoose[x] = g.lexemes[x].immediate ? 0 : 1;
  for (let changed = true; changed; ) {
    changed = false;
    for (let r = 0; r < ruleCount; r++) {
      const A = ruleLhs[r];
      if (startsLoose[A]) continue;
      for (let p = 0; p < ruleLength[r]; p++) {
        const X = rhs[ruleRhsStart[r] + p];
        if (startsLoose[X]) {
          startsLoose[A] = 1;
          changed = true;
          break;
        }
        if (!nullable[X]) break;
      }
    }
  }
  // Left corners: direct edges A → C where C is at a position preceded only by nullable symbols.
  const direct: number[][] = Array.from({ length: symbolCount }, () => []);
  const afterFirstLists: number[][] = Array.from({ length: symbolCount }, () => []);
  for (let r = 0; r < ruleCount; r++) {
    const A = ruleLhs[r];
    for (let p = 0; p < ruleLength[r]; p++) {
      const X = rhs[ruleRhsStart[r] + p];
      afterFirstLists[X].push(ruleDotted[r] + p + 1);
      if (X >= T) direct[A].push(X);
      if (!nullable[X]) break;
    }
  }
  const leftCorner = new Uint32Array(symbolCount * words);
  for (let A = T; A < symbolCount; A++) {
    const base = A * words;
    const stack = [A];
    leftCorner[base + (A >>> 5)] |= 1 << (A & 31);
    while (stack.length) {
      const B = stack.pop()!;
      for (const C of direct[B]) {
        const bit = 1 << (C & 31);
        if (!(leftCorner[base + (C >>> 5)] & bit)) {
          leftCorner[base + (C >>> 5)] |= bit;
          stack.push(C);
        }
      }
    }
  }
  const afterFirstStart = new Int32Array(symbolCount + 1);
  for (let s = 0; s < symbolCount; s++) afterFirstStart[s + 1] = afterFirstStart[s] + afterFirstLists[s].length;
  const afterFirst = new Int32Array(afterFirstStart[symbolCount]);
  for (let s = 0; s < symbolCount; s++) afterFirst.set(afterFirstLists[s], afterFirstStart[s]);

  const anyDirect: number[][] = Array.from({ length: symbolCount }, () => []);
  const afterAnyLists: number[][] = Array.from({ length: symbolCount }, () => []);
  for (let r = 0; r < ruleCount; r++) {
    for (let p = 0; p < ruleLength[r]; p++) {
      const X = rhs[ruleRhsStart[r] + p];
      afterAnyLists[X].push(ruleDotted[r] + p + 1);
      if (X >= T) anyDirect[ruleLhs[r]].push(X);
    }
  }
  const anyCorner = new Uint32Array(symbolCount * words);
  for (let A = T; A < symbolCount; A++) {
    const base = A * words;
    const stack = [A];
    anyCorner[base + (A >>> 5)] |= 1 << (A & 31);
    while (stack.length) {
      const B = stack.pop()!;
      for (const C of anyDirect[B]) {
        const bit = 1 << (C & 31);
        if (!(anyCorner[base + (C >>> 5)] & bit)) {
          anyCorner[base + (C >>> 5)] |= bit;
          stack.push(C);
        }
      }
    }
  }
  const afterAnyStart = new Int32Array(symbolCount + 1);
  for (let s2 = 0; s2 < symbolCount; s2++) afterAnyStart[s2 + 1] = afterAnyStart[s2] + afterAnyLists[s2].length;
  const afterAny = new Int32Array(afterAnyStart[symbolCount]);
  for (let s2 = 0; s2 < symbolCount; s2++) afterAny.set(afterAnyLists[s2], afterAnyStart[s2]);

  // Shortest yields by fixpoint (Knuth's algorithm would be faster; grammars are small enough).
  const shortestLength = new Float64Array(symbolCount).fill(Infinity);
  const shortestRule = new Int32Array(symbolCount).fill(-1);
  for (let s = 0; s < T; s++) shortestLength[s] = g.lexemes[s]?.extra ? Infinity : 1;
  for (let changed = true; changed; ) {
    changed = false;
    for (let r = 0; r < ruleCount; r++) {
      let len = 0;
      for (let p = ruleRhsStart[r]; p < ruleRhsStart[r + 1]; p++) len += shortestLength[rhs[p]];
      const A = ruleLhs[r];
      if (len < shortestLength[A]) {
        shortestLength[A] = len;
        shortestRule[A] = r;
        changed = true;
      }
    }
  }

  return {
    grammar: g,
    symbolCount,
    augmentedStart,
    ruleCount,
    dottedCount,
    dottedRule,
    dottedPos,
    dottedNext,
    dottedLhs,
    ruleDotted,
    ruleLhs,
    ruleLength,
    rhs,
    ruleRhsStart,
    rulesOfStart,
    rulesOf,
    nullable,
    acceptStartDotted: ruleDotted[ruleCount - 1],
    acceptEndDotted: ruleDotted[ruleCount - 1] + 1,
    words,
    leftCorner,
    afterFirstStart,
    afterFirst,
    anyCorner,
    afterAnyStart,
    afterAny,
    startsLoose,
    shortestRule,
    shortestLength,
  };
}

export function symbolName(t: ParseTables, s: number): string {
  return s === t.augmentedStart ? "S'" : t.grammar.symbolNames[s];
}
