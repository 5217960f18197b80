// Test helpers: a CompiledGrammar holding only lexemes (the lexer reads nothing else), and brute-force oracles.
import type { CompiledGrammar, Lexeme, RegexNode } from '../../../src/grammar/compiled';
import {
  EMPTY,
  NOTHING,
  altNode,
  literalRegex,
  parseTreeSitterRegex,
  rangesContain,
  regexMatches,
  regexNullable,
  repeatNode,
  seqNode,
  shortestExample,
} from '../../../src/grammar/regex';
import { seededRandom } from '../../support/random';

export interface LexemeSpec {
  readonly name: string;
  /** A PATTERN; without it the lexeme is the STRING `name`. */
  readonly pattern?: string;
  readonly keyword?: boolean;
  readonly extra?: boolean;
}

export function lexemeGrammar(specs: readonly LexemeSpec[], wordName?: string): CompiledGrammar {
  const lexemes: Lexeme[] = specs.map((spec, id) => {
    const regex: RegexNode = spec.pattern === undefined ? literalRegex(spec.name) : parseTreeSitterRegex(spec.pattern);
    return {
      id,
      name: spec.pattern === undefined ? JSON.stringify(spec.name) : spec.name,
      source: spec.pattern === undefined ? 'string' : 'pattern',
      regex,
      immediate: false,
      keyword: spec.keyword ?? false,
      extra: spec.extra ?? false,
      literal: spec.pattern === undefined ? spec.name : null,
      example: shortestExample(regex) ?? '',
    };
  });
  const n = lexemes.length;
  return {
    language: 'test',
    supportLevel: 'exact',
    symbolNames: lexemes.map((l) => l.name),
    terminalCount: n,
    symbolCount: n,
    startSymbol: 0,
    ruleCount: 0,
    ruleLhs: new Int32Array(0),
    ruleRhsStart: new Int32Array(1),
    rhs: new Int32Array(0),
    rulesOfStart: new Int32Array(n + 1),
    rulesOf: new Int32Array(0),
    nullable: new Uint8Array(n),
    lexemes,
    extras: Int32Array.from(lexemes.filter((l) => l.extra).map((l) => l.id)),
    wordLexeme: wordName === undefined ? -1 : specs.findIndex((s) => s.name === wordName),
    externals: [],
  };
}

/** Every string over `alphabet` of length 0..maxLength. */
export function allStrings(alphabet: readonly string[], maxLength: number): string[] {
  const out = [''];
  let layer = [''];
  for (let k = 1; k <= maxLength; k++) {
    layer = layer.flatMap((s) => alphabet.map((c) => s + c));
    out.push(...layer);
  }
  return out;
}

// ---- An oracle independent of automata: Brzozowski derivatives of the regex tree ----

/** The language {v : c·v ∈ L(node)}. */
export function derivative(node: RegexNode, cp: number): RegexNode {
  switch (node.kind) {
    case 'empty':
      return NOTHING;
    case 'chars':
      return rangesContain(node.ranges, cp) ? EMPTY : NOTHING;
    case 'seq': {
      const [first, ...rest] = node.items;
      const restNode = seqNode(rest);
      const viaFirst = seqNode([derivative(first, cp), restNode]);
      return regexNullable(first) ? altNode([viaFirst, derivative(restNode, cp)]) : viaFirst;
    }
    case 'alt':
      return altNode(node.items.map((item) => derivative(item, cp)));
    case 'repeat':
      return seqNode([derivative(node.item, cp), repeatNode(node.item, Math.max(node.min - 1, 0), node.max === Infinity ? Infinity : node.max - 1)]);
  }
}

export function derivativeBy(node: RegexNode, text: string): RegexNode {
  for (const ch of text) node = derivative(node, ch.codePointAt(0)!);
  return node;
}

export function languageEmpty(node: RegexNode): boolean {
  switch (node.kind) {
    case 'empty':
      return false;
    case 'chars':
      return node.ranges.length === 0;
    case 'seq':
      return node.items.some(languageEmpty);
    case 'alt':
      return node.items.every(languageEmpty);
    case 'repeat':
      return node.min > 0 && languageEmpty(node.item);
  }
}

/** The language of all suffixes of words of L(node) (ε and whole words included). */
export function suffixes(node: RegexNode): RegexNode {
  if (languageEmpty(node)) return NOTHING;
  switch (node.kind) {
    case 'empty':
      return EMPTY;
    case 'chars':
      return altNode([EMPTY, node]);
    case 'seq':
      return altNode(node.items.map((item, i) => seqNode([suffixes(item), ...node.items.slice(i + 1)])));
    case 'alt':
      return altNode(node.items.map(suffixes));
    case 'repeat':
      // A suffix of x^k is a suffix of one copy followed by 0 .. k-1 whole copies.
      return altNode([EMPTY, seqNode([suffixes(node.item), repeatNode(node.item, 0, node.max === Infinity ? Infinity : node.max - 1)])]);
  }
}

export { regexMatches };

export const rng = seededRandom;

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
