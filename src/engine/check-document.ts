// Checks a whole document with holes: the verdict, a tree-sitter-verified witness per hole, and on
// "no" the line and column after which no completion exists. Shared by the CLI and the editor.
import { CompletabilityChecker, type CheckerOptions, type CheckStats } from '../check/checker';
import { lineColumn, piecesFromRanges, text, type Piece } from '../check/document';
import type { EarleyBudget } from '../check/earley';
import type { SyntaxProblem } from '../grammar/treesitter';
import type { LanguageRuntime } from './language';

export interface DocumentCheckReport {
  readonly completable: boolean | null;
  readonly language: string;
  readonly holes: number;
  readonly ms: number;
  /** A fill per hole (by hole index), tree-sitter-verified; null when not completable or no layout parsed. */
  readonly witness: string[] | null;
  /** Why a completable document has no witness (e.g. tree-sitter rejected every layout). */
  readonly witnessNote: string | null;
  /** `reason`: what is wrong where it is not a missing token (Python's indentation rules). */
  readonly error: { line: number; column: number; offset: number; expected: string[]; reason?: string } | null;
  readonly budgetExceeded: boolean;
  readonly stats: CheckStats;
}

/**
 * `pieces` come from the source text (each text piece knows its source offset); `holeCount` holes.
 * `holeRanges` (the holes' [start, end) in `source`, e.g. their markers): where tree-sitter rejects the
 * plain shortest completion, the witness is then the shortest fill as fills find it (shortestValidFill).
 */
export function checkDocument(
  runtime: LanguageRuntime,
  source: string,
  pieces: readonly Piece[],
  holeCount: number,
  budget?: EarleyBudget,
  options?: CheckerOptions,
  holeRanges?: ReadonlyArray<readonly [number, number]>,
): DocumentCheckReport {
  const t0 = performance.now();
  const checker = new CompletabilityChecker(runtime.grammar, runtime.lexer, pieces, budget, options);
  const result = checker.check();
  let witness: string[] | null = null;
  let witnessNote: string | null = null;
  let error: DocumentCheckReport['error'] = null;
  // With no holes there is one text, and tree-sitter (with the language's layout rules) is the judge: the
  // grammar over-approximates it (it reads `x = return` with `return` as a name, and tree-sitter-python
  // and the grammar accept `if a:` with no block after it; Python does not).
  const problem = result.completable && holeCount === 0 ? runtime.parser.validate(source).firstProblem : null;
  if (problem) {
    const { line, column } = lineColumn(source, problem.offset);
    error = { line: line + 1, column: column + 1, offset: problem.offset, expected: [], reason: problemReason(problem) };
  } else if (result.completable) {
    const w = checker.witness(runtime.parser);
    if (w && w.treeSitterValid) {
      witness = new Array<string>(holeCount).fill('');
      let g = 0;
      for (const p of checker.pieces) if (p.kind === 'gap') witness[p.hole] += w.gapTexts[g++];
    } else {
      // Searched as fills search theirs: the fills' lexing (keywords, C's directives), Python's headers and blocks.
      witness = holeRanges?.length === holeCount ? shortestValidFill(runtime, source, holeRanges, budget) : null;
      const judge = runtime.parser.layoutCheck ? "tree-sitter or the language's layout rules" : 'tree-sitter';
      if (!witness) witnessNote = `the grammar admits a completion, but ${judge} rejected the shortest one found (${runtime.supportLevel} support for ${runtime.id})`;
    }
  } else if (result.error) {
    // At a gap node the trouble starts with the text after the hole.
    const pieceIndex = result.error.piece + (checker.pieces[result.error.piece]?.kind === 'gap' ? 1 : 0);
    const piece = checker.pieces[pieceIndex];
    const offset = piece ? (piece.sourceOffset ?? 0) + (piece.kind === 'text' ? result.error.offset : 0) : source.length;
    const { line, column } = lineColumn(source, offset);
    error = { line: line + 1, column: column + 1, offset, expected: result.error.expected };
  }
  return {
    completable: problem ? false : result.completable,
    language: runtime.id,
    holes: holeCount,
    ms: performance.now() - t0,
    witness,
    witnessNote,
    error,
    budgetExceeded: result.budgetExceeded,
    stats: result.stats,
  };
}

/** What is wrong, in words: a layout problem says so itself; tree-sitter names the node. */
function problemReason(problem: SyntaxProblem): string {
  if (problem.kind === 'layout' || problem.kind === 'rule') return problem.nodeType;
  return problem.kind === 'missing' ? `tree-sitter expects ${problem.nodeType} here` : 'tree-sitter cannot parse the text from here';
}

/** The lexing fills use: fixed text keeps its tokens, keywords shadow words. */
export const FILL_LEXING: CheckerOptions = { fixedTextIntact: true, keywordsShadowWords: true };

/** Keywords shadow words, and a string or comment begun in a hole may run on into the fixed text. */
const KEYWORD_LEXING: CheckerOptions = { keywordsShadowWords: true };

/**
 * The shortest fill of `holes` that tree-sitter (and the language's layout rules) accept, for a fill that
 * found none. The chart cannot tell the column of a statement a hole may start, so where the layout makes
 * a hole end a block's header (LanguageRuntime.blockHeaderHoles: Python's line before a deeper one) the
 * plain shortest completion leaves the header out or works around it (`pass` then a `try:`/`except:` of
 * its own where `try:` was cut), and where it makes a hole a block's only statement (blockBodyHoles) the
 * shortest completion leaves the block empty. So first with that `:` written after those holes and a
 * `pass` before these; then as fills are lexed, then as the plain grammar reads the text. null when none
 * of these parses.
 */
export function shortestValidFill(runtime: LanguageRuntime, source: string, holes: ReadonlyArray<readonly [number, number]>, budget?: EarleyBudget): string[] | null {
  /**
   * The first witness over `pieces`: as fills are lexed, then with only keywords shadowing words (a
   * selection that ends inside a string needs a string begun in the hole, which fills' lexing refuses),
   * then as the plain grammar reads them.
   */
  const shortest = (pieces: readonly Piece[]) => {
    for (const options of [FILL_LEXING, KEYWORD_LEXING, undefined]) {
      const found = checkDocument(runtime, source, pieces, holes.length, budget, options).witness;
      if (found) return found;
    }
    return null;
  };
  const pieces = piecesFromRanges(source, holes);
  const layout: BlockLayout = { headers: runtime.blockHeaderHoles?.(source, holes) ?? [], bodies: runtime.blockBodyHoles?.(source, holes) ?? [] };
  if (layout.headers.length > 0 || layout.bodies.length > 0) {
    // A header hole that begins its line (whole lines selected) also takes its block's indentation.
    const indented: BlockLayout = { ...layout, headerIndents: runtime.blockHeaderIndents?.(source, holes) };
    // A header's line must begin a compound statement: the grammar's shortest `a:` is an annotation whose
    // type runs on over the line break, which tree-sitter takes and Python does not. `if` fits most
    // blocks; `try` one followed by `except` or `finally`.
    if (layout.headers.length > 0) {
      // The first that keeps each header on its line (`if a:pass\n try:` works around an `except` after
      // the block), else the first valid one.
      let spread: string[] | null = null;
      for (const headerKeyword of HEADER_KEYWORDS) {
        const shape: BlockLayout = { ...indented, headerKeyword };
        const found = shortest(withBlockLayout(pieces, shape));
        const fills = found && found.map((fill, h) => laidOut(fill, h, shape));
        if (!fills || !runtime.parser.validate(filledText(source, holes, fills)).valid) continue;
        if (layout.headers.every((h) => !found[h].includes('\n'))) return fills;
        spread ??= fills;
      }
      if (spread) return spread;
    }
    const found = shortest(withBlockLayout(pieces, indented));
    if (found) return found.map((fill, h) => laidOut(fill, h, indented));
  }
  return shortest(pieces);
}

/** Holes that open a block (`:` after them) or are a block's only statement (`pass` before them). */
export interface BlockLayout {
  readonly headers: readonly number[];
  readonly bodies: readonly number[];
  /** Written before each header hole's gap (`if `): the header then begins a compound statement. */
  readonly headerKeyword?: string;
  /** Indentation written first in a header hole that begins its line (LanguageRuntime.blockHeaderIndents). */
  readonly headerIndents?: ReadonlyMap<number, string>;
}

/** The keywords a header hole's shortest fill tries, in order (`try` takes an empty gap: `try:`). */
const HEADER_KEYWORDS = ['if ', 'try'];

export const NO_BLOCK_LAYOUT: BlockLayout = { headers: [], bodies: [] };

/** `pieces` with `pass` before each body hole's gap and `:` after each header hole's. */
export function withBlockLayout(pieces: readonly Piece[], layout: BlockLayout): Piece[] {
  return pieces.flatMap((p): Piece[] => {
    if (p.kind !== 'gap') return [p];
    // As fixed text (a source offset), so that the fill's lexing keeps them: not `#:`.
    const at = p.sourceOffset ?? 0;
    const header = layout.headers.includes(p.hole);
    const indent = layout.headerIndents?.get(p.hole);
    return [
      ...(indent ? [text(indent, at)] : []),
      ...(layout.bodies.includes(p.hole) ? [text('pass', at)] : []),
      ...(header && layout.headerKeyword ? [text(layout.headerKeyword, at)] : []),
      p,
      ...(header ? [text(':', at)] : []),
    ];
  });
}

/** Hole `hole`'s gap text with what withBlockLayout wrote around it. */
export function laidOut(fill: string, hole: number, layout: BlockLayout): string {
  const header = layout.headers.includes(hole);
  const indent = layout.headerIndents?.get(hole) ?? '';
  return `${indent}${layout.bodies.includes(hole) ? 'pass' : ''}${header ? layout.headerKeyword ?? '' : ''}${fill}${header ? ':' : ''}`;
}

/** `source` with each hole's range (in document order, as piecesFromRanges takes them) replaced by its fill. */
function filledText(source: string, holes: ReadonlyArray<readonly [number, number]>, fills: readonly string[]): string {
  let out = '';
  let at = 0;
  holes.forEach(([start, end], h) => {
    out += source.slice(at, start) + fills[h];
    at = end;
  });
  return out + source.slice(at);
}
