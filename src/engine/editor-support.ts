// Small pure helpers for the editor glue (src/vscode) that benchmarks and tests use as well.

/** Mask slots of an inline completion's cursor hole. */
export const INLINE_SLOTS = {
  /** Code on the cursor's line: the rest of a line. */
  midLine: 16,
  /** An otherwise blank line: room for a few lines (e.g. an empty function body). */
  emptyLine: 32,
} as const;

/** The slots for a cursor hole at `offset` of `text`: more on a blank line, where whole lines may go. */
export function inlineHoleSlots(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const lineEnd = newline < 0 ? text.length : newline;
  return text.slice(lineStart, lineEnd).trim().length === 0 ? INLINE_SLOTS.emptyLine : INLINE_SLOTS.midLine;
}

/** The ghost text an inline fill offers: nothing unless tree-sitter accepted the result and the fill has code. */
export function ghostText(fill: { readonly valid: boolean; readonly holes: readonly string[] }): string {
  const text = fill.valid ? (fill.holes[0] ?? '') : '';
  return text.trim().length > 0 ? text : '';
}
