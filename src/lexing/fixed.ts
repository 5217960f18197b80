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
  /** Runs cut short by meeting an earlier run in the same (position, state). */
  runsJoined: number;
}

/**
 * What a run found: every lexeme's last accept (lexeme, end) pairs. A later run that reaches a (position,
 * state) this run passed through follows the same path from there, so its lexemes' last accepts beyond that
 * position are these.
 */
interface RunRecord {
  readonly ends: Int32Array;
}

/** Runs from different offsets that meet in one (position, DFA state) share their future: memoised here. */
export class RunMemo {
  readonly records = new Map<number, RunRecord>();
}

/** Runs shorter than this are cheap: only positions past it are memoised (bounds the memo's size). */
const MEMO_AFTER = 4;
/** Runs are memoised at positions that are multiples of this (two runs meet on the same grid). */
const MEMO_GRID = 8;
/** Memo keys (grid position · STATE_KEY_LIMIT + state) stay small integers, which V8 hashes fast. */
const STATE_KEY_LIMIT = 1 << 12;
const MEMO_MAX_POSITION = MEMO_GRID * ((1 << 30) / STATE_KEY_LIMIT);

/** Reusable scratch for longest-match runs over one grammar's lexemes. */
class LongestMatchScanner {
  private readonly lastEnd: Int32Array;
  private readonly stamp: Int32Array;
  private generation = 0;
  private readonly touched: number[] = [];
  private readonly visited: number[] = [];
  /** Accepting (position, state) pairs of the current run. */
  private readonly acceptPos: number[] = [];
  private readonly acceptState: number[] = [];
  /** Per DFA state: the generation of the run whose accepts already took it (a state repeats in long runs). */
  private stateStamp = new Int32Array(256);
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

  /** Sets lexeme's end unless a later end was set in this run (callers go from the end backwards). */
  private touch(lexeme: number, end: number, gen: number): void {
    if (this.stamp[lexeme] !== gen) {
      this.stamp[lexeme] = gen;
      this.touched.push(lexeme);
      this.lastEnd[lexeme] = end;
    }
  }

  scan(text: string, offset: number, stats: FixedLexStats, memo: RunMemo | null): LexEdge[] {
    const lexer = this.lexer;
    const gen = ++this.generation;
    this.touched.length = 0;
    this.visited.length = 0;
    this.acceptPos.length = 0;
    this.acceptState.length = 0;
    let state = lexer.start;
    let pos = offset;
    let read = 0;
    let joined: RunRecord | undefined;
    while (pos < text.length) {
      const cp = text.codePointAt(pos)!;
      state = lexer.step(state, cp);
      if (state < 0) break;
      pos += cp > 0xffff ? 2 : 1;
      read++;
      if (lexer.accepts(state).length) {
        this.acceptPos.push(pos);
        this.acceptState.push(state);
      }
      if (memo && read >= MEMO_AFTER && pos % MEMO_GRID === 0 && state < STATE_KEY_LIMIT && pos < MEMO_MAX_POSITION) {
        const key = (pos / MEMO_GRID) * STATE_KEY_LIMIT + state;
        joined = memo.records.get(key);
        if (joined) break;
        this.visited.push(key);
      }
    }
    stats.codePointsRead += read;
    if (joined) stats.runsJoined++;
    // Last ends: the joined run's (beyond the meeting point), then this run's accepts from the end backwards.
    if (joined) {
      const ends = joined.ends;
      for (let i = 0; i < ends.length; i += 2) if (ends[i + 1] > pos) this.touch(ends[i], ends[i + 1], gen);
    }
    if (this.stateStamp.length < lexer.stateCount) {
      const grown = new Int32Array(Math.max(lexer.stateCount, 2 * this.stateStamp.length));
      grown.set(this.stateStamp);
      this.stateStamp = grown;
    }
    for (let i = this.acceptPos.length - 1; i >= 0; i--) {
      const s = this.acceptState[i];
      if (this.stateStamp[s] === gen) continue;
      this.stateStamp[s] = gen;
      const accepted = lexer.accepts(s);
      for (let k = 0; k < accepted.length; k++) this.touch(accepted[k], this.acceptPos[i], gen);
    }
    const touched = this.touched;
    touched.sort((a, b) => a - b);
    if (memo && this.visited.length) {
      const ends = new Int32Array(2 * touched.length);
      touched.forEach((lexeme, i) => {
        ends[2 * i] = lexeme;
        ends[2 * i + 1] = this.lastEnd[lexeme];
      });
      const record: RunRecord = { ends };
      for (const key of this.visited) memo.records.set(key, record);
    }
    const edges: LexEdge[] = [];
    for (const lexeme of touched) {
      if (!this.hasKeywords || !this.isKeyword[lexeme]) edges.push({ lexeme, end: this.lastEnd[lexeme] });
    }
    const word = this.grammar.wordLexeme;
    if (this.hasKeywords && this.stamp[word] === gen) {
      // Keywords: those accepting exactly the text of the word lexeme's longest match (re-read: it is short).
      const wordEnd = this.lastEnd[word];
      let s = lexer.start;
      for (let p = offset; p < wordEnd && s >= 0; ) {
        const cp = text.codePointAt(p)!;
        s = lexer.step(s, cp);
        p += cp > 0xffff ? 2 : 1;
      }
      let added = false;
      for (const lexeme of lexer.accepts(s)) {
        if (this.isKeyword[lexeme]) {
          edges.push({ lexeme, end: wordEnd });
          added = true;
        }
      }
      if (added) edges.sort((a, b) => a.lexeme - b.lexeme);
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
  return scannerFor(lexer, grammar).scan(text, offset, { memoHits: 0, scans: 1, codePointsRead: 0, runsJoined: 0 }, null);
}

/** lexAt over one fixed text, memoised by offset (the completability check asks the same offsets again). */
export class FixedTextLexer {
  private readonly memo: (readonly LexEdge[] | undefined)[];
  private readonly scanner: LongestMatchScanner;
  private readonly runs = new RunMemo();
  readonly stats: FixedLexStats = { memoHits: 0, scans: 0, codePointsRead: 0, runsJoined: 0 };

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
    const edges = Object.freeze(this.scanner.scan(this.text, offset, this.stats, this.runs));
    this.memo[offset] = edges;
    return edges;
  }
}
