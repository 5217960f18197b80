// The compiled, read-only form of a language that the lexer and the completability check consume.
// Everything is integer ids over typed arrays: terminals (lexemes) are 0..terminalCount-1,
// nonterminals terminalCount..symbolCount-1.

/** A regular expression tree, the common form of STRING and PATTERN lexical rules after parsing. */
export type RegexNode =
  | { readonly kind: 'empty' }
  | { readonly kind: 'chars'; readonly ranges: readonly number[] } // [lo0, hi0, lo1, hi1, ...] code points, inclusive, sorted, disjoint
  | { readonly kind: 'seq'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alt'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'repeat'; readonly item: RegexNode; readonly min: number; readonly max: number }; // max = Infinity for unbounded

/** How a lexeme's text is defined. */
export type LexemeSource =
  | 'string' // a STRING rule: one fixed text
  | 'pattern' // a PATTERN or TOKEN rule: a regular language
  | 'external-regular' // an external scanner token given an exact or approximate regular definition
  | 'extra-token'; // an extra that was a syntax rule and was lowered to one lexeme

export interface Lexeme {
  readonly id: number;
  /** Readable name: the STRING's text in quotes, or the rule name, e.g. `"while"`, `identifier`. */
  readonly name: string;
  readonly source: LexemeSource;
  readonly regex: RegexNode;
  /** IMMEDIATE_TOKEN: no extras may come before it. */
  readonly immediate: boolean;
  /** A STRING matched entirely by the `word` rule: a keyword, only where a whole word equals it. */
  readonly keyword: boolean;
  /**
   * A keyword in the grammar's global `reserved` set: tree-sitter never takes it as the word token. A
   * keyword that is not reserved is contextual: where the parser has no use for the keyword, tree-sitter
   * lexes the word as the word token (`__try` as a C++ identifier). Absent: false.
   */
  readonly reserved?: boolean;
  /** Member of `extras`: may appear between any two lexemes and is not part of the syntax. */
  readonly extra: boolean;
  /** For a STRING lexeme, its text; otherwise null. */
  readonly literal: string | null;
  /** A short text this lexeme matches, used by witnesses (shortest, readable). */
  readonly example: string;
  /**
   * Node types tree-sitter gives what this lexeme matches: its rule name or text and every ALIAS name it
   * appears under (e.g. `identifier`, `field_identifier`, `type_identifier`), for comparing lexings with
   * tree-sitter's leaves. Names starting with `_` are hidden in tree-sitter's trees. Display only.
   */
  readonly treeSitterNames?: readonly string[];
  /** Also stands, zero-width, at the end of the input (Python's NEWLINE before the end of a file). */
  readonly atEndOfInput?: boolean;
  /** Also stands, zero-width, where the next character after spaces and tabs is one of these. */
  readonly zeroWidthBefore?: string;
  /**
   * Lexemes with the same group number are one scanner token of several kinds: from a position, only the
   * longest match among them is a lexeme (Python's string starts: three quotes, not a quote and two).
   */
  readonly longestMatchGroup?: number;
}

export type SupportLevel = 'exact' | 'approximate';

export interface ExternalTokenPolicy {
  readonly name: string;
  /** 'regular': replaced by a regular lexeme; 'empty': treated as matching the empty string (layout tokens). */
  readonly policy: 'regular' | 'empty' | 'never';
  readonly exact: boolean;
  readonly note: string;
  readonly atEndOfInput?: boolean;
  readonly zeroWidthBefore?: string;
}

export interface CompiledGrammar {
  readonly language: string;
  readonly supportLevel: SupportLevel;
  readonly symbolNames: readonly string[];
  readonly terminalCount: number;
  readonly symbolCount: number;
  readonly startSymbol: number;
  /** Productions: lhs[p], right-hand side rhs[rhsStart[p] .. rhsStart[p+1]). */
  readonly ruleCount: number;
  readonly ruleLhs: Int32Array;
  readonly ruleRhsStart: Int32Array; // length ruleCount + 1
  readonly rhs: Int32Array;
  /** Rules of nonterminal A (symbol id): rulesOf[rulesOfStart[A] .. rulesOfStart[A+1]). Empty for terminals. */
  readonly rulesOfStart: Int32Array; // length symbolCount + 1
  readonly rulesOf: Int32Array;
  /** Per symbol: derives the empty string. */
  readonly nullable: Uint8Array;
  readonly lexemes: readonly Lexeme[]; // index = terminal id
  /** Terminal ids of extras (whitespace, comments). */
  readonly extras: Int32Array;
  /** The `word` lexeme (identifier) used for keyword extraction, or -1. */
  readonly wordLexeme: number;
  readonly externals: readonly ExternalTokenPolicy[];
}

export function isTerminal(g: CompiledGrammar, symbol: number): boolean {
  return symbol < g.terminalCount;
}
