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
    const indents = runtime.blockHeaderIndents?.(source, holes) ?? new Map<number, string>();
    const indented = withBlockLayout(pieces, layout).flatMap((p): Piece[] => (p.kind === 'gap' && indents.has(p.hole) ? [text(indents.get(p.hole)!, p.sourceOffset ?? 0), p] : [p]));
    const found = shortest(indented);
    if (found) return found.map((fill, h) => (indents.get(h) ?? '') + laidOut(fill, h, layout));
  }
  return shortest(pieces);
}

/** Holes that open a block (`:` after them) or are a block's only statement (`pass` before them). */
export interface BlockLayout {
  readonly headers: readonly number[];
  readonly bodies: readonly number[];
}

export const NO_BLOCK_LAYOUT: BlockLayout = { headers: [], bodies: [] };

/** `pieces` with `pass` before each body hole's gap and `:` after each header hole's. */
export function withBlockLayout(pieces: readonly Piece[], layout: BlockLayout): Piece[] {
  return pieces.flatMap((p): Piece[] => {
    if (p.kind !== 'gap') return [p];
    // As fixed text (a source offset), so that the fill's lexing keeps them: not `#:`.
    const at = p.sourceOffset ?? 0;
    return [...(layout.bodies.includes(p.hole) ? [text('pass', at)] : []), p, ...(layout.headers.includes(p.hole) ? [text(':', at)] : [])];
  });
}

/** Hole `hole`'s gap text with what withBlockLayout wrote around it. */
export function laidOut(fill: string, hole: number, layout: BlockLayout): string {
  return `${layout.bodies.includes(hole) ? 'pass' : ''}${fill}${layout.headers.includes(hole) ? ':' : ''}`;
}
