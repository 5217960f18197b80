// Holes cut into real files the way the tests and the fill bench cut them.

export interface CutText {
  readonly source: string;
  /** Insertion points where the cut text was, in document order. */
  readonly holes: Array<[number, number]>;
}

/** `lines` joined back with the lines at `indices` emptied after their indentation (the fill bench's holes). */
export function emptyLines(lines: readonly string[], indices: readonly number[]): CutText {
  let source = '';
  const holes: Array<[number, number]> = [];
  lines.forEach((line, i) => {
    if (indices.includes(i)) {
      source += line.slice(0, line.length - line.trimStart().length);
      holes.push([source.length, source.length]);
    } else source += line;
    if (i < lines.length - 1) source += '\n';
  });
  return { source, holes };
}

/** `original` with the first occurrence of each snippet (in document order) cut out, a hole where it was. */
export function cutSnippets(original: string, snippets: readonly string[]): CutText {
  let source = original;
  const holes: Array<[number, number]> = [];
  for (const snippet of snippets) {
    const at = source.indexOf(snippet);
    if (at < 0) throw new Error(`${JSON.stringify(snippet)} is not in the text`);
    if (holes.length > 0 && at < holes[holes.length - 1][0]) throw new Error(`${JSON.stringify(snippet)} comes before the snippet cut before it`);
    source = source.slice(0, at) + source.slice(at + snippet.length);
    holes.push([at, at]);
  }
  return { source, holes };
}
