// Lexing fixed text the way tree-sitter does (method.md point 3, check-design.md §1).
//
// tree-sitter's lexer is context-aware: at each position it takes the longest match among the lexemes the
// parser accepts there. Without the parser at hand we keep, at each offset, every lexeme's own longest
// match — the parser later picks among them — so C++ `>>` yields both `>` (end +1) and `>>` (end +2).
// Keywords follow the `word` rule as in tree-sitter: a keyword only where the word lexeme's longest match
// at that offset ends exactly at the keyword's end (`intx` is one identifier, never `int` + `x`); the word
// lexeme's edge stays too. Offsets are UTF-16 units (tree-sitter's and VS Code's); we step by code point.
import type { CompiledGrammar } from '../grammar/compiled';
import type { LexerAutomaton } from './automaton';

/** One lexeme edge out of an offset: `lexeme` matches text[offset, end). */
export interface LexEdge {
  readonly lexeme: number;
  readonly end: number;
}

export interface FixedLexStats {
  /** lexAt calls answered from the memo. */
  memoHits: number;
  /** Offsets actually scanned. */
  scans: number;
  /** Code points fed to the automaton. */
  codePointsRead: number;
}

/** Reusable scratch for longest-match runs over one grammar's lexemes. */
class LongestMatchScanner {
  private readonly lastEnd: Int32Array;
  private readonly stamp: Int32Array;
  private generation = 0;
  private readonly touched: number[] = [];
  /** Positions and states visited by the current run, to look up the state where the word ended. */
  private readonly runEnds: number[] = [];
  private readonly runStates: number[] = [];
  private readonly isKeyword: Uint8Array;
  private readonly hasKeywords: boolean;

  constructor(
    private readonly lexer: LexerAutomaton,
    private readonly grammar: CompiledGrammar,
  ) {
    const n = grammar.lexemes.length;
    this.lastEnd = new Int32Array(n);
    this.stamp = new Int32Array(n);
    this.isKeyword = new Uint8Array(n);
    for (const lexeme of grammar.lexemes) if (lexeme.keyword) this.isKeyword[lexeme.id] = 1;
    this.hasKeywords = grammar.wordLexeme >= 0 && this.isKeyword.includes(1);
  }

  scan(text: string, offset: number, stats: FixedLexStats): LexEdge[] {
    const lexer = this.lexer;
    const gen = ++this.generation;
    const touched = this.touched;
    touched.length = 0;
    this.runEnds.length = 0;
    this.runStates.length = 0;
    let state = lexer.start;
    let pos = offset;
    while (pos < text.length) {
      const cp = text.codePointAt(pos)!;
      state = lexer.step(state, cp);
      if (state < 0) break;
      pos += cp > 0xffff ? 2 : 1;
      stats.codePointsRead++;
      const accepted = lexer.accepts(state);
      if (accepted.length === 0) continue;
      if (this.hasKeywords) {
        this.runEnds.push(pos);
        this.runStates.push(state);
      }
      for (let i = 0; i < accepted.length; i++) {
        const lexeme = accepted[i];
        if (this.stamp[lexeme] !== gen) {
          this.stamp[lexeme] = gen;
          touched.push(lexeme);
        }
        this.lastEnd[lexeme] = pos;
      }
    }
    const edges: LexEdge[] = [];
    touched.sort((a, b) => a - b);
    for (const lexeme of touched) {
      if (!this.hasKeywords || !this.isKeyword[lexeme]) edges.push({ lexeme, end: this.lastEnd[lexeme] });
    }
    const word = this.grammar.wordLexeme;
    if (this.hasKeywords && word >= 0 && this.stamp[word] === gen) {
      // Keywords: those accepting exactly the text of the word lexeme's longest match.
      const wordEnd = this.lastEnd[word];
      const at = this.runEnds.lastIndexOf(wordEnd);
      for (const lexeme of lexer.accepts(this.runStates[at])) {
        if (this.isKeyword[lexeme]) edges.push({ lexeme, end: wordEnd });
      }
      edges.sort((a, b) => a.lexeme - b.lexeme);
    }
    return edges;
  }
}

const scanners = new WeakMap<LexerAutomaton, WeakMap<CompiledGrammar, LongestMatchScanner>>();

function scannerFor(lexer: LexerAutomaton, grammar: CompiledGrammar): LongestMatchScanner {
  let byGrammar = scanners.get(lexer);
  if (!byGrammar) scanners.set(lexer, (byGrammar = new WeakMap()));
  let scanner = byGrammar.get(grammar);
  if (!scanner) byGrammar.set(grammar, (scanner = new LongestMatchScanner(lexer, grammar)));
  return scanner;
}

/**
 * Every lexeme's own longest non-empty match starting at `offset` (UTF-16 units), keywords by the `word`
 * rule, sorted by lexeme id. Extras are included: they are lexemes like any other here.
 */
export function lexAt(lexer: LexerAutomaton, grammar: CompiledGrammar, text: string, offset: number): LexEdge[] {
  return scannerFor(lexer, grammar).scan(text, offset, { memoHits: 0, scans: 1, codePointsRead: 0 });
}

/** lexAt over one fixed text, memoised by offset (the completability check asks the same offsets again). */
export class FixedTextLexer {
  private readonly memo: (readonly LexEdge[] | undefined)[];
  private readonly scanner: LongestMatchScanner;
  readonly stats: FixedLexStats = { memoHits: 0, scans: 0, codePointsRead: 0 };

  constructor(
    readonly lexer: LexerAutomaton,
    readonly grammar: CompiledGrammar,
    readonly text: string,
  ) {
    this.memo = new Array(text.length + 1);
    this.scanner = scannerFor(lexer, grammar);
  }

  lexAt(offset: number): readonly LexEdge[] {
    if (offset < 0 || offset > this.text.length) throw new RangeError(`offset ${offset} outside text of length ${this.text.length}`);
    const known = this.memo[offset];
    if (known) {
      this.stats.memoHits++;
      return known;
    }
    this.stats.scans++;
    const edges = Object.freeze(this.scanner.scan(this.text, offset, this.stats));
    this.memo[offset] = edges;
    return edges;
  }
}
