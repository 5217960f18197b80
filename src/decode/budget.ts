import type { TokenVocabulary } from './types';

/** Mask slots for a hole, by where it sits (used when the user sets no count). */
export const HOLE_SLOTS = {
  /** Code on both sides within the line: an expression or an argument. */
  insideLine: 8,
  /** Code on one side only: the rest of a statement, or its start. */
  lineEnd: 16,
  /** Nothing else on the line: one or more whole lines. */
  wholeLine: 32,
  /** A selection to rewrite gets this many times its own token count… */
  selectionFactor: 1.5,
  /** …and at least this many, at most `max`. */
  selectionMin: 4,
  max: 256,
} as const;

/**
 * How many mask slots the hole at [start, end) of `text` gets. `fixedSlots` > 0 (the user's setting)
 * wins. A non-empty range is a selection to rewrite: its token count × 1.5. An empty range (a hole
 * marker already removed, or a cursor) is sized by its line: 8 inside a line, 16 at either end of a
 * line with code, 32 on an otherwise blank line.
 */
export function holeSlotBudget(text: string, start: number, end: number, vocab: TokenVocabulary, fixedSlots = 0): number {
  if (fixedSlots > 0) return Math.floor(fixedSlots);
  if (end > start) {
    const tokens = vocab.encode(text.slice(start, end)).length;
    return Math.min(HOLE_SLOTS.max, Math.max(HOLE_SLOTS.selectionMin, Math.ceil(tokens * HOLE_SLOTS.selectionFactor)));
  }
  const lineStart = start > 0 ? text.lastIndexOf('\n', start - 1) + 1 : 0;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline;
  const codeBefore = text.slice(lineStart, start).trim().length > 0;
  const codeAfter = text.slice(end, lineEnd).trim().length > 0;
  if (codeBefore && codeAfter) return HOLE_SLOTS.insideLine;
  if (codeBefore || codeAfter) return HOLE_SLOTS.lineEnd;
  return HOLE_SLOTS.wholeLine;
}
