// What closes the brackets, quotes and block comments a hole's text leaves open: the cheap guess at the
// short completion of a hole the model wanted to end (`foo(` → `)`, `/**` → `*/`, `` `${a `` → `` }` ``).
// A guess only: the constraint checks it like any commit.

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}', '"': '"', "'": "'", '`': '`', '"""': '"""', "'''": "'''", '/*': '*/', '${': '}' };
const STRINGS = new Set(['"', "'", '`', '"""', "'''"]);

/**
 * The text that closes what `text` leaves open, innermost first; null where a closing bracket does not
 * match its opener or a line comment runs to the end (nothing short closes those).
 */
export function closersOf(text: string): string | null {
  const open: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = open[open.length - 1];
    if (STRINGS.has(top)) {
      if (c === '\\') i++;
      else if (text.startsWith(top, i)) {
        open.pop();
        i += top.length - 1;
      } else if (top === '`' && c === '$' && text[i + 1] === '{') {
        open.push('${');
        i++;
      } else if (c === '\n' && top.length === 1 && top !== '`') return null; // a one-line string broken: no closer mends it
      continue;
    }
    if (top === '/*') {
      if (c === '*' && text[i + 1] === '/') {
        open.pop();
        i++;
      }
      continue;
    }
    const triple = text.startsWith('"""', i) ? '"""' : text.startsWith("'''", i) ? "'''" : null;
    if (triple) {
      open.push(triple);
      i += 2;
    } else if (c === '/' && text[i + 1] === '*') {
      open.push('/*');
      i++;
    } else if (c === '/' && text[i + 1] === '/') return null;
    else if (c === '(' || c === '[' || c === '{' || STRINGS.has(c)) open.push(c);
    else if (c === ')' || c === ']' || c === '}') {
      if (!top || CLOSER[top] !== c) return null;
      open.pop();
    }
  }
  return open.reverse().map((o) => CLOSER[o]).join('');
}
