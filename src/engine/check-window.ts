// The part of a long document that the completability check of a fill has to see. A file is a sequence
// of top-level constructs; when the text before the first hole's top-level construct and the text after
// the last one's each parse on their own, the holes' construct(s) can be checked as a file of their own:
// the checker then re-parses a function instead of the rest of the file at every commit. Only fills use
// it (the final text is still validated whole, and a window with no completion falls back to the file).
import type { TreeSitterParser } from '../grammar/treesitter';

/** Documents shorter than this are checked whole (a whole check is cheap there). */
export const WINDOW_MIN_CHARS = 4000;

/** [start, end) of the window around `holes` in `source`, or null when the whole document must be checked. */
export function checkWindow(parser: TreeSitterParser, source: string, holes: ReadonlyArray<readonly [number, number]>): [number, number] | null {
  if (source.length < WINDOW_MIN_CHARS || holes.length === 0) return null;
  const first = lineStart(source, holes[0][0]);
  const last = lineEnd(source, holes[holes.length - 1][1]);
  const spans = parser.topLevelSpans(source);
  // The window starts after the last construct that ends before the first hole's line, and ends where
  // the first construct that starts after the last hole's line begins.
  let start = 0;
  let end = source.length;
  for (const s of spans) {
    if (s.end <= first) start = Math.max(start, s.end);
    else if (s.start >= last) {
      end = s.start;
      break;
    }
  }
  if (start === 0 && end === source.length) return null;
  if (start > 0 && !parser.validate(source.slice(0, start)).valid) return null;
  if (end < source.length && !parser.validate(source.slice(end)).valid) return null;
  return [start, end];
}

function lineStart(text: string, offset: number): number {
  return offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}
