// The parts of a long document that the completability checks of a fill have to see. Code is a sequence
// of constructs (top-level items, members of a namespace or class, statements of a block); when the
// document with the constructs around each group of holes taken out still parses, each group's
// constructs can be checked as a file of their own, and a commit re-parses its function instead of the
// rest of the file. Only fills use it (hole-groups.ts): the final text is still validated whole, and a
// window with no completion falls back to a shallower one or to the whole document.
import type { TreeSitterParser } from '../grammar/treesitter';

/** Documents shorter than this are checked whole (a whole check is cheap there). */
export const WINDOW_MIN_CHARS = 2000;

/**
 * For each region (a group's first hole's start to its last hole's end): the windows [start, end)
 * around it, deepest (smallest) first — at each level of the tree, from after the last construct that
 * ends before the region's first line to where the first construct that starts after its last line
 * begins. None for documents shorter than WINDOW_MIN_CHARS.
 */
export function windowCandidates(parser: TreeSitterParser, source: string, regions: ReadonlyArray<readonly [number, number]>): Array<Array<[number, number]>> {
  if (source.length < WINDOW_MIN_CHARS) return regions.map(() => []);
  const lines = regions.map(([from, to]) => [lineStart(source, from), lineEnd(source, to)] as [number, number]);
  return parser.childSpansAround(source, lines).map((levels, r) => {
    const [first, last] = lines[r];
    const [from, to] = regions[r];
    const windows: Array<[number, number]> = [];
    for (let level = levels.length - 1; level >= 0; level--) {
      const children = levels[level];
      // After the last construct that ends before the first line (else from the first one on it), to the
      // first construct that starts after the last line (else to the end of the last one on it).
      let start = -1;
      let end = -1;
      for (const s of children) if (s.end <= first) start = s.end;
      if (start < 0) start = children.find((s) => s.end > first)?.start ?? -1;
      for (let i = children.length - 1; i >= 0; i--) if (children[i].start >= last) end = children[i].start;
      if (end < 0) end = [...children].reverse().find((s) => s.start < last)?.end ?? -1;
      if (start < 0 || end < 0) continue;
      // Whole lines where the constructs allow it: a line break left in the window would leave the
      // surroundings without it (a line comment or a directive would run on into the next line).
      const afterBreak = source.indexOf('\n', start);
      if (afterBreak >= 0 && afterBreak < from && source.slice(start, afterBreak).trim() === '') start = afterBreak + 1;
      const endLine = lineStart(source, end);
      if (endLine >= to && source.slice(endLine, end).trim() === '') end = endLine;
      if (start > from || end < to || end - start >= source.length) continue;
      if (!windows.some(([a, b]) => a === start && b === end)) windows.push([start, end]);
    }
    return windows;
  });
}

/** `source` with every window taken out (they must be disjoint and sorted), and a map of offsets into it. */
export function withoutWindows(source: string, windows: ReadonlyArray<readonly [number, number]>): { text: string; offsetOf: (sourceOffset: number) => number } {
  let text = '';
  let at = 0;
  for (const [start, end] of windows) {
    text += source.slice(at, start);
    at = end;
  }
  text += source.slice(at);
  const offsetOf = (offset: number) => {
    let removed = 0;
    for (const [start, end] of windows) if (end <= offset) removed += end - start;
    return offset - removed;
  };
  return { text, offsetOf };
}

/** Whether `source` with every window taken out (they must be disjoint and sorted) parses. */
export function surroundingsParse(parser: TreeSitterParser, source: string, windows: ReadonlyArray<readonly [number, number]>): boolean {
  return parser.validate(withoutWindows(source, windows).text).valid;
}

function lineStart(text: string, offset: number): number {
  return offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}
