// The column a statement starts in, for grammars whose blocks are made by indentation (Python). A node of
// the chart where a statement may start is followed by blank space, comment lines and then the
// statement's first character; its column is that line's indentation, counted as tree-sitter's scanner
// counts it (a space 1, a tab 8, a form feed or carriage return back to 0). Where a gap decides it (the
// gap may end the line, indent it or write the statement itself), it is unknown, and so is a line that
// does not start with the statement (a line continuation).
import { keyOffset, keyPiece, nodeKey } from './lattice';
import type { Piece } from './document';

/** The column is unknown: any column may turn out to be the block's. */
export const UNKNOWN_COLUMN = -1;

export interface StatementColumn {
  /** The indentation of the statement's line, or UNKNOWN_COLUMN. */
  readonly column: number;
  /** The largest key read: an edit at or before it can change the column. */
  readonly reachKey: number;
}

/** The column of the statement that starts after the node at `key` (see the file comment). */
export function statementColumnAt(pieces: readonly Piece[], key: number, lineComment: string): StatementColumn {
  let piece = keyPiece(key);
  let offset = keyOffset(key);
  // Forward over blank space and comment lines to the statement's first character.
  for (;;) {
    const p = pieces[piece];
    if (!p) return { column: UNKNOWN_COLUMN, reachKey: nodeKey(piece, 0) }; // the end: no statement follows
    if (p.kind === 'gap') return { column: UNKNOWN_COLUMN, reachKey: nodeKey(piece, 0) };
    const text = p.text;
    while (offset < text.length) {
      const c = text.charCodeAt(offset);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c) offset++;
      else if (lineComment && text.startsWith(lineComment, offset)) {
        const end = text.indexOf('\n', offset);
        // A comment that runs into the next piece: where it ends is not known here.
        if (end < 0) return { column: UNKNOWN_COLUMN, reachKey: nodeKey(piece + 1, 0) };
        offset = end;
      } else break;
    }
    if (offset < text.length) break;
    piece++;
    offset = 0;
  }
  const reachKey = nodeKey(piece, offset);
  if ((pieces[piece] as { text: string }).text.charCodeAt(offset) === 0x5c) return { column: UNKNOWN_COLUMN, reachKey }; // a line continuation
  // Back to the start of the line: only blank space may come before the statement on it.
  let width = 0;
  let widthKnown = true;
  let p = piece;
  let i = offset - 1;
  const run: number[] = [];
  for (;;) {
    if (i < 0) {
      p--;
      if (p < 0) break; // the start of the document is the start of a line
      const before = pieces[p];
      if (before.kind === 'gap') return { column: UNKNOWN_COLUMN, reachKey };
      i = before.text.length - 1;
      continue;
    }
    const c = (pieces[p] as { text: string }).text.charCodeAt(i);
    if (c === 0x0a) break;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0c && c !== 0x0d) {
      widthKnown = false; // not the first thing on its line
      break;
    }
    run.push(c);
    i--;
  }
  if (!widthKnown) return { column: UNKNOWN_COLUMN, reachKey };
  for (let k = run.length - 1; k >= 0; k--) {
    const c = run[k];
    if (c === 0x20) width++;
    else if (c === 0x09) width += 8;
    else width = 0;
  }
  return { column: width, reachKey };
}

/** Whether the text from `fromKey` to `toKey` holds a line break (a gap between: unknown, false). */
export function lineBreakBetween(pieces: readonly Piece[], fromKey: number, toKey: number): boolean {
  for (let piece = keyPiece(fromKey); piece <= keyPiece(toKey) && piece < pieces.length; piece++) {
    const p = pieces[piece];
    if (p.kind !== 'text') continue;
    const from = piece === keyPiece(fromKey) ? keyOffset(fromKey) : 0;
    const to = piece === keyPiece(toKey) ? keyOffset(toKey) : p.text.length;
    if (p.text.slice(from, to).includes('\n')) return true;
  }
  return false;
}

/** Whether a statement at column `a` and one at column `b` may be in the same block. */
export function columnsAgree(a: number, b: number): boolean {
  return a === UNKNOWN_COLUMN || b === UNKNOWN_COLUMN || a === b;
}
