// The part of a long document that the completability check of a fill has to see. Code is a sequence of
// constructs (top-level items, members of a namespace or class, statements of a block); when the
// document with the constructs around the holes taken out still parses, those constructs can be checked
// as a file of their own, and the checker re-parses a function instead of the rest of the file at every
// commit. The deepest such window wins. Only fills use it: the final text is still validated whole,
// and a window with no completion falls back to the whole document.
import type { TreeSitterParser } from '../grammar/treesitter';

/** Documents shorter than this are checked whole (a whole check is cheap there). */
export const WINDOW_MIN_CHARS = 2000;

/**
 * Windows [start, end) around `holes` in `source`, deepest (smallest) first; empty when the whole
 * document must be checked. A window whose own text has no completion (statements of a block may not
 * stand alone as a file) is the caller's to skip.
 */
export function checkWindows(parser: TreeSitterParser, source: string, holes: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  if (source.length < WINDOW_MIN_CHARS || holes.length === 0) return [];
  const first = lineStart(source, holes[0][0]);
  const last = lineEnd(source, holes[holes.length - 1][1]);
  const levels = parser.childSpansAround(source, first, last);
  const windows: Array<[number, number]> = [];
  for (let level = levels.length - 1; level >= 0; level--) {
    // From after the last construct that ends before the first hole's line to where the first one that
    // starts after the last hole's line begins.
    let start = -1;
    let end = -1;
    for (const s of levels[level]) {
      if (s.end <= first) start = Math.max(start, s.end);
      else if (s.start >= last) {
        end = s.start;
        break;
      }
    }
    if (start < 0 || end < 0 || end - start >= source.length) continue;
    if (windows.some(([a, b]) => a === start && b === end)) continue;
    if (parser.validate(source.slice(0, start) + source.slice(end)).valid) windows.push([start, end]);
  }
  return windows;
}

function lineStart(text: string, offset: number): number {
  return offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}
