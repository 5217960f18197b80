// Python's indentation rules, which tree-sitter-python does not enforce (its scanner takes `x = 1` then
// an indented `y = 2`, a block header with no block, a dedent to a column no block has). Python's own
// tokenizer rejects these, and a fill must compile: the final text of a Python fill is checked here as
// well as by tree-sitter. This follows the tokenizer: logical lines (brackets, backslash continuations and
// strings join physical lines; blank and comment-only lines do not count), a stack of indentation
// columns (a tab to the next multiple of 8, a form feed back to 0), and a logical line ending in `:`
// opens a block that the next logical line must indent. Such a line must begin a compound statement:
// tree-sitter-python reads the line break after `a:` as blank space (an annotation's type on the next
// line: `a:` then an indented `b = 1` is `a: b = 1`), Python's parser rejects it.

/** The words a logical line ending in `:` may begin with (Python's compound statements and clauses). */
const BLOCK_OPENERS = new Set(['if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'def', 'class', 'async', 'match', 'case']);

export interface LayoutProblem {
  /** UTF-16 offset of the line's first character. */
  readonly offset: number;
  readonly line: number; // 0-based
  readonly message: string;
}

/** The first indentation error in `text`, or null. */
export function pythonLayoutProblem(text: string): LayoutProblem | null {
  const stack = [0];
  let expectBlock = false;
  let depth = 0; // open brackets
  let continued = false; // the previous physical line ended with a backslash
  let openString: string | null = null; // the closing quotes of a string that runs on
  let formatString = false; // the open string is an f-string
  let lastSignificant = ''; // the last character of the logical line so far, outside strings and comments
  let headerLine = 0;
  let logicalStart = 0; // offset and first word of the current logical line
  let logicalLine = 0;
  let firstWord = '';
  let line = 0;
  for (let at = 0; at <= text.length; line++) {
    const end = text.indexOf('\n', at);
    const stop = end < 0 ? text.length : end;
    const joined = depth > 0 || continued || openString !== null;
    let i = at;
    if (!joined) {
      // A new logical line: its indentation, unless it is blank or a comment.
      while (i < stop && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f' || text[i] === '\r')) i++;
      const column = indentWidth(text.slice(at, i));
      if (i < stop && text[i] !== '#') {
        const top = stack[stack.length - 1];
        if (expectBlock) {
          if (column <= top) return { offset: at, line, message: `expected an indented block after the \`:\` on line ${headerLine + 1}` };
          stack.push(column);
          expectBlock = false;
        } else if (column > top) {
          return { offset: at, line, message: 'unexpected indent' };
        } else {
          while (column < stack[stack.length - 1]) stack.pop();
          if (column !== stack[stack.length - 1]) return { offset: at, line, message: 'unindent does not match any outer indentation level' };
        }
        lastSignificant = '';
        logicalStart = at;
        logicalLine = line;
        firstWord = /^[A-Za-z_]\w*/.exec(text.slice(i, stop))?.[0] ?? '';
      }
    }
    continued = false;
    // The line's tokens: only strings, comments, brackets and a final backslash matter here.
    while (i < stop) {
      if (openString !== null) {
        const close = openString;
        for (; i < stop; i++) {
          if (text[i] === '\\') i++;
          else if (text.startsWith(close, i)) break;
        }
        if (i >= stop) {
          // A one-line string the line ends: Python's tokenizer stops there (tree-sitter's `\N{...}` escape
          // runs over line breaks to the next `}`). An f-string's replacement field may span lines (3.12).
          if (close.length === 1 && text[stop - 1] !== '\\') {
            if (!formatString) return { offset: at, line, message: 'unterminated string literal' };
            openString = null;
          }
          break;
        }
        i += close.length;
        openString = null;
        lastSignificant = close[0];
        continue;
      }
      const c = text[i];
      if (c === '#') break;
      if (c === '\\' && i === stop - 1 - (text[stop - 1] === '\r' ? 1 : 0)) {
        continued = true;
        break;
      }
      if (c === '"' || c === "'") {
        const triple = text.startsWith(c.repeat(3), i);
        formatString = /[fF][rR]?$/.test(text.slice(Math.max(at, i - 2), i)); // f'', rf'', fr''
        openString = triple ? c.repeat(3) : c;
        i += openString.length;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
      if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\f') lastSignificant = c;
      i++;
    }
    const logicalLineEnds = depth === 0 && !continued && openString === null;
    if (logicalLineEnds && lastSignificant === ':') {
      if (!BLOCK_OPENERS.has(firstWord)) {
        return { offset: logicalStart, line: logicalLine, message: 'a line ending in `:` must begin a compound statement (`if`, `for`, `def`, ...)' };
      }
      expectBlock = true;
      headerLine = line;
    }
    if (logicalLineEnds) lastSignificant = '';
    if (end < 0) break;
    at = end + 1;
  }
  if (expectBlock) return { offset: text.length, line: Math.max(0, line - 1), message: `expected an indented block after the \`:\` on line ${headerLine + 1}` };
  return null;
}

/**
 * The holes that must end a block's header for the layout to hold: a hole that is its line's only code
 * (blank space before and after it on the line) and whose next line with code is indented deeper. In
 * Python such a line must end with `:` (unless it continues a bracket or a backslash line, which a
 * fill's fallback may ignore: the result is validated anyway).
 */
export function holesOpeningBlocks(text: string, holes: ReadonlyArray<readonly [number, number]>): number[] {
  const out: number[] = [];
  holes.forEach((hole, h) => {
    const line = loneHoleLine(text, hole);
    if (!line) return;
    const next = codeLineNear(text, line.end + 1, 1);
    if (next && next.column > line.column) out.push(h);
  });
  return out;
}

/**
 * Of the holes that open a block (holesOpeningBlocks), those that begin their line (a selection of whole
 * lines, indentation included) inside an enclosing block: the indentation their header needs, the column
 * of the first code line after the opened block that is shallower than it (`    return y` after the
 * `for`'s body). A hole at column 0 with no such line stays at column 0.
 */
export function headerIndents(text: string, holes: ReadonlyArray<readonly [number, number]>): Map<number, string> {
  const out = new Map<number, string>();
  for (const h of holesOpeningBlocks(text, holes)) {
    const line = loneHoleLine(text, holes[h]);
    if (!line || holes[h][0] !== line.start) continue;
    const block = codeLineNear(text, line.end + 1, 1)!;
    for (let at = line.end + 1; at <= text.length; ) {
      const next = codeLineNear(text, at, 1);
      if (!next) break;
      if (next.column < block.column) {
        if (next.column > 0) out.set(h, ' '.repeat(next.column));
        break;
      }
      at = next.end + 1;
    }
  }
  return out;
}

/**
 * Holes that are their line's only code where that line must hold a block's statement: the code line
 * before is a header (ends with `:`) in a shallower column, and the next code line is no deeper than the
 * header (Python: a `:` needs an indented block of at least one statement; comments do not count). The
 * chart does not see columns, so a shortest completion leaves such a hole empty.
 */
export function holesFillingBlocks(text: string, holes: ReadonlyArray<readonly [number, number]>): number[] {
  const out: number[] = [];
  holes.forEach((hole, h) => {
    const line = loneHoleLine(text, hole);
    if (!line) return;
    const header = codeLineNear(text, line.start - 1, -1);
    if (!header || header.column >= line.column || !/:\s*(#.*)?$/.test(header.code)) return;
    const next = codeLineNear(text, line.end + 1, 1);
    if (!next || next.column <= header.column) out.push(h);
  });
  return out;
}

/** The line of a hole that is its line's only code (blank space around it): its bounds and the hole's column; else null. */
function loneHoleLine(text: string, [start, end]: readonly [number, number]): { start: number; end: number; column: number } | null {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end) < 0 ? text.length : text.indexOf('\n', end);
  if (/\S/.test(text.slice(lineStart, start)) || /\S/.test(text.slice(end, lineEnd))) return null;
  return { start: lineStart, end: lineEnd, column: indentWidth(text.slice(lineStart, start)) };
}

/** The nearest line with code (not blank, not only a comment) from the line holding offset `at`, going `direction`; `end`: its end. */
function codeLineNear(text: string, at: number, direction: 1 | -1): { code: string; column: number; end: number } | null {
  while (at >= 0 && at <= text.length) {
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const newline = text.indexOf('\n', at);
    const line = text.slice(start, newline < 0 ? text.length : newline);
    const code = line.trim();
    if (code && !code.startsWith('#')) return { code, column: indentWidth(line.slice(0, line.length - line.trimStart().length)), end: newline < 0 ? text.length : newline };
    if (direction < 0) {
      if (start === 0) return null;
      at = start - 1;
    } else {
      if (newline < 0) return null;
      at = newline + 1;
    }
  }
  return null;
}

/** Columns of a run of blank space, as the tokenizer counts them. */
function indentWidth(blank: string): number {
  let column = 0;
  for (const c of blank) {
    if (c === ' ') column++;
    else if (c === '\t') column = (Math.floor(column / 8) + 1) * 8;
    else if (c === '\f') column = 0;
  }
  return column;
}
