// The completability check: can the gaps of a document be filled so that the whole text is in the
// language? Incremental: edits replace a gap by pieces (a commit, a closed gap) and can be undone; the
// chart is kept up to the first node an edit can affect.
import type { CompiledGrammar } from '../grammar/compiled';
import { languageLowering } from '../grammar/externals';
import type { LexerAutomaton } from '../lexing/automaton';
import type { TreeSitterParser } from '../grammar/treesitter';
import { fillGaps, type Piece } from './document';
import { DEFAULT_BUDGET, EarleyChart, type EarleyBudget } from './earley';
import { LatticeLexer, keyOffset, keyPiece, nodeKey, MAX_PIECE_LENGTH } from './lattice';
import { parseTablesFor } from './tables';
import { extractGapTokens, layoutGap, type GapTokens, type Spacing } from './witness';

export interface CheckStats {
  readonly ms: number;
  /** Nodes (lattice positions) parsed by this check, and those reused from earlier checks. */
  readonly nodesParsed: number;
  readonly nodesReused: number;
  readonly itemsCreated: number;
  readonly lexerRuns: number;
  readonly lexerMemoHits: number;
}

export interface CheckError {
  /** Piece index and offset of the earliest position after which no completion exists. */
  readonly piece: number;
  readonly offset: number;
  /** Readable names of the lexemes that would have been acceptable there. */
  readonly expected: string[];
}

export interface CheckResult {
  /** null when the budget ran out before a verdict. */
  readonly completable: boolean | null;
  readonly budgetExceeded: boolean;
  readonly error: CheckError | null;
  readonly stats: CheckStats;
}

export interface Witness {
  /** Text per gap piece, in document order. */
  readonly gapTexts: string[];
  readonly text: string;
  /** Whether tree-sitter accepted the filled text (null when no parser was given). */
  readonly treeSitterValid: boolean | null;
}

/** Restrictions of the completions a fill may use (the check command uses none). */
export interface CheckerOptions {
  /**
   * Completions may not turn the user's fixed text into the inside of a string or comment begun in a
   * hole (see LatticeLexer.fixedTextIntact). Fills use it; "can this be completed at all" does not.
   */
  readonly fixedTextIntact?: boolean;
  /** Keywords shadow identifiers over the same text where the node's items can take them (LatticeLexer.keywordsShadowWords). */
  readonly keywordsShadowWords?: boolean;
  /**
   * The column the text's top-level statements start in, where the grammar compares columns (Python):
   * 0 for a document; for a window checked as a file of its own, its constructs' column.
   */
  readonly firstColumn?: number;
  /** Nodes reached only across blank space share their source's items (default; EarleyChart.shareBlankNodes). */
  readonly shareBlankNodes?: boolean;
}

/**
 * A witness chart kept between witnesses (one per allowCrossing): rewound and re-parsed from the first
 * node an edit since its last parse can affect, as the checking chart is. A fill asks for witnesses
 * again and again (suggestions, the rest of a hole); each used to parse its window from scratch.
 */
interface KeptWitnessChart {
  readonly chart: EarleyChart;
  /** The first node key an edit since the last parse can affect (MAX_SAFE_INTEGER: none). */
  dirtyFrom: number;
  parsed: boolean;
}

interface EditRecord {
  readonly before: Piece[];
  /** Index of the replaced gap (the same in the pieces before and after the edit). */
  readonly gapPiece: number;
  readonly cutKey: number;
}

export class CompletabilityChecker {
  private pieceList: Piece[];
  readonly chart: EarleyChart;
  readonly lattice: LatticeLexer;
  private readonly undoStack: EditRecord[] = [];
  private dirtyFrom = 0;
  private lastAcceptItem = -1;
  private parsedOnce = false;
  private readonly witnessCharts: Array<KeptWitnessChart | undefined> = [];
  checks = 0;

  constructor(
    readonly grammar: CompiledGrammar,
    readonly automaton: LexerAutomaton,
    pieces: readonly Piece[],
    readonly budget: EarleyBudget = DEFAULT_BUDGET,
    private readonly options: CheckerOptions = {},
  ) {
    this.pieceList = normalise(pieces);
    this.lattice = new LatticeLexer(grammar, automaton, options.fixedTextIntact ?? false, options.keywordsShadowWords ?? false);
    this.chart = new EarleyChart(parseTablesFor(grammar), this.lattice, false, true, options.shareBlankNodes ?? true);
    this.chart.firstColumn = options.firstColumn ?? 0;
  }

  get pieces(): readonly Piece[] {
    return this.pieceList;
  }

  /** Whether the language makes blocks by indentation (its grammar has statement columns: Python). */
  private get indentedBlocks(): boolean {
    return languageLowering(this.grammar.language)?.statementColumns !== undefined;
  }

  /** A new checker over `pieces` with this one's grammar, budget and options. */
  withPieces(pieces: readonly Piece[]): CompletabilityChecker {
    return new CompletabilityChecker(this.grammar, this.automaton, pieces, this.budget, this.options);
  }

  /** Replaces the gap at piece index `gapPiece` with `replacement` (texts and gaps). Undoable. */
  replaceGap(gapPiece: number, replacement: readonly Piece[]): void {
    const target = this.pieceList[gapPiece];
    if (target?.kind !== 'gap') throw new Error(`piece ${gapPiece} is not a gap`);
    const cutKey = cutFor(this.chart, gapPiece);
    this.markWitnessChartsDirty(gapPiece);
    this.undoStack.push({ before: this.pieceList, gapPiece, cutKey });
    const next = [...this.pieceList.slice(0, gapPiece), ...replacement, ...this.pieceList.slice(gapPiece + 1)];
    this.pieceList = normaliseFrom(next, gapPiece);
    this.dirtyFrom = Math.min(this.dirtyFrom, cutKey);
  }

  /** Reverts the last replaceGap. */
  undo(): void {
    const rec = this.undoStack.pop();
    if (!rec) throw new Error('nothing to undo');
    this.pieceList = rec.before;
    // The chart may have been parsed since the edit: its runs over the edited text can reach further
    // back than any run did when the edit was made, so the cut is taken again from the chart as it is.
    this.dirtyFrom = Math.min(this.dirtyFrom, rec.cutKey, cutFor(this.chart, rec.gapPiece));
    this.markWitnessChartsDirty(rec.gapPiece);
  }

  /**
   * The witness charts' nodes before the first one that lexed into gap `gapPiece` stay valid across an
   * edit of that gap (or its undo: nodes a parse since the edit made there are found the same way).
   */
  private markWitnessChartsDirty(gapPiece: number): void {
    for (const kept of this.witnessCharts) {
      if (kept?.parsed) kept.dirtyFrom = Math.min(kept.dirtyFrom, cutFor(kept.chart, gapPiece));
    }
  }

  /** Forgets the undo history (the decoder calls this once a commit is final). */
  clearUndo(): void {
    this.undoStack.length = 0;
  }

  check(): CheckResult {
    const t0 = performance.now();
    this.checks++;
    const runs0 = this.lattice.stats.runs;
    const hits0 = this.lattice.stats.memoHits;
    const kept = this.parsedOnce ? this.chart.rewind(this.dirtyFrom) : this.chart.rewind(0);
    this.parsedOnce = true;
    this.dirtyFrom = Number.MAX_SAFE_INTEGER;
    const outcome = this.chart.parse(this.pieceList, this.budget);
    if (outcome.budgetExceeded) this.dirtyFrom = 0; // the chart's tail is gone: the next check resumes from what was kept
    this.lastAcceptItem = outcome.acceptItem;
    const stats: CheckStats = {
      ms: performance.now() - t0,
      nodesParsed: this.chart.nodesThisParse,
      nodesReused: kept,
      itemsCreated: this.chart.itemsThisParse,
      lexerRuns: this.lattice.stats.runs - runs0,
      lexerMemoHits: this.lattice.stats.memoHits - hits0,
    };
    if (outcome.budgetExceeded) return { completable: null, budgetExceeded: true, error: null, stats };
    return { completable: outcome.accepted, budgetExceeded: false, error: outcome.accepted ? null : this.diagnose(), stats };
  }

  private diagnose(): CheckError {
    const n = this.chart.furthestLiveNode();
    if (n < 0) return { piece: 0, offset: 0, expected: [] };
    const key = this.chart.nodeKey[n];
    const expected = this.chart.expectedAt(n).map((lx) => readableLexemeName(this.grammar.lexemes[lx]));
    return { piece: keyPiece(key), offset: keyOffset(key), expected };
  }

  /**
   * A fill for every gap that makes the text valid, from the last check (which must have been
   * completable). With a parser, layouts are tried until tree-sitter accepts one.
   */
  witness(parser?: TreeSitterParser): Witness | null {
    if (this.lastAcceptItem < 0) return null;
    const pieces = this.pieceList;
    // The shortest fill comes from a second chart built cheapest item first; the incremental chart
    // keeps whichever derivation it met first. The grammar over-approximates tree-sitter (extras
    // between any two lexemes, approximated external tokens), so a derivation tree-sitter rejects is
    // followed by plainer ones: without gap-spanning lexemes, then the incremental chart's own.
    const derivations: Array<() => GapTokens | null> = [
      () => this.cheapestTokens(pieces, true),
      () => this.cheapestTokens(pieces, false),
      () => extractGapTokens(this.chart, pieces, this.lastAcceptItem),
    ];
    // Where tree-sitter accepts none (a window, checked in its place, need not parse on its own), the
    // first that the grammar itself accepts: a cheapest derivation can pass a column rule in a gap
    // that its text, written out, leaves empty (Python: `return x` then a deeper line, the gap's
    // INDENT absorbed for nothing).
    let grammatical: Witness | null = null;
    let first: Witness | null = null;
    let firstTokens: GapTokens | null = null;
    /** Tries `gapTexts`: true where the search is over (tree-sitter accepts it, or no parser and the grammar does). */
    const tryGapTexts = (gapTexts: string[]) => {
      const text = fillGaps(pieces, gapTexts);
      const valid = parser ? parser.validate(text).valid : null;
      const w = { gapTexts, text, treeSitterValid: valid };
      if (valid) {
        grammatical = w;
        return true;
      }
      first ??= w;
      if (!grammatical && this.grammarAccepts(text)) {
        grammatical = w;
        if (!parser) return true;
      }
      return false;
    };
    for (const derive of derivations) {
      const tokens = derive();
      if (!tokens) continue;
      firstTokens ??= tokens;
      const layouts: Spacing[] = this.grammar.extras.length === 0 ? ['bare'] : ['tight', 'spaced', 'lines'];
      for (const spacing of layouts) if (tryGapTexts(layoutGaps(pieces, tokens, spacing))) return grammatical;
    }
    // Where indentation makes blocks (Python), a gap that begins a line may need the column of the lines
    // after it (a cut `try:` whose `except:` follows indented): the derivation's tokens carry none.
    if (!grammatical && firstTokens && this.indentedBlocks) {
      for (const gapTexts of indentedLayouts(pieces, firstTokens)) if (tryGapTexts(gapTexts)) return grammatical;
    }
    return grammatical ?? first;
  }

  /** Whether the grammar, under this checker's options, accepts `text` as it is. */
  private grammarAccepts(text: string): boolean {
    return this.withPieces([{ kind: 'text', text, sourceOffset: 0 }]).check().completable === true;
  }

  /**
   * Gap texts from the last check's own derivation (which must have been completable): no second parse,
   * but not always a shortest completion, and not checked with tree-sitter. For a suggestion of what a
   * gap could start with; witness() for a fill.
   */
  gapTextsFromCheck(): string[] | null {
    if (this.lastAcceptItem < 0) return null;
    const pieces = this.pieceList;
    const tokens = extractGapTokens(this.chart, pieces, this.lastAcceptItem);
    return layoutGaps(pieces, tokens, this.grammar.extras.length === 0 ? 'bare' : 'tight');
  }

  private cheapestTokens(pieces: readonly Piece[], allowCrossing: boolean): GapTokens | null {
    const slot = allowCrossing ? 1 : 0;
    let kept = this.witnessCharts[slot];
    if (!kept) {
      const chart = new EarleyChart(this.chart.tables, this.lattice, true, allowCrossing, this.chart.shareBlankNodes);
      chart.firstColumn = this.chart.firstColumn;
      kept = this.witnessCharts[slot] = { chart, dirtyFrom: 0, parsed: false };
    }
    const { chart } = kept;
    chart.rewind(kept.parsed ? kept.dirtyFrom : 0);
    kept.parsed = true;
    kept.dirtyFrom = Number.MAX_SAFE_INTEGER;
    const outcome = chart.parse(pieces, this.budget);
    if (outcome.budgetExceeded) kept.dirtyFrom = 0;
    return outcome.accepted ? extractGapTokens(chart, pieces, outcome.acceptItem) : null;
  }
}

/** The first node key of `chart` an edit of gap `gapPiece` can affect: nodes before it lexed nothing at or past the gap. */
function cutFor(chart: EarleyChart, gapPiece: number): number {
  const boundary = nodeKey(gapPiece, 0);
  let cut = boundary;
  for (let n = chart.nodeCount - 1; n >= 0; n--) {
    const key = chart.nodeKey[n];
    if (key >= boundary) continue;
    if (chart.nodeReach(n) >= boundary) cut = Math.min(cut, key);
  }
  return cut;
}

/** Code lines after (and before) a gap whose indentation indentedLayouts tries for it. */
const INDENTED_LAYOUT_LINES = 3;

/**
 * For each gap whose fixed text after it starts with part of a line's indentation, the gaps' 'tight'
 * layout with that gap ending the line (below). For each gap that begins a line or follows only blank
 * space on it (a selection from inside the indentation) and writes a statement, the gaps' 'tight' layout
 * with that gap's line indented as one of the next code lines after it is, or else as one of the code
 * lines before it: what the gap writes first is the blank space that takes its line from where the fixed
 * text leaves it to that column.
 */
function indentedLayouts(pieces: readonly Piece[], tokens: GapTokens): string[][] {
  const textOf = (piece: Piece | undefined) => (piece?.kind === 'text' ? piece.text : '');
  const plain = layoutGaps(pieces, tokens, 'tight');
  const out: string[][] = [];
  let g = 0;
  pieces.forEach((p, i) => {
    if (p.kind !== 'gap') return;
    const k = g++;
    const before = textOf(pieces[i - 1]);
    const lineStart = before.lastIndexOf('\n') + 1;
    const blanks = before.slice(lineStart);
    const after = textOf(pieces[i + 1]);
    const indentOf = (line: string) => (line.trim() && !line.trimStart().startsWith('#') ? /^[ \t]*/.exec(line)![0] : null);
    const codeIndents = (lines: string[]) => lines.map(indentOf).filter((x): x is string => x !== null).slice(0, INDENTED_LAYOUT_LINES);
    const indents = new Set([...codeIndents(after.split('\n').slice(1)), ...codeIndents(before.slice(0, lineStart).split('\n').reverse())]);
    // A selection that ends inside the next line's indentation leaves its code after part of it (` if x:`
    // where the line was `    if x:`): the gap ends with a line break and the blank space that, with
    // that part, makes a column of the lines around.
    const partAfter = /^([ \t]+)[^\s#]/.exec(after)?.[1];
    if (partAfter) {
      for (const indent of indents) {
        if (indent.length <= partAfter.length || !indent.endsWith(partAfter)) continue;
        const gapTexts = plain.slice();
        gapTexts[k] = `${plain[k]}\n${indent.slice(0, indent.length - partAfter.length)}`;
        out.push(gapTexts);
      }
    }
    // The line's statement starts with the gap's text, or with the fixed text after an empty one.
    const startsStatement = plain[k] === '' ? /^[^\s#]/.test(after) : /^\S/.test(plain[k]);
    if ((lineStart === 0 && i > 0) || !/^[ \t]*$/.test(blanks) || !startsStatement) return;
    for (const indent of indents) {
      if (indent.length <= blanks.length || !indent.startsWith(blanks)) continue;
      const gapTexts = plain.slice();
      const pad = indent.slice(blanks.length);
      gapTexts[k] = pad + layoutGap(tokens.get(i) ?? [], before + pad, after, 'tight');
      out.push(gapTexts);
    }
  });
  return out;
}

/** Each gap's tokens laid out as text between its neighbouring pieces, in document order. */
function layoutGaps(pieces: readonly Piece[], tokens: GapTokens, spacing: Spacing): string[] {
  const textOf = (piece: Piece | undefined) => (piece?.kind === 'text' ? piece.text : '');
  const gapTexts: string[] = [];
  // The text before each gap back to its line's start, over earlier pieces: a gap after a hole's
  // committed text indents its next line as that line is indented.
  let line = '';
  const extend = (text: string) => {
    const cut = text.lastIndexOf('\n');
    line = cut >= 0 ? text.slice(cut) : line + text;
  };
  pieces.forEach((p, i) => {
    if (p.kind === 'text') return extend(p.text);
    const gapText = layoutGap(tokens.get(i) ?? [], line, textOf(pieces[i + 1]), spacing);
    gapTexts.push(gapText);
    extend(gapText);
  });
  return gapTexts;
}

function normalise(pieces: readonly Piece[]): Piece[] {
  return normaliseFrom([...pieces], 0);
}

/** Drops empty texts and merges adjacent gaps (from index `from - 1` on; earlier pieces keep their indices). */
function normaliseFrom(pieces: Piece[], from: number): Piece[] {
  const start = Math.max(0, from - 1);
  const out = pieces.slice(0, start);
  for (let i = start; i < pieces.length; i++) {
    const p = pieces[i];
    if (p.kind === 'text') {
      if (p.text.length === 0) continue;
      if (p.text.length > MAX_PIECE_LENGTH) throw new Error(`a text piece of ${p.text.length} characters is too long`);
    }
    const last = out[out.length - 1];
    if (p.kind === 'gap' && last?.kind === 'gap') continue;
    out.push(p);
  }
  return out;
}

/** A lexeme as a person knows it: `"#include"` rather than the compiler's `preproc_include_token1`. */
function readableLexemeName(lexeme: CompiledGrammar['lexemes'][number]): string {
  if (lexeme.example === '\n' && lexeme.name.startsWith('_')) return 'line break'; // Python's NEWLINE and INDENT
  if (!/_token\d+$/.test(lexeme.name)) return lexeme.name;
  const shown = lexeme.treeSitterNames?.[0];
  if (shown) return JSON.stringify(shown);
  return lexeme.example.trim() ? JSON.stringify(lexeme.example) : lexeme.example === '\n' ? 'line break' : lexeme.name;
}
