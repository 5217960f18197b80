// The lattice of lexemes over a document with gaps (check-design.md §1). Nodes are positions, encoded
// as integer keys (piece index · 2^26 + offset, so key order is document order); a gap is one node with
// an implicit self-loop "any lexeme", standing for the end of the text before it and the start of the
// text after it. Edges are lexemes.
//
// Fixed text is lexed the way tree-sitter does: from each position, every lexeme's own longest match
// (the parser picks among them), keywords only where the whole word equals them. Where a lexeme's run
// reaches a gap it may end inside the gap or continue past it, so after a gap every accepting position
// is an edge (the gap's content decides which is the longest).
import type { CompiledGrammar } from '../grammar/compiled';
import { languageLowering } from '../grammar/externals';
import { finiteWords, MAX_KEYWORD_WORDS } from '../grammar/mark-keywords';
import { DEAD, type DfaState, type LexerAutomaton } from '../lexing/automaton';
import type { Piece, TextPiece } from './document';

export const PIECE_SHIFT = 2 ** 26;
export const MAX_PIECE_LENGTH = PIECE_SHIFT - 1;

export function nodeKey(piece: number, offset: number): number {
  return piece * PIECE_SHIFT + offset;
}
export function keyPiece(key: number): number {
  return Math.floor(key / PIECE_SHIFT);
}
export function keyOffset(key: number): number {
  return Math.floor(key) % PIECE_SHIFT; // zero-width nodes sit between integer keys (EarleyChart)
}

const NO_WORDS: ReadonlySet<string> = new Set();
const reservedWordsCache = new WeakMap<CompiledGrammar, ReadonlySet<string>>();
const keywordWordsCache = new WeakMap<CompiledGrammar, ReadonlySet<string>>();

/** The words a lexeme's text can be: its literal, or the finite set its pattern spells (none if unbounded). */
function wordsOf(l: CompiledGrammar['lexemes'][number]): string[] {
  return l.literal !== null ? [l.literal] : (finiteWords(l.regex, MAX_KEYWORD_WORDS) ?? []);
}

/** The words of every keyword lexeme: a word lexeme whose text is one of them may be read as the keyword. */
export function keywordWordsOf(grammar: CompiledGrammar): ReadonlySet<string> {
  let words = keywordWordsCache.get(grammar);
  if (!words) {
    words = new Set(grammar.lexemes.flatMap((l) => (l.keyword ? wordsOf(l) : [])));
    keywordWordsCache.set(grammar, words);
  }
  return words;
}

/**
 * Words that are never the word token: the keywords in the grammar's global `reserved` set (tree-sitter
 * never lexes them as the word; where a RESERVED context allows one, reserved-contexts.ts put the keyword
 * itself there), and the language's reserved words (LanguageLowering.reservedWords) that the grammar has
 * a keyword for: tree-sitter-cpp reads `static_cast<T>(x)` as a template call of an identifier, so a
 * reserved word it has no keyword for must stay a word.
 */
function reservedWordsOf(grammar: CompiledGrammar): ReadonlySet<string> {
  let words = reservedWordsCache.get(grammar);
  if (!words) {
    const keywords = keywordWordsOf(grammar);
    words = new Set([
      ...grammar.lexemes.flatMap((l) => (l.reserved ? wordsOf(l) : [])),
      ...(languageLowering(grammar.language)?.reservedWords ?? []).filter((w) => keywords.has(w)),
    ]);
    reservedWordsCache.set(grammar, words);
  }
  return words;
}

/** The fixed character right before (piece, offset); '' at the start or after a gap. */
function charBefore(pieces: readonly Piece[], piece: number, offset: number): string {
  if (offset > 0) return (pieces[piece] as TextPiece).text[offset - 1];
  const previous = pieces[piece - 1];
  return previous?.kind === 'text' && previous.text.length > 0 ? previous.text[previous.text.length - 1] : '';
}

const firstGapCache = new WeakMap<readonly Piece[], number>();

/** Index of the first gap piece (pieces.length when none). */
function firstGapOf(pieces: readonly Piece[]): number {
  let first = firstGapCache.get(pieces);
  if (first === undefined) {
    first = pieces.findIndex((p) => p.kind === 'gap');
    if (first < 0) first = pieces.length;
    firstGapCache.set(pieces, first);
  }
  return first;
}

const generalLexemesCache = new WeakMap<CompiledGrammar, Uint8Array | null>();
const plainGeneralLexemesCache = new WeakMap<CompiledGrammar, Uint8Array | null>();

/**
 * Per lexeme: 1 for the language's general lexemes (LanguageLowering.generalLexemes; `plain`: for the
 * plain check, plainGeneralLexemes); null where it has none.
 */
function generalLexemesOf(grammar: CompiledGrammar, plain = false): Uint8Array | null {
  const cache = plain ? plainGeneralLexemesCache : generalLexemesCache;
  if (cache.has(grammar)) return cache.get(grammar)!;
  const lowering = languageLowering(grammar.language);
  const names = new Set(plain ? (lowering?.plainGeneralLexemes ?? []) : (lowering?.generalLexemes ?? []));
  let general: Uint8Array | null = null;
  for (const l of grammar.lexemes) {
    if (!names.has(l.name)) continue;
    general ??= new Uint8Array(grammar.terminalCount);
    general[l.id] = 1;
  }
  cache.set(grammar, general);
  return general;
}

/** The text from (piece, offset) to `endKey` across adjacent text pieces (joints); null past a gap or 32 characters. */
function textBetween(pieces: readonly Piece[], piece: number, offset: number, endKey: number): string | null {
  let out = '';
  for (let i = piece, from = offset; i <= keyPiece(endKey); i++, from = 0) {
    if (i > piece && i === keyPiece(endKey) && keyOffset(endKey) === 0) break; // ends where a gap (or text) begins
    const p = pieces[i];
    if (p?.kind !== 'text') return null;
    out += p.text.slice(from, i === keyPiece(endKey) ? keyOffset(endKey) : p.text.length);
    if (out.length > 32) return null;
  }
  return out;
}

/** Edges out of one node: (lexeme, target key, crosses a gap) triples, and how far the runs read. */
export interface NodeEdges {
  readonly lexemes: Int32Array;
  readonly targets: Float64Array;
  /** 1 where the lexeme's text touches a gap (its witness text must be found by search). */
  readonly crossing: Uint8Array;
  /** The largest key any run from this node read (a change at or before it can change these edges). */
  readonly reachKey: number;
}

const WORD_PREFIX = /^[\p{L}\p{N}_$]*/u;

interface PieceRunMemo {
  /** Length of the piece's leading run of word characters (fixedTextIntact), once needed. */
  wordPrefix?: number;
  /** Per (start offset, mode): within-piece longest ends (lexeme, end offset) and the DFA state at the piece end. */
  readonly fromStart: Map<number, { ends: Int32Array; endState: DfaState }>;
  /** Per mode, lexemes started anywhere before the piece (in a gap): (lexeme, end offset) of every accept, and the end state. */
  readonly anywhere: Map<number, { ends: Int32Array; endState: DfaState }>;
}

/**
 * A lex mode: the lexemes a node's parser items can take (plus extras, and the word lexeme for keyword
 * checks), as tree-sitter lexes only the tokens valid in a state. Runs stop once no lexeme of the mode
 * is live — without this, a lexeme like string content that matches almost anything would make every
 * run read to the next quote.
 */
export interface LexMode {
  readonly id: number;
  readonly allowed: Uint8Array; // per lexeme
  /** Per DFA state: 0 unknown, 1 some allowed lexeme is live, 2 none is. */
  liveCache: Uint8Array;
}

const MODE_STRIDE = 2 ** 20; // memo keys are offset * MODE_STRIDE + mode id (offsets < 2^26: exact in a double)

export interface LatticeStats {
  runs: number;
  memoHits: number;
  codePointsRead: number;
}

/** Lexes pieces on demand, memoising each text piece's runs (pieces are immutable objects). */
export class LatticeLexer {
  private readonly memo = new WeakMap<TextPiece, PieceRunMemo>();
  private readonly lastEnd: Float64Array;
  private readonly stamp: Int32Array;
  private generation = 0;
  private readonly touched: number[] = [];
  private mode!: LexMode;
  private readonly modes = new Map<number, LexMode[]>();
  private modeCount = 0;
  readonly stats: LatticeStats = { runs: 0, memoHits: 0, codePointsRead: 0 };

  private readonly dropStamp: Int32Array;

  constructor(
    readonly grammar: CompiledGrammar,
    readonly automaton: LexerAutomaton,
    /**
     * Fixed text keeps its tokens: a lexeme that begins inside a hole (in a gap or in text committed
     * into it) may run on into the user's fixed text only over word characters (finishing a word the
     * fixed text starts), never further. Without this, a string or comment opened in a hole may
     * swallow fixed code up to a quote or comment end in a later hole: valid, but the code is gone.
     * A restriction only (it removes lattice edges), used for fills; the check command does not set it.
     */
    readonly fixedTextIntact = false,
    /**
     * A keyword that the node's items can take shadows the word lexeme over the same text, as
     * tree-sitter's keyword extraction does in a parse state where the keyword is valid. The node's
     * items are the union over all parses (an LR state holds one), so this can also drop a word that
     * tree-sitter would keep (e.g. Rust's `'_` where a macro token tree could take the keyword `_`):
     * a restriction for fills, which fall back to the plain lattice when it leaves no completion.
     */
    readonly keywordsShadowWords = false,
  ) {
    this.reservedWords = keywordsShadowWords ? reservedWordsOf(grammar) : NO_WORDS;
    this.wordsAfter = keywordsShadowWords ? new Set(languageLowering(grammar.language)?.wordsAfter ?? []) : NO_WORDS;
    this.generalLexemes = generalLexemesOf(grammar, !keywordsShadowWords);
    this.lastEnd = new Float64Array(grammar.terminalCount);
    this.stamp = new Int32Array(grammar.terminalCount);
    this.dropStamp = new Int32Array(grammar.terminalCount);
  }

  /** Words that are never the word lexeme where keywords shadow words (LanguageLowering.reservedWords). */
  private readonly reservedWords: ReadonlySet<string>;
  /** Characters after which a word is never shadowed (LanguageLowering.wordsAfter). */
  private readonly wordsAfter: ReadonlySet<string>;
  /**
   * The node being read comes before the first gap. Only there are general lexemes shadowed: after a gap
   * the node's items are the union over everything the gaps may hold (one where a gap opened an `#if`
   * lets `#endif` close it), and shadowing for all of them would force such a gap on every completion.
   */
  private beforeGaps = false;
  /** Where keywords shadow words: per lexeme, 1 if a specific lexeme over the same text shadows it (LanguageLowering.generalLexemes). */
  private readonly generalLexemes: Uint8Array | null;

  /** fixedTextIntact: how far into piece `p` a lexeme begun in a hole may reach (Infinity: no limit). */
  private holeReachInto(p: TextPiece): number {
    if (!this.fixedTextIntact || p.sourceOffset === null) return Infinity;
    return this.wordPrefixOf(p);
  }

  /** Length of the word that fixed text piece `p` starts with (what a token begun in a hole may finish). */
  wordPrefixOf(p: TextPiece): number {
    const memo = this.pieceMemo(p);
    memo.wordPrefix ??= WORD_PREFIX.exec(p.text)![0].length;
    return memo.wordPrefix;
  }

  /** The interned mode allowing `lexemes` (plus extras and the word lexeme). */
  modeFor(allowed: Uint8Array): LexMode {
    const g = this.grammar;
    for (const x of g.extras) allowed[x] = 1;
    if (g.wordLexeme >= 0) allowed[g.wordLexeme] = 1;
    let hash = 0x811c9dc5;
    for (let i = 0; i < allowed.length; i++) if (allowed[i]) hash = Math.imul(hash ^ i, 0x01000193);
    let bucket = this.modes.get(hash);
    if (!bucket) this.modes.set(hash, (bucket = []));
    for (const m of bucket) if (sameBytes(m.allowed, allowed)) return m;
    if (this.modeCount >= MODE_STRIDE) throw new Error('too many distinct lex modes');
    const m: LexMode = { id: this.modeCount++, allowed, liveCache: new Uint8Array(256) };
    bucket.push(m);
    return m;
  }

  /** Whether some lexeme of the current mode can still be accepted from `state`. */
  private modeLive(state: DfaState): boolean {
    const m = this.mode;
    if (state >= m.liveCache.length) {
      const grown = new Uint8Array(Math.max(state + 1, m.liveCache.length * 2));
      grown.set(m.liveCache);
      m.liveCache = grown;
    }
    let v = m.liveCache[state];
    if (v === 0) {
      v = 2;
      for (const lx of this.automaton.live(state)) {
        if (m.allowed[lx]) {
          v = 1;
          break;
        }
      }
      m.liveCache[state] = v;
    }
    return v === 1;
  }

  /** Canonical key of position (piece, offset): a text end followed by a gap is that gap's node, a text
   * end followed by text is the next text's start. */
  canonical(pieces: readonly Piece[], piece: number, offset: number): number {
    for (;;) {
      const p = pieces[piece];
      if (!p || p.kind === 'gap') return nodeKey(piece, 0);
      if (offset < p.text.length || piece === pieces.length - 1) return nodeKey(piece, offset);
      piece++;
      offset = 0;
    }
  }

  /**
   * What follows position `key` after spaces and tabs: the end of the input, a gap (anything), or the
   * next character of fixed text.
   */
  nextAfterBlanks(pieces: readonly Piece[], key: number): { kind: 'end' } | { kind: 'gap' } | { kind: 'char'; char: string } {
    let piece = keyPiece(key);
    let offset = keyOffset(key);
    for (; piece < pieces.length; piece++, offset = 0) {
      const p = pieces[piece];
      if (p.kind === 'gap') return { kind: 'gap' };
      while (offset < p.text.length && (p.text[offset] === ' ' || p.text[offset] === '\t')) offset++;
      if (offset < p.text.length) return { kind: 'char', char: p.text[offset] };
    }
    return { kind: 'end' };
  }

  /** Edges out of the node `key`. */
  edgesFrom(pieces: readonly Piece[], key: number, mode: LexMode): NodeEdges {
    this.mode = mode;
    const piece = keyPiece(key);
    const p = pieces[piece];
    this.beforeGaps = this.generalLexemes !== null && piece < firstGapOf(pieces);
    const out = new EdgeBuffer();
    let reach = key;
    if (!p) return out.finish(reach); // an empty document: its one node is its end
    if (p.kind === 'gap') {
      const next = piece + 1;
      if (next < pieces.length) {
        reach = Math.max(reach, this.runFixed(pieces, next, 0, out));
        reach = Math.max(reach, this.runAnywhere(pieces, next, out));
      }
    } else {
      reach = this.runFixed(pieces, piece, keyOffset(key), out);
    }
    return out.finish(reach);
  }

  private pieceMemo(p: TextPiece): PieceRunMemo {
    let m = this.memo.get(p);
    if (!m) {
      m = { fromStart: new Map(), anywhere: new Map() };
      this.memo.set(p, m);
    }
    return m;
  }

  /** Reads `text` from `offset` in `state`; records accepts. Returns the state at the text's end (or DEAD). */
  private read(
    text: string,
    offset: number,
    state: DfaState,
    onAccept: (lexemes: Int32Array, end: number) => void,
  ): DfaState {
    const a = this.automaton;
    let i = offset;
    const n = text.length;
    const allowed = this.mode.allowed;
    while (i < n) {
      const cp = text.codePointAt(i)!;
      state = a.step(state, cp);
      if (state === DEAD || !this.modeLive(state)) return DEAD;
      i += cp > 0xffff ? 2 : 1;
      this.stats.codePointsRead++;
      const acc = a.accepts(state);
      if (acc.length) {
        const kept = acc.filter((lx) => allowed[lx] === 1);
        if (kept.length) onAccept(kept, i);
      }
    }
    return state;
  }

  /** Runs from a fixed position: per-lexeme longest match before the first gap, every accept after it. */
  private runFixed(pieces: readonly Piece[], piece: number, offset: number, out: EdgeBuffer): number {
    const g = this.grammar;
    const a = this.automaton;
    const gen = ++this.generation;
    this.touched.length = 0;
    const first = pieces[piece] as TextPiece;
    const memo = this.pieceMemo(first);
    const memoKey = offset * MODE_STRIDE + this.mode.id;
    let run = memo.fromStart.get(memoKey);
    if (run) this.stats.memoHits++;
    else {
      this.stats.runs++;
      const ends: number[] = [];
      const local = new Map<number, number>();
      const endState = this.read(first.text, offset, a.start, (acc, end) => {
        for (let k = 0; k < acc.length; k++) local.set(acc[k], end);
      });
      for (const [lx, end] of local) ends.push(lx, end);
      run = { ends: Int32Array.from(ends), endState };
      memo.fromStart.set(memoKey, run);
    }
    const note = (lx: number, key: number) => {
      if (this.stamp[lx] !== gen) {
        this.stamp[lx] = gen;
        this.touched.push(lx);
      }
      this.lastEnd[lx] = key;
    };
    // A run from text committed into a hole is limited in the user's fixed text (fixedTextIntact):
    // a lexeme whose longest match would reach past the limit is dropped altogether.
    const fromHole = this.fixedTextIntact && first.sourceOffset === null;
    const drop = (lx: number) => {
      this.dropStamp[lx] = gen;
    };
    for (let k = 0; k < run.ends.length; k += 2) note(run.ends[k], this.canonical(pieces, piece, run.ends[k + 1]));
    let state = run.endState;
    let reach = state === DEAD ? nodeKey(piece, offset) : nodeKey(piece + 1, 0);
    // Continue through joints (adjacent text) with the longest-match rule; past a gap, every accept counts.
    let i = piece + 1;
    let pastGap = false;
    while (state !== DEAD && i < pieces.length) {
      const p = pieces[i];
      if (p.kind === 'gap') {
        const gapKey = nodeKey(i, 0);
        for (const lx of a.live(state)) if (this.mode.allowed[lx]) out.add(lx, gapKey, 1);
        state = a.reachClosure(state);
        pastGap = true;
        reach = nodeKey(i + 1, 0);
        i++;
        continue;
      }
      const pieceIndex = i;
      const limit = fromHole ? this.holeReachInto(p) : Infinity;
      if (pastGap) state = this.readPastGap(pieces, pieceIndex, state, out, limit);
      else {
        state = this.read(p.text, 0, state, (acc, end) => {
          const key = this.canonical(pieces, pieceIndex, end);
          for (let k = 0; k < acc.length; k++) {
            if (end > limit) drop(acc[k]);
            else note(acc[k], key);
          }
        });
        if (limit < p.text.length && state !== DEAD) {
          // Whatever is still live would end past the limit: drop it, and stop here.
          for (const lx of a.live(state)) drop(lx);
        }
      }
      if (limit < p.text.length) state = DEAD;
      reach = nodeKey(i + 1, 0);
      i++;
    }
    const word = g.wordLexeme;
    const wordEnd = word >= 0 && this.stamp[word] === gen ? this.lastEnd[word] : -1;
    // keywordsShadowWords: `return = x;` is not an assignment to a variable named `return`.
    let shadowed = false;
    if (this.keywordsShadowWords && wordEnd >= 0 && this.dropStamp[word] !== gen && !(this.wordsAfter.size > 0 && this.wordsAfter.has(charBefore(pieces, piece, offset)))) {
      for (const lx of this.touched) {
        if (lx !== word && g.lexemes[lx].keyword && this.lastEnd[lx] === wordEnd && this.dropStamp[lx] !== gen) shadowed = true;
      }
      // A reserved word is never a word, whatever the parser could take here (LanguageLowering.reservedWords).
      if (this.reservedWords.size && this.reservedWords.has(textBetween(pieces, piece, offset, wordEnd) ?? '')) shadowed = true;
    }
    // Lexemes of one longest-match group: only the longest (three quotes are never a quote and two).
    let groupEnds: Map<number, number> | null = null;
    for (const lx of this.touched) {
      const group = g.lexemes[lx].longestMatchGroup;
      if (group === undefined || this.dropStamp[lx] === gen) continue;
      groupEnds ??= new Map();
      groupEnds.set(group, Math.max(groupEnds.get(group) ?? -1, this.lastEnd[lx]));
    }
    // A general lexeme (C's preproc_directive) loses to any other lexeme over the same text, as in tree-sitter.
    const general = this.generalLexemes;
    const shadowedGeneral = (lx: number, end: number) => {
      for (const other of this.touched) {
        if (other !== lx && !general![other] && !g.lexemes[other].extra && this.dropStamp[other] !== gen && this.lastEnd[other] === end) return true;
      }
      return false;
    };
    for (const lx of this.touched) {
      if (this.dropStamp[lx] === gen) continue;
      const end = this.lastEnd[lx];
      if (this.beforeGaps && general![lx] && shadowedGeneral(lx, end)) continue;
      if (g.lexemes[lx].keyword && word >= 0 && wordEnd !== end) continue; // `intx` is one word, never `int` `x`
      if (lx === word && shadowed) continue;
      const group = g.lexemes[lx].longestMatchGroup;
      if (group !== undefined && groupEnds!.get(group)! > end) continue;
      out.add(lx, end, 0);
    }
    return reach;
  }

  /**
   * Reads a text piece in a state reached across a gap. A lexeme ends at q only where the next character
   * cannot continue it (longest match). The test runs on the union of all ways the lexeme could have
   * begun in the gap, an approximation (see grammars/README.md); without it every position of a string
   * or comment after a gap would be a possible end, and the chart would multiply with them.
   */
  private scanPastGap(text: string, state: DfaState, onEnd: (lexeme: number, end: number) => void): DfaState {
    const a = this.automaton;
    const g = this.grammar;
    const allowed = this.mode.allowed;
    let i = 0;
    while (i < text.length) {
      const cp = text.codePointAt(i)!;
      state = a.step(state, cp);
      if (state === DEAD || !this.modeLive(state)) return DEAD;
      i += cp > 0xffff ? 2 : 1;
      this.stats.codePointsRead++;
      const acc = a.accepts(state);
      if (!acc.length) continue;
      const next = i < text.length ? a.step(state, text.codePointAt(i)!) : DEAD;
      const nextLive = next === DEAD ? null : a.live(next);
      // The union state runs every way the lexeme could have begun together: Go's and C's comment token
      // is `//...` or `/*...*/`, and the block comment goes on past the line break that ends the line
      // comment. A comment (an extra) that accepts right before a line break may end there as well. (Not
      // every lexeme: the content of Python's triple-quoted strings would end at every line, measured
      // 1.7x slower Python fills.)
      const lineBreak = i < text.length && (text.charCodeAt(i) === 0x0a || text.charCodeAt(i) === 0x0d);
      for (let k = 0; k < acc.length; k++) {
        const lx = acc[k];
        if (allowed[lx] && (nextLive === null || (lineBreak && g.lexemes[lx].extra) || !includesSorted(nextLive, lx))) onEnd(lx, i);
      }
    }
    return state;
  }

  private readPastGap(pieces: readonly Piece[], piece: number, state: DfaState, out: EdgeBuffer, limit = Infinity): DfaState {
    return this.scanPastGap((pieces[piece] as TextPiece).text, state, (lx, end) => {
      if (end <= limit) out.add(lx, this.canonical(pieces, piece, end), 1);
    });
  }

  /** Runs of lexemes that began inside the gap before `piece`. */
  private runAnywhere(pieces: readonly Piece[], piece: number, out: EdgeBuffer): number {
    const a = this.automaton;
    const first = pieces[piece] as TextPiece;
    const memo = this.pieceMemo(first);
    let run = memo.anywhere.get(this.mode.id);
    if (!run) {
      this.stats.runs++;
      const ends: number[] = [];
      const endState = this.scanPastGap(first.text, a.anywhere, (lx, end) => ends.push(lx, end));
      run = { ends: Int32Array.from(ends), endState };
      memo.anywhere.set(this.mode.id, run);
    } else this.stats.memoHits++;
    // These lexemes begin in the gap: with fixedTextIntact they reach into fixed text only over word characters.
    const firstLimit = this.holeReachInto(first);
    for (let k = 0; k < run.ends.length; k += 2) {
      if (run.ends[k + 1] <= firstLimit) out.add(run.ends[k], this.canonical(pieces, piece, run.ends[k + 1]), 1);
    }
    let state = firstLimit < first.text.length ? DEAD : run.endState;
    let reach = run.endState === DEAD ? nodeKey(piece, 0) : nodeKey(piece + 1, 0);
    for (let i = piece + 1; state !== DEAD && i < pieces.length; i++) {
      const p = pieces[i];
      if (p.kind === 'gap') {
        const gapKey = nodeKey(i, 0);
        for (const lx of a.live(state)) if (this.mode.allowed[lx]) out.add(lx, gapKey, 1);
        state = a.reachClosure(state);
        reach = nodeKey(i + 1, 0);
        continue;
      }
      const limit = this.holeReachInto(p);
      state = this.readPastGap(pieces, i, state, out, limit);
      if (limit < p.text.length) state = DEAD;
      reach = nodeKey(i + 1, 0);
    }
    return reach;
  }
}

class EdgeBuffer {
  private readonly lexemes: number[] = [];
  private readonly targets: number[] = [];
  private readonly crossing: number[] = [];

  private index: Map<number, number> | null = null;

  add(lexeme: number, target: number, crossing: number): void {
    // Most nodes have a few edges (a linear scan); a run across a gap may have many (a map).
    let found = -1;
    if (this.index) found = this.index.get(target * 4096 + lexeme) ?? -1;
    else {
      for (let i = 0; i < this.lexemes.length; i++) if (this.lexemes[i] === lexeme && this.targets[i] === target) found = i;
      if (this.lexemes.length >= 16) {
        this.index = new Map();
        this.lexemes.forEach((lx, i) => this.index!.set(this.targets[i] * 4096 + lx, i));
      }
    }
    if (found >= 0) {
      if (crossing < this.crossing[found]) this.crossing[found] = crossing; // a whole lexeme in fixed text is the plainer reading
      return;
    }
    this.index?.set(target * 4096 + lexeme, this.lexemes.length);
    this.lexemes.push(lexeme);
    this.targets.push(target);
    this.crossing.push(crossing);
  }

  finish(reachKey: number): NodeEdges {
    for (const t of this.targets) if (t > reachKey) reachKey = t;
    return {
      lexemes: Int32Array.from(this.lexemes),
      targets: Float64Array.from(this.targets),
      crossing: Uint8Array.from(this.crossing),
      reachKey,
    };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether the sorted array holds `v` (binary search). */
export function includesSorted(sorted: Int32Array, v: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === v;
}
