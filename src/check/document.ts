// A document with holes: fixed text pieces and gaps (a gap may hold any text). Adjacent text pieces are
// allowed ("joints") so that committing a token never rewrites a long neighbouring piece: the lexing
// memo of every untouched piece survives the commit.

export interface TextPiece {
  readonly kind: 'text';
  readonly text: string;
  /** Offset of this text in the source the user sees (null for text the decoder committed). */
  readonly sourceOffset: number | null;
}

export interface GapPiece {
  readonly kind: 'gap';
  /** Index of the user's hole this gap belongs to (several gaps after commits split a hole). */
  readonly hole: number;
  /** Offset in the source where the hole was (the marker's or selection's start). */
  readonly sourceOffset: number | null;
}

export type Piece = TextPiece | GapPiece;

export function text(t: string, sourceOffset: number | null = null): TextPiece {
  return { kind: 'text', text: t, sourceOffset };
}

export function gap(hole: number, sourceOffset: number | null = null): GapPiece {
  return { kind: 'gap', hole, sourceOffset };
}

export interface HoledSource {
  readonly pieces: Piece[];
  /** Source offsets [start, end) of each hole's marker. */
  readonly holeSpans: Array<[number, number]>;
}

/** Splits a source text at every occurrence of `marker` into text pieces and gaps. */
export function piecesFromMarkedText(source: string, marker: string): HoledSource {
  const pieces: Piece[] = [];
  const holeSpans: Array<[number, number]> = [];
  if (!marker) throw new Error('the hole marker must not be empty');
  let at = 0;
  for (;;) {
    const i = source.indexOf(marker, at);
    const end = i < 0 ? source.length : i;
    if (end > at) pieces.push(text(source.slice(at, end), at));
    if (i < 0) break;
    holeSpans.push([i, i + marker.length]);
    pieces.push(gap(holeSpans.length - 1, i));
    at = i + marker.length;
  }
  return { pieces: mergeAdjacentGaps(pieces), holeSpans };
}

/**
 * Takes the hole markers out of `source`: the text without them, each marker an empty hole (an insertion
 * point) at its place, and where each marker was in `source`.
 */
export function markersToInsertionHoles(source: string, marker: string): { text: string; holes: Array<[number, number]>; markerSpans: Array<[number, number]> } {
  const { holeSpans } = piecesFromMarkedText(source, marker);
  let text = '';
  let at = 0;
  const holes: Array<[number, number]> = [];
  for (const [s, e] of holeSpans) {
    text += source.slice(at, s);
    holes.push([text.length, text.length]);
    at = e;
  }
  text += source.slice(at);
  return { text, holes, markerSpans: holeSpans };
}

/** Builds pieces from a text and hole ranges [start, end) (replaced by gaps), sorted, non-overlapping. */
export function piecesFromRanges(source: string, holes: ReadonlyArray<readonly [number, number]>): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  holes.forEach(([s, e], h) => {
    if (s < at || e < s || e > source.length) throw new Error(`hole ${h} [${s}, ${e}) overlaps or lies outside the text`);
    if (s > at) pieces.push(text(source.slice(at, s), at));
    pieces.push(gap(h, s));
    at = e;
  });
  if (at < source.length) pieces.push(text(source.slice(at), at));
  return mergeAdjacentGaps(pieces);
}

function mergeAdjacentGaps(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (p.kind === 'gap' && last?.kind === 'gap') continue; // two holes side by side are one gap
    out.push(p);
  }
  return out;
}

/** The full text with each gap replaced by the corresponding fill (by gap order). */
export function fillGaps(pieces: readonly Piece[], fills: readonly string[]): string {
  let g = 0;
  let out = '';
  for (const p of pieces) out += p.kind === 'text' ? p.text : fills[g++] ?? '';
  return out;
}

export function gapCount(pieces: readonly Piece[]): number {
  let n = 0;
  for (const p of pieces) if (p.kind === 'gap') n++;
  return n;
}

/** 0-based line and column (UTF-16 units) of `offset` in `source`. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}
