// Where the holes of a fill are, in the order the user most likely means: non-empty selections
// (rewritten), several empty cursors (insertion points), hole markers in the document, and last a
// single empty cursor.
import * as vscode from 'vscode';
import { markersToInsertionHoles } from '../check/document';

export interface EditorHoles {
  readonly from: 'selections' | 'cursors' | 'markers' | 'cursor';
  /** The text the engine sees: the document's text, with hole markers taken out. */
  readonly source: string;
  /** Hole ranges [start, end) in `source`, sorted and disjoint. */
  readonly holes: Array<[number, number]>;
  /** Per hole, the document range its fill replaces (a selection, a cursor, a marker). */
  readonly replaces: vscode.Range[];
}

/** The holes of `editor`, or null when there is none. */
export function holesOf(editor: vscode.TextEditor, marker: string): EditorHoles | null {
  const document = editor.document;
  const text = document.getText();
  const selected = editor.selections.filter((s) => !s.isEmpty);
  if (selected.length > 0) return fromRanges('selections', document, text, selected);
  if (editor.selections.length > 1) return fromRanges('cursors', document, text, editor.selections);
  const marked = markerHoles(document, text, marker);
  if (marked) return marked;
  return fromRanges('cursor', document, text, editor.selections);
}

/** The hole markers of a document, taken out of the text (each becomes an empty hole). */
export function markerHoles(document: vscode.TextDocument, text: string, marker: string): EditorHoles | null {
  const { text: source, holes, markerSpans } = markersToInsertionHoles(text, marker);
  if (holes.length === 0) return null;
  const replaces = markerSpans.map(([s, e]) => new vscode.Range(document.positionAt(s), document.positionAt(e)));
  return { from: 'markers', source, holes, replaces };
}

function fromRanges(from: EditorHoles['from'], document: vscode.TextDocument, text: string, ranges: readonly vscode.Range[]): EditorHoles {
  const spans = ranges.map((r) => [document.offsetAt(r.start), document.offsetAt(r.end)] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  // Overlapping selections (or two cursors at one place) are one hole.
  const holes: Array<[number, number]> = [];
  for (const span of spans) {
    const last = holes[holes.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else holes.push([span[0], span[1]]);
  }
  const replaces = holes.map(([s, e]) => new vscode.Range(document.positionAt(s), document.positionAt(e)));
  return { from, source: text, holes, replaces };
}
