// The intermediate forms the grammar passes hand to each other (see prepare.ts for the order).
import type { ExternalTokenPolicy, LexemeSource, RegexNode } from './compiled';

/**
 * A rule body after interning: names are resolved to indices. Passes narrow it step by step:
 * drop-metadata removes `meta`; extract-lexemes removes `string`, `pattern`, `token` and `external`
 * (adding `terminal`); expand-repeats removes `repeat`; flatten turns the rest into productions.
 */
export type Expr =
  | { readonly kind: 'blank' }
  /** The empty language: an alternative holding it is dropped (an external token with policy 'never'). */
  | { readonly kind: 'nothing' }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'pattern'; readonly value: string; readonly flags: string }
  | { readonly kind: 'token'; readonly immediate: boolean; readonly content: Expr }
  /** A rule of the grammar, by index into the rule list. */
  | { readonly kind: 'rule'; readonly index: number }
  /** An external scanner token, by index into the externals list. */
  | { readonly kind: 'external'; readonly index: number }
  /** A lexeme, by id. */
  | { readonly kind: 'terminal'; readonly id: number }
  | { readonly kind: 'seq'; readonly items: readonly Expr[] }
  | { readonly kind: 'choice'; readonly items: readonly Expr[] }
  | { readonly kind: 'repeat'; readonly min: 0 | 1; readonly content: Expr }
  /** PREC*, FIELD, ALIAS, RESERVED: parse-tree decoration without a language of its own. */
  | { readonly kind: 'meta'; readonly label: string; readonly alias?: string; readonly context?: string; readonly content: Expr };

export const BLANK: Expr = Object.freeze({ kind: 'blank' });
export const NOTHING_EXPR: Expr = Object.freeze({ kind: 'nothing' });

export interface NamedRule {
  readonly name: string;
  readonly body: Expr;
}

/** One external token of the grammar and what stands in for it. */
export interface ExternalToken {
  readonly name: string;
  /** An external listed as a STRING (e.g. Python's `]`): it is simply that string. */
  readonly stringValue: string | null;
  /** The rule of the same name, if the grammar defines one: then the rule is its language. */
  readonly ruleIndex: number;
  readonly policy: ExternalTokenPolicy;
  /** For policy 'regular': its language. */
  readonly regex: RegexNode | null;
}

/** The grammar with names resolved (intern-symbols.ts). */
export interface InternedGrammar {
  readonly language: string;
  readonly file: string;
  readonly rules: readonly NamedRule[];
  readonly externals: readonly ExternalToken[];
  readonly extras: readonly Expr[];
  readonly inline: readonly number[];
  readonly word: number; // rule index or -1
  /** ALIAS names of lexical things, by lexicalKey (drop-metadata.ts collects them). */
  readonly aliasNames: ReadonlyMap<string, readonly string[]>;
  /** The STRINGs of the grammar's global (first) reserved-word set. */
  readonly reservedWords: readonly string[];
}

/** A key for what may become a lexeme, under which ALIAS names are collected; null for anything else. */
export function lexicalKey(e: Expr): string | null {
  switch (e.kind) {
    case 'rule':
      return `rule:${e.index}`;
    case 'external':
      return `ext:${e.index}`;
    case 'string':
      return `str:${e.value}`;
    case 'pattern':
      return `tok:${JSON.stringify(e)}`;
    case 'token': {
      let content: Expr = e;
      while (content.kind === 'token') content = content.content;
      return content.kind === 'string' ? `str:${content.value}` : `tok:${JSON.stringify(content)}`;
    }
    default:
      return null;
  }
}

/** A lexeme before the compiled grammar is built. */
export interface LexemeDraft {
  name: string;
  source: LexemeSource;
  regex: RegexNode;
  immediate: boolean;
  keyword: boolean;
  reserved: boolean;
  extra: boolean;
  literal: string | null;
  example: string;
  treeSitterNames: string[];
  /** Also stands, zero-width, at the end of the input. */
  atEndOfInput?: boolean;
  /** Also stands, zero-width, before these characters. */
  zeroWidthBefore?: string;
}

/** Lexical and syntax rules apart (extract-lexemes.ts); bodies hold `terminal` instead of tokens. */
export interface SplitGrammar {
  readonly language: string;
  readonly file: string;
  readonly lexemes: LexemeDraft[];
  /** Syntax rules; rules that became lexemes keep their slot with body `nothing` and `lexeme` set. */
  readonly rules: NamedRule[];
  readonly ruleLexeme: readonly number[]; // per rule: lexeme id it became, or -1
  readonly start: number; // rule index
  readonly extras: readonly number[]; // lexeme ids
  readonly wordLexeme: number;
  readonly inline: readonly number[];
  readonly externals: readonly ExternalToken[];
  readonly reservedWords: readonly string[];
}

/**
 * A production's symbols: a terminal (lexeme id) is >= 0, a nonterminal n is encoded as ~n (= -1 - n),
 * so both live in one Int32 without knowing the terminal count.
 */
export type Sym = number;
export const nonterminalSym = (n: number): Sym => ~n;
export const isNonterminalSym = (s: Sym): boolean => s < 0;

/** The productions without repeats, in their order. */
export function dedupeProductions(productions: Sym[][]): Sym[][] {
  const seen = new Set<string>();
  return productions.filter((p) => {
    const key = p.join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
export const nonterminalOf = (s: Sym): number => ~s;

export interface Nonterminal {
  readonly name: string;
  productions: Sym[][];
}

/**
 * The helper nonterminals a pass adds to `nonterminals`: one per distinct list of productions, named
 * after the rule it comes from (`owner_kindN`, N counting per owner).
 */
export class HelperNonterminals {
  private readonly byProductions = new Map<string, number>();
  private readonly perOwner = new Map<string, number>();

  constructor(private readonly nonterminals: Nonterminal[]) {}

  /** The helper deriving `productions`; `made`: this call added it. */
  intern(owner: string, kind: string, productions: Sym[][]): { index: number; made: boolean } {
    const key = JSON.stringify(productions);
    const known = this.byProductions.get(key);
    if (known !== undefined) return { index: known, made: false };
    const n = (this.perOwner.get(owner) ?? 0) + 1;
    this.perOwner.set(owner, n);
    const index = this.nonterminals.length;
    this.nonterminals.push({ name: `${owner}_${kind}${n}`, productions });
    this.byProductions.set(key, index);
    return { index, made: true };
  }
}

/** Productions over lexemes (flatten.ts onwards). */
export interface FlatGrammar {
  readonly language: string;
  readonly file: string;
  readonly lexemes: LexemeDraft[];
  readonly nonterminals: Nonterminal[];
  readonly start: number; // nonterminal index
  readonly extras: readonly number[];
  readonly wordLexeme: number;
  readonly inline: readonly number[]; // nonterminal indices
  readonly externals: readonly ExternalToken[];
}
