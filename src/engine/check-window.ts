// The parts of a long document that the completability checks of a fill have to see. Code is a sequence
// of constructs (top-level items, members of a namespace or class, statements of a block); when the
// document with the constructs around each group of holes taken out still parses, each group's
// constructs can be checked in their place — the text before them in their top-level construct, then
// the rest of the construct they lie in and the tokens that close the constructs around it — and a
// commit re-parses its function instead of the rest of the file. Only
// fills use it (hole-groups.ts): the final text is still validated whole, and a window with no
// completion falls back to a larger one or to the whole document.
import type { ChildSpan, TreeSitterParser } from '../grammar/treesitter';

/**
 * Documents shorter than this are checked whole. 0: checking in place pays off on short files too (the
 * fill benchmark's files are under 6,000 characters).
 */
export const WINDOW_MIN_CHARS = 0;

/** Constructs after or before a hole's own that a window may also take in (each a candidate). */
const MAX_SIBLINGS_TAKEN_IN = 4;

export interface CheckWindow {
  /** [start, end): whole constructs around a group of holes, in whole lines where they allow it. */
  readonly start: number;
  readonly end: number;
  /**
   * What follows the window in its place: the rest of the construct it lies in (the following
   * statements or members, and its closing token) up to `restEnd`, then `closers`, the closing tokens
   * of the constructs around that, one per line (`}`, `;`).
   */
  readonly restEnd: number;
  readonly closers: string;
  /**
   * Where the window's context starts: the top-level construct it lies in (top-level constructs follow
   * one another from the same parser state, so what comes before that one does not matter). A window
   * of top-level constructs is its own context, and nothing needs to follow it.
   */
  readonly contextStart: number;
  /**
   * The column its constructs start in, for a window checked as a file of its own where the grammar
   * compares columns (Python): 0 for top-level constructs, else that of its first construct that begins
   * a line; -1 where none does or the window starts inside a line.
   */
  readonly column: number;
}

/**
 * For each region (a group's first hole's start to its last hole's end): the windows around it,
 * smallest first — at each level of the tree, from after the last construct that ends before the
 * region's first line to where the first construct that starts after its last line begins, and the
 * same taking in up to MAX_SIBLINGS_TAKEN_IN more constructs after or before. None for documents
 * shorter than WINDOW_MIN_CHARS.
 */
export function windowCandidates(parser: TreeSitterParser, source: string, regions: ReadonlyArray<readonly [number, number]>): CheckWindow[][] {
  if (source.length < WINDOW_MIN_CHARS) return regions.map(() => []);
  const lines = regions.map(([from, to]) => [lineStart(source, from), lineEnd(source, to)] as [number, number]);
  return parser.childSpansAround(source, lines).map((levels, r) => {
    const [first, last] = lines[r];
    const [from, to] = regions[r];
    const windows: CheckWindow[] = [];
    const add = (start: number, end: number, level: number) => {
      // Whole lines where the constructs allow it: a line break left in the window would leave the
      // surroundings without it (a line comment or a directive would run on into the next line).
      const afterBreak = source.indexOf('\n', start);
      if (afterBreak >= 0 && afterBreak < from && source.slice(start, afterBreak).trim() === '') start = afterBreak + 1;
      const endLine = lineStart(source, end);
      if (endLine >= to && source.slice(endLine, end).trim() === '') end = endLine;
      if (start > from || end < to || end - start >= source.length) return;
      if (windows.some((w) => w.start === start && w.end === end)) return;
      // As a file of its own, a window that starts inside a line has that line's columns shifted.
      const atLineStart = start === 0 || source[start - 1] === '\n';
      if (level === 0) {
        windows.push({ start, end, restEnd: end, closers: '', contextStart: start, column: atLineStart ? 0 : -1 });
        return;
      }
      const levelEnd = levels[level][levels[level].length - 1].end;
      const topLevel = levels[0].find((s) => s.start <= start && end <= s.end);
      windows.push({ start, end, restEnd: Math.max(end, levelEnd), closers: closersAfter(source, levels, level - 1, levelEnd), contextStart: topLevel ? topLevel.start : 0, column: atLineStart ? lineColumnOf(source, levels[level].filter((s) => s.start >= start && s.start < end)) : -1 });
    };
    for (let level = levels.length - 1; level >= 0; level--) {
      const children = levels[level];
      // From after the last construct that ends before the first line (else from the first one on it),
      // to where the first construct that starts after the last line begins (else to the end of the
      // last one on it).
      const endsBefore = children.filter((s) => s.end <= first).map((s) => s.end);
      const startsAfter = children.filter((s) => s.start >= last).map((s) => s.start);
      const start = endsBefore.length ? endsBefore[endsBefore.length - 1] : (children.find((s) => s.end > first)?.start ?? -1);
      const end = startsAfter.length ? startsAfter[0] : ([...children].reverse().find((s) => s.start < last)?.end ?? -1);
      if (start < 0 || end < 0) continue;
      add(start, end, level);
      // A hole that took out part of a construct (a block's header, its closing line) leaves the rest of
      // it among the siblings: windows that also take in a few constructs after or before the region
      // let the surroundings parse without falling back to the whole document.
      const levelEnd = children[children.length - 1].end;
      for (let k = 1; k <= MAX_SIBLINGS_TAKEN_IN; k++) {
        const later = k < startsAfter.length ? startsAfter[k] : levelEnd;
        const earlier = k < endsBefore.length ? endsBefore[endsBefore.length - 1 - k] : children[0].start;
        add(start, later, level);
        add(earlier, end, level);
        if (later === levelEnd && earlier === children[0].start) break;
      }
    }
    // Smallest first: a commit re-parses its window.
    return windows.sort((a, b) => a.end - a.start - (b.end - b.start));
  });
}

/** The last child of each node from `level` up to the root, where it is a single token after `end`, one per line. */
function closersAfter(source: string, levels: readonly ChildSpan[][], level: number, end: number): string {
  const out: string[] = [];
  for (let l = level; l >= 1; l--) {
    const last = levels[l][levels[l].length - 1];
    if (last && last.anonymousLeaf && last.start >= end) out.push(source.slice(last.start, last.end));
  }
  return out.map((t) => '\n' + t).join('') + (out.length ? '\n' : '');
}

/** `source` with every window taken out (they must be disjoint and sorted), and a map of offsets into it. */
export function withoutWindows(source: string, windows: ReadonlyArray<{ readonly start: number; readonly end: number }>): { text: string; offsetOf: (sourceOffset: number) => number } {
  let text = '';
  let at = 0;
  for (const { start, end } of windows) {
    text += source.slice(at, start);
    at = end;
  }
  text += source.slice(at);
  const offsetOf = (offset: number) => {
    let removed = 0;
    for (const { start, end } of windows) if (end <= offset) removed += end - start;
    return offset - removed;
  };
  return { text, offsetOf };
}

/** Whether `source` with every window taken out (they must be disjoint and sorted) parses. */
export function surroundingsParse(parser: TreeSitterParser, source: string, windows: ReadonlyArray<{ readonly start: number; readonly end: number }>): boolean {
  return surroundingsProblem(parser, source, windows) === null;
}

/**
 * Where `source` with every window taken out (disjoint, sorted) first fails to parse, as an offset into
 * `source` (a problem at a joint is placed at the window's end); null where it parses.
 */
export function surroundingsProblem(parser: TreeSitterParser, source: string, windows: ReadonlyArray<{ readonly start: number; readonly end: number }>): number | null {
  const verdict = parser.validate(withoutWindows(source, windows).text);
  if (verdict.valid) return null;
  let offset = verdict.firstProblem?.offset ?? 0;
  for (const { start, end } of windows) if (start <= offset) offset += end - start;
  return offset;
}

/**
 * The text a group's window is checked in: its context before it (from the start of its top-level
 * construct, other windows taken out), the window, then the rest of its construct and the closers,
 * where that parses without the window (and no other window straddles it); else the whole document,
 * other windows taken out. `offset` maps a document offset inside the window into it.
 */
export function windowInPlace(
  parser: TreeSitterParser,
  source: string,
  window: CheckWindow,
  others: ReadonlyArray<{ readonly start: number; readonly end: number }>,
): { text: string; offset: (sourceOffset: number) => number; closed: boolean } {
  const contextStart = Math.min(window.contextStart, ...others.filter((o) => o.start < window.start && o.end > window.contextStart).map((o) => o.start));
  const earlier = others.filter((o) => o.start >= contextStart && o.end <= window.start).map((o) => ({ start: o.start - contextStart, end: o.end - contextStart }));
  let before = withoutWindows(source.slice(contextStart, window.start), earlier).text;
  const inner = source.slice(window.start, window.end);
  const inRest = others.filter((o) => o.start >= window.end && o.end <= window.restEnd).map((o) => ({ start: o.start - window.end, end: o.end - window.end }));
  const tail = withoutWindows(source.slice(window.end, window.restEnd), inRest).text + window.closers;
  const straddles = others.some((o) => o.start < window.restEnd && o.end > window.restEnd);
  const closed = !straddles && parser.validate(before + tail).valid;
  // Otherwise the whole document, other windows taken out.
  if (!closed) before = withoutWindows(source.slice(0, window.start), others.filter((o) => o.end <= window.start)).text;
  const after = closed
    ? tail
    : withoutWindows(
        source.slice(window.end),
        others.filter((o) => o.start >= window.end).map((o) => ({ start: o.start - window.end, end: o.end - window.end })),
      ).text;
  return { text: before + inner + after, offset: (o) => before.length + (o - window.start), closed };
}

/** The column of the first span that begins its line (only blank space before it there), or -1. */
function lineColumnOf(source: string, spans: readonly ChildSpan[]): number {
  for (const span of spans) {
    const start = lineStart(source, span.start);
    if (/^[ \t]*$/.test(source.slice(start, span.start))) return span.start - start;
  }
  return -1;
}

function lineStart(text: string, offset: number): number {
  return offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}
