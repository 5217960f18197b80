// tree-sitter's regex dialect → RegexNode (code points).
//
// grammar.json PATTERN values are JavaScript regex sources (grammar.js authors write /.../ literals) that
// tree-sitter's generator then reads with a Rust regex parser. We follow JavaScript syntax and tree-sitter's
// semantics where the two differ:
// - `\d \w \s` (and `\D \W \S`) are the ASCII sets tree-sitter substitutes for them: [0-9], [0-9A-Za-z_],
//   [\t-\r ] (JavaScript's \s would also take U+FEFF, U+00A0, ...).
// - `.` is every code point except \n (JavaScript's excludes \r, U+2028 and U+2029 too).
// - A `{` that does not start a valid quantifier, a lone `}` or `]` are literals (JavaScript without the u flag).
// - `[` inside a class is a literal (JavaScript), not a nested class (Rust).
// - `{m,}` matches exactly m repetitions: tree-sitter's generator builds the open tail of `{m,}` but links
//   the m copies past it, so its lexers stop after m (Go's `\x0000` lexes as the escape `\x00`). We read it
//   the same way so that our lexing agrees with the parsers built from these grammars.
// Anchors, lookarounds and backreferences cannot be expressed by a lexer DFA: they are rejected with an error.
import { HolefillError } from '../core/errors';
import type { RegexNode } from './compiled';

export const MAX_CODE_POINT = 0x10ffff;
/** Largest m or n accepted in {m,n}: the NFA expands repeats, so the bound is a size budget. */
export const MAX_REPEAT_BOUND = 1000;

/** A regex that tree-sitter's dialect cannot express, or malformed syntax. `position` counts code points. */
export class RegexError extends HolefillError {
  constructor(
    readonly pattern: string,
    readonly position: number,
    readonly problem: string,
  ) {
    super(`regex /${pattern}/ at character ${position}: ${problem}`, 'bad-grammar');
    this.name = 'RegexError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Code-point range sets: flat [lo0, hi0, lo1, hi1, ...], inclusive, sorted, disjoint, non-adjacent.

/** Sorts and merges arbitrary inclusive [lo, hi] pairs into the canonical form. */
export function normalizeRanges(pairs: readonly number[]): number[] {
  const n = pairs.length >> 1;
  if (n === 0) return [];
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (pairs[2 * i] <= pairs[2 * i + 1]) order.push(i);
  order.sort((a, b) => pairs[2 * a] - pairs[2 * b]);
  const out: number[] = [];
  for (const i of order) {
    const lo = pairs[2 * i];
    const hi = pairs[2 * i + 1];
    const last = out.length - 1;
    if (last > 0 && lo <= out[last] + 1) {
      if (hi > out[last]) out[last] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

export function unionRanges(a: readonly number[], b: readonly number[]): number[] {
  return normalizeRanges([...a, ...b]);
}

export function complementRanges(a: readonly number[]): number[] {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] > next) out.push(next, a[i] - 1);
    next = a[i + 1] + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

export function intersectRanges(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i], b[j]);
    const hi = Math.min(a[i + 1], b[j + 1]);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

export function rangesContain(ranges: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = (ranges.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[2 * mid]) hi = mid - 1;
    else if (cp > ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

export function rangesSize(ranges: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < ranges.length; i += 2) n += ranges[i + 1] - ranges[i] + 1;
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Smart constructors: flatten, drop neutral elements, keep the tree small.

export const EMPTY: RegexNode = Object.freeze({ kind: 'empty' });
/** Matches nothing at all (an empty character class). */
export const NOTHING: RegexNode = Object.freeze({ kind: 'chars', ranges: Object.freeze([]) as readonly number[] });

export function charsNode(ranges: readonly number[]): RegexNode {
  return ranges.length === 0 ? NOTHING : { kind: 'chars', ranges: normalizeRanges(ranges) };
}

export function isNothing(node: RegexNode): boolean {
  return node.kind === 'chars' && node.ranges.length === 0;
}

export function seqNode(items: readonly RegexNode[]): RegexNode {
  const flat: RegexNode[] = [];
  for (const item of items) {
    if (isNothing(item)) return NOTHING;
    if (item.kind === 'empty') continue;
    if (item.kind === 'seq') flat.push(...item.items);
    else flat.push(item);
  }
  if (flat.length === 0) return EMPTY;
  return flat.length === 1 ? flat[0] : { kind: 'seq', items: flat };
}

/** Alternatives in order; single-character alternatives are merged into one class. */
export function altNode(items: readonly RegexNode[]): RegexNode {
  const flat: RegexNode[] = [];
  let charsAt = -1;
  let mergedChars: number[] = [];
  let hasEmpty = false;
  const push = (item: RegexNode): void => {
    if (item.kind === 'alt') return item.items.forEach(push);
    if (isNothing(item)) return;
    if (item.kind === 'empty') {
      if (hasEmpty) return;
      hasEmpty = true;
    }
    if (item.kind === 'chars') {
      if (charsAt < 0) {
        charsAt = flat.length;
        flat.push(item);
      }
      mergedChars = mergedChars.concat(item.ranges);
      return;
    }
    flat.push(item);
  };
  items.forEach(push);
  if (charsAt >= 0) flat[charsAt] = charsNode(mergedChars);
  if (flat.length === 0) return NOTHING;
  return flat.length === 1 ? flat[0] : { kind: 'alt', items: flat };
}

export function repeatNode(item: RegexNode, min: number, max: number): RegexNode {
  if (max < min) throw new RangeError(`repeat {${min},${max}}: max < min`);
  if (max === 0 || item.kind === 'empty') return EMPTY;
  if (isNothing(item)) return min === 0 ? EMPTY : NOTHING;
  if (min === 1 && max === 1) return item;
  return { kind: 'repeat', item, min, max };
}

export function literalRegex(text: string): RegexNode {
  const items: RegexNode[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    items.push(charsNode([cp, cp]));
  }
  return seqNode(items);
}

// ---------------------------------------------------------------------------------------------------------
// Character sets of the dialect.

const DIGIT: readonly number[] = [0x30, 0x39];
const WORD: readonly number[] = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const SPACE: readonly number[] = [0x09, 0x0d, 0x20, 0x20];
/** `.`: every code point but \n. */
export const DOT_RANGES: readonly number[] = [0, 0x09, 0x0b, MAX_CODE_POINT];

const propertyCache = new Map<string, readonly number[] | null>();

/** Ranges of a Unicode property (any name JavaScript's `\p{...}` knows), by testing every code point once. */
export function unicodePropertyRanges(name: string): readonly number[] | null {
  const cached = propertyCache.get(name);
  if (cached !== undefined) return cached;
  let test: RegExp | null = null;
  // JavaScript's spelling first, then the Rust shorthand for a script (`\p{Greek}`).
  for (const spelling of [name, `Script=${name}`]) {
    try {
      test = new RegExp(`^\\p{${spelling}}$`, 'u');
      break;
    } catch {
      // try the next spelling
    }
  }
  let ranges: number[] | null = null;
  if (test) {
    ranges = [];
    let open = -1;
    for (let cp = 0; cp <= MAX_CODE_POINT + 1; cp++) {
      const inside = cp <= MAX_CODE_POINT && test.test(String.fromCodePoint(cp));
      if (inside && open < 0) open = cp;
      else if (!inside && open >= 0) {
        ranges.push(open, cp - 1);
        open = -1;
      }
    }
  }
  propertyCache.set(name, ranges);
  return ranges;
}

let caseClasses: Map<number, readonly number[]> | undefined;

/** Code point → every code point equal to it under simple case folding (as JavaScript's /iu compares). */
function caseEquivalents(): Map<number, readonly number[]> {
  if (caseClasses) return caseClasses;
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  const single = (s: string): number | null => {
    const cp = s.codePointAt(0)!;
    return s.length === String.fromCodePoint(cp).length ? cp : null;
  };
  for (let cp = 0; cp <= MAX_CODE_POINT; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    for (const other of [single(ch.toLowerCase()), single(ch.toUpperCase())]) {
      if (other === null || other === cp) continue;
      // Upper/lower mappings are candidates only: confirm with JavaScript's own case-insensitive match.
      if (new RegExp(`^\\u{${cp.toString(16)}}$`, 'iu').test(String.fromCodePoint(other))) union(cp, other);
    }
  }
  const members = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const root = find(cp);
    let list = members.get(root);
    if (!list) members.set(root, (list = []));
    list.push(cp);
  }
  caseClasses = new Map();
  for (const list of members.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a - b);
    for (const cp of list) caseClasses.set(cp, list);
  }
  return caseClasses;
}

/** Adds every case variant of the set's members. */
export function caseFoldRanges(ranges: readonly number[]): number[] {
  const extra: number[] = [];
  for (const [cp, variants] of caseEquivalents()) {
    if (!rangesContain(ranges, cp)) continue;
    for (const v of variants) extra.push(v, v);
  }
  return extra.length ? unionRanges(ranges, extra) : ranges.slice();
}

// ---------------------------------------------------------------------------------------------------------
// The parser: recursive descent over the pattern's code points.

const cpOf = (ch: string): number => ch.codePointAt(0)!;
const isDigitCp = (cp: number): boolean => cp >= 0x30 && cp <= 0x39;
const isHexCp = (cp: number): boolean => isDigitCp(cp) || (cp >= 0x41 && cp <= 0x46) || (cp >= 0x61 && cp <= 0x66);
const isAsciiAlnum = (cp: number): boolean => isDigitCp(cp) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);

/**
 * One element of a class or an escape: a single code point (usable as a range end) or a set. A negated
 * escape (\\D \\W \\S \\P{..}) keeps its positive set too: under /i it is the complement of the folded set,
 * as for a negated class.
 */
type ClassAtom =
  | { readonly single: number }
  | { readonly set: readonly number[]; readonly complementOf?: readonly number[] };

function negatedAtom(positive: readonly number[]): ClassAtom {
  return { set: complementRanges(positive), complementOf: positive };
}

class RegexParser {
  private readonly cps: number[];
  private pos = 0;

  constructor(
    private readonly pattern: string,
    private readonly caseInsensitive: boolean,
  ) {
    this.cps = Array.from(pattern, cpOf);
  }

  parse(): RegexNode {
    const node = this.parseAlternation();
    if (this.pos < this.cps.length) {
      // Only a `)` stops parseAlternation early.
      this.fail('unmatched )');
    }
    return node;
  }

  private fail(problem: string, at = this.pos): never {
    throw new RegexError(this.pattern, at, problem);
  }

  private peek(offset = 0): number {
    return this.pos + offset < this.cps.length ? this.cps[this.pos + offset] : -1;
  }

  private eat(ch: string): boolean {
    if (this.peek() === cpOf(ch)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private parseAlternation(): RegexNode {
    const alternatives = [this.parseSequence()];
    while (this.eat('|')) alternatives.push(this.parseSequence());
    return altNode(alternatives);
  }

  private parseSequence(): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      const cp = this.peek();
      if (cp < 0 || cp === cpOf('|') || cp === cpOf(')')) break;
      const atomStart = this.pos;
      const atom = this.parseAtom();
      items.push(this.parseQuantifiers(atom, atomStart));
    }
    return seqNode(items);
  }

  private parseQuantifiers(atom: RegexNode, atomStart: number): RegexNode {
    const bounds = this.parseQuantifier();
    if (!bounds) return atom;
    // A lazy `?` changes which match a backtracking engine reports, not the language.
    this.eat('?');
    if (this.quantifierAhead()) this.fail('nothing to repeat (two quantifiers in a row)');
    if (bounds[1] !== Infinity && bounds[1] < bounds[0]) this.fail(`{${bounds[0]},${bounds[1]}}: numbers out of order`, atomStart);
    return repeatNode(atom, bounds[0], bounds[1]);
  }

  private quantifierAhead(): boolean {
    const cp = this.peek();
    if (cp === cpOf('*') || cp === cpOf('+') || cp === cpOf('?')) return true;
    return cp === cpOf('{') && this.braceQuantifierLength() > 0;
  }

  /** Length in code points of a `{m}`, `{m,}` or `{m,n}` at pos, or 0 when the `{` is a literal. */
  private braceQuantifierLength(): number {
    let i = this.pos + 1;
    const digitsFrom = i;
    while (isDigitCp(this.cps[i] ?? -1)) i++;
    if (i === digitsFrom) return 0;
    if (this.cps[i] === cpOf(',')) {
      i++;
      while (isDigitCp(this.cps[i] ?? -1)) i++;
    }
    return this.cps[i] === cpOf('}') ? i + 1 - this.pos : 0;
  }

  private parseQuantifier(): [number, number] | null {
    if (this.eat('*')) return [0, Infinity];
    if (this.eat('+')) return [1, Infinity];
    if (this.eat('?')) return [0, 1];
    if (this.peek() !== cpOf('{')) return null;
    const length = this.braceQuantifierLength();
    if (length === 0) return null;
    const start = this.pos;
    const text = String.fromCodePoint(...this.cps.slice(this.pos + 1, this.pos + length - 1));
    this.pos += length;
    const [minText, maxText] = text.split(',');
    const min = Number(minText);
    // `{m,}` is `{m}`: see the note at the top of this file.
    const max = maxText === undefined || maxText === '' ? min : Number(maxText);
    if (min > MAX_REPEAT_BOUND || (max !== Infinity && max > MAX_REPEAT_BOUND)) {
      this.fail(`repeat bound above ${MAX_REPEAT_BOUND} (a lexer automaton expands repeats)`, start);
    }
    return [min, max];
  }

  private parseAtom(): RegexNode {
    const start = this.pos;
    const cp = this.cps[this.pos++];
    switch (String.fromCodePoint(cp)) {
      case '(':
        return this.parseGroup(start);
      case '[':
        return charsNode(this.parseClass());
      case '.':
        return charsNode(DOT_RANGES);
      case '^':
      case '$':
        return this.fail(`anchor ${String.fromCodePoint(cp)} is not supported by a lexer (tree-sitter rejects assertions too)`, start);
      case '*':
      case '+':
      case '?':
        return this.fail('nothing to repeat', start);
      case '{':
        this.pos--;
        if (this.braceQuantifierLength() > 0) this.fail('nothing to repeat', start);
        this.pos++;
        return this.chars([cp, cp]);
      case '\\': {
        const atom = this.parseEscape(false);
        return charsNode(this.atomRanges(atom));
      }
      default:
        return this.chars([cp, cp]);
    }
  }

  /** The atom's set, case variants included under /i. */
  private atomRanges(atom: ClassAtom): readonly number[] {
    if ('single' in atom) return this.caseInsensitive ? caseFoldRanges([atom.single, atom.single]) : [atom.single, atom.single];
    if (!this.caseInsensitive) return atom.set;
    return atom.complementOf ? complementRanges(caseFoldRanges(atom.complementOf)) : caseFoldRanges(atom.set);
  }

  private chars(ranges: readonly number[]): RegexNode {
    return charsNode(this.caseInsensitive ? caseFoldRanges(normalizeRanges(ranges)) : ranges);
  }

  private parseGroup(start: number): RegexNode {
    if (this.eat('?')) {
      if (this.eat(':')) {
        // non-capturing
      } else if (this.peek() === cpOf('=') || this.peek() === cpOf('!')) {
        this.fail('lookahead is not supported by a lexer', start);
      } else if (this.peek() === cpOf('<') && (this.peek(1) === cpOf('=') || this.peek(1) === cpOf('!'))) {
        this.fail('lookbehind is not supported by a lexer', start);
      } else if (this.eat('<') || (this.eat('P') && this.eat('<'))) {
        this.skipGroupName(start);
      } else {
        this.fail('inline flags and other (?...) groups are not supported', start);
      }
    }
    const inner = this.parseAlternation();
    if (!this.eat(')')) this.fail('unterminated group (missing ")")', start);
    return inner;
  }

  private skipGroupName(start: number): void {
    const nameStart = this.pos;
    while (this.pos < this.cps.length && this.peek() !== cpOf('>')) this.pos++;
    if (!this.eat('>') || this.pos - 1 === nameStart) this.fail('bad group name', start);
  }

  /** After `[`: the class's set, case variants included under /i. */
  private parseClass(): readonly number[] {
    const start = this.pos - 1;
    const negated = this.eat('^');
    const pairs: number[] = [];
    for (;;) {
      if (this.pos >= this.cps.length) this.fail('unterminated character class (missing "]")', start);
      if (this.eat(']')) break;
      const first = this.parseClassAtom();
      if (this.peek() === cpOf('-') && this.peek(1) !== cpOf(']') && this.peek(1) !== -1) {
        const dashAt = this.pos;
        this.pos++;
        const last = this.parseClassAtom();
        if ('single' in first && 'single' in last) {
          if (first.single > last.single) this.fail('character range out of order', dashAt);
          const range = [first.single, last.single];
          pairs.push(...(this.caseInsensitive ? caseFoldRanges(range) : range));
          continue;
        }
        // A set at either end: JavaScript reads the `-` as a literal.
        pairs.push(...this.atomRanges({ single: cpOf('-') }), ...this.atomRanges(first), ...this.atomRanges(last));
        continue;
      }
      pairs.push(...this.atomRanges(first));
    }
    // Every part is closed under case folding already, so the complement is too ([^a] under /i excludes A).
    const ranges = normalizeRanges(pairs);
    return negated ? complementRanges(ranges) : ranges;
  }

  private parseClassAtom(): ClassAtom {
    const cp = this.cps[this.pos++];
    if (cp === cpOf('\\')) return this.parseEscape(true);
    return { single: cp };
  }

  /** After `\`. */
  private parseEscape(inClass: boolean): ClassAtom {
    const start = this.pos - 1;
    if (this.pos >= this.cps.length) this.fail('pattern ends with a lone backslash', start);
    const cp = this.cps[this.pos++];
    const ch = String.fromCodePoint(cp);
    switch (ch) {
      case 'd':
        return { set: DIGIT };
      case 'D':
        return negatedAtom(DIGIT);
      case 'w':
        return { set: WORD };
      case 'W':
        return negatedAtom(WORD);
      case 's':
        return { set: SPACE };
      case 'S':
        return negatedAtom(SPACE);
      case 'n':
        return { single: 0x0a };
      case 'r':
        return { single: 0x0d };
      case 't':
        return { single: 0x09 };
      case 'f':
        return { single: 0x0c };
      case 'v':
        return { single: 0x0b };
      case '0':
        if (isDigitCp(this.peek())) this.fail('octal escapes are not supported', start);
        return { single: 0 };
      case 'b':
        if (inClass) return { single: 0x08 };
        return this.fail('word boundary \\b is not supported by a lexer', start);
      case 'B':
        return this.fail('\\B (not a word boundary) is not supported by a lexer', start);
      case 'x':
        return { single: this.parseHexEscape(start, 2) };
      case 'u':
        return { single: this.parseUnicodeEscape(start) };
      case 'c': {
        const letter = this.peek();
        if ((letter >= 0x41 && letter <= 0x5a) || (letter >= 0x61 && letter <= 0x7a)) {
          this.pos++;
          return { single: letter % 32 };
        }
        return this.fail('\\c must be followed by a letter', start);
      }
      case 'p':
        return { set: this.parseProperty(start) };
      case 'P':
        return negatedAtom(this.parseProperty(start));
      case 'k':
        return this.fail('backreferences are not supported by a lexer', start);
      default:
        if (isDigitCp(cp)) this.fail('backreferences are not supported by a lexer', start);
        if (isAsciiAlnum(cp)) this.fail(`unknown escape \\${ch}`, start);
        // Escaped punctuation (and any other character) stands for itself.
        return { single: cp };
    }
  }

  /** `\xHH` or the Rust form `\x{H...}`. */
  private parseHexEscape(start: number, digits: number): number {
    if (this.eat('{')) return this.parseBracedHex(start);
    let value = 0;
    for (let i = 0; i < digits; i++) {
      const cp = this.peek();
      if (!isHexCp(cp)) this.fail(`\\x needs ${digits} hex digits`, start);
      value = value * 16 + parseInt(String.fromCodePoint(cp), 16);
      this.pos++;
    }
    return value;
  }

  private parseBracedHex(start: number): number {
    let text = '';
    while (isHexCp(this.peek())) text += String.fromCodePoint(this.cps[this.pos++]);
    if (!text || !this.eat('}')) this.fail('bad braced hex escape', start);
    const value = parseInt(text, 16);
    if (value > MAX_CODE_POINT) this.fail('code point above U+10FFFF', start);
    return value;
  }

  /** `\uHHHH` (a surrogate pair of two such escapes is one code point) or `\u{H...}`. */
  private parseUnicodeEscape(start: number): number {
    if (this.eat('{')) return this.parseBracedHex(start);
    const value = this.parseHexEscape(start, 4);
    if (value >= 0xd800 && value <= 0xdbff && this.peek() === cpOf('\\') && this.peek(1) === cpOf('u')) {
      const save = this.pos;
      this.pos += 2;
      if ([0, 1, 2, 3].every((i) => isHexCp(this.peek(i)))) {
        const low = this.parseHexEscape(start, 4);
        if (low >= 0xdc00 && low <= 0xdfff) return 0x10000 + ((value - 0xd800) << 10) + (low - 0xdc00);
      }
      this.pos = save;
    }
    return value;
  }

  /** `\p{Name}`, `\p{Name=Value}`, or the one-letter form `\pL`. */
  private parseProperty(start: number): readonly number[] {
    let name: string;
    if (this.eat('{')) {
      name = '';
      while (this.pos < this.cps.length && this.peek() !== cpOf('}')) name += String.fromCodePoint(this.cps[this.pos++]);
      if (!this.eat('}')) this.fail('unterminated \\p{...}', start);
    } else {
      if (this.pos >= this.cps.length) this.fail('\\p needs a property name', start);
      name = String.fromCodePoint(this.cps[this.pos++]);
    }
    const ranges = unicodePropertyRanges(name.trim());
    if (!ranges) this.fail(`unknown Unicode property ${name}`, start);
    return ranges;
  }
}

/**
 * Parses a grammar.json PATTERN. `flags` is the PATTERN's `flags` member; only `i` changes the language
 * (case-insensitive); other flags (`u`, `s`, `g`, ...) are accepted and ignored since tree-sitter's
 * semantics for `.` and classes already apply.
 */
export function parseTreeSitterRegex(pattern: string, flags = ''): RegexNode {
  return new RegexParser(pattern, flags.includes('i')).parse();
}

// ---------------------------------------------------------------------------------------------------------
// Printing and examples.

const PRINTABLE_SPECIAL = new Set(Array.from('\\^$.|?*+()[]{}/-', cpOf));

function printCodePoint(cp: number, inClass: boolean): string {
  switch (cp) {
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
    case 0x0c:
      return '\\f';
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp >= 0x80 && (cp > 0xffff || !/\p{L}|\p{N}|\p{P}|\p{S}/u.test(String.fromCodePoint(cp)))) {
    return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  if (PRINTABLE_SPECIAL.has(cp) && (!inClass || '\\]^-['.includes(String.fromCodePoint(cp)))) return '\\' + String.fromCodePoint(cp);
  return String.fromCodePoint(cp);
}

function printClassBody(ranges: readonly number[]): string {
  let out = '';
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i];
    const hi = ranges[i + 1];
    out += printCodePoint(lo, true);
    if (hi === lo + 1) out += printCodePoint(hi, true);
    else if (hi > lo) out += '-' + printCodePoint(hi, true);
  }
  return out;
}

function printChars(ranges: readonly number[]): string {
  if (ranges.length === 0) return '[]';
  if (ranges.length === 2 && ranges[0] === ranges[1]) return printCodePoint(ranges[0], false);
  if (ranges.length === DOT_RANGES.length && ranges.every((v, i) => v === DOT_RANGES[i])) return '.';
  const complement = complementRanges(ranges);
  return complement.length < ranges.length ? `[^${printClassBody(complement)}]` : `[${printClassBody(ranges)}]`;
}

function isAtomic(node: RegexNode): boolean {
  return node.kind === 'chars' || node.kind === 'empty';
}

/** A readable regex in the dialect's own syntax (parses back to the same language). */
export function regexToString(node: RegexNode): string {
  switch (node.kind) {
    case 'empty':
      return '()';
    case 'chars':
      return printChars(node.ranges);
    case 'seq':
      return node.items.map((item) => (item.kind === 'alt' ? `(?:${regexToString(item)})` : regexToString(item))).join('');
    case 'alt':
      return node.items.map(regexToString).join('|');
    case 'repeat': {
      const inner = isAtomic(node.item) ? regexToString(node.item) : `(?:${regexToString(node.item)})`;
      const { min, max } = node;
      if (min === 0 && max === Infinity) return inner + '*';
      if (min === 1 && max === Infinity) return inner + '+';
      if (min === 0 && max === 1) return inner + '?';
      // Not `{m,}`, which this dialect reads as exactly m.
      if (max === Infinity) return `${inner}{${min}}${inner}*`;
      return min === max ? `${inner}{${min}}` : `${inner}{${min},${max}}`;
    }
  }
}

/** The most readable member of a set: a letter, a digit, punctuation, a space, then anything. */
export function representativeCodePoint(ranges: readonly number[]): number | null {
  if (ranges.length === 0) return null;
  const preferred = [cpOf('a'), cpOf('x'), cpOf('0'), cpOf('1'), cpOf('A'), cpOf('_')];
  for (const cp of preferred) if (rangesContain(ranges, cp)) return cp;
  const firstIn = (lo: number, hi: number): number | null => {
    const inside = intersectRanges(ranges, [lo, hi]);
    return inside.length ? inside[0] : null;
  };
  return (
    firstIn(0x61, 0x7a) ??
    firstIn(0x30, 0x39) ??
    firstIn(0x41, 0x5a) ??
    firstIn(0x21, 0x7e) ??
    firstIn(0x20, 0x20) ??
    firstIn(0x0a, 0x0a) ??
    firstIn(0x09, 0x09) ??
    firstIn(0xa1, MAX_CODE_POINT) ??
    ranges[0]
  );
}

/** A shortest string the regex matches (in code points), readable where there is a choice; null if none. */
export function shortestExample(node: RegexNode): string | null {
  switch (node.kind) {
    case 'empty':
      return '';
    case 'chars': {
      const cp = representativeCodePoint(node.ranges);
      return cp === null ? null : String.fromCodePoint(cp);
    }
    case 'seq': {
      let out = '';
      for (const item of node.items) {
        const part = shortestExample(item);
        if (part === null) return null;
        out += part;
      }
      return out;
    }
    case 'alt': {
      let best: string | null = null;
      for (const item of node.items) {
        const part = shortestExample(item);
        if (part !== null && (best === null || codePointLength(part) < codePointLength(best))) best = part;
      }
      return best;
    }
    case 'repeat': {
      if (node.min === 0) return '';
      const part = shortestExample(node.item);
      return part === null ? null : part.repeat(node.min);
    }
  }
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff || i + 1 === s.length) n++;
  }
  return n;
}

/** Whether the regex matches the empty string. */
export function regexNullable(node: RegexNode): boolean {
  switch (node.kind) {
    case 'empty':
      return true;
    case 'chars':
      return false;
    case 'seq':
      return node.items.every(regexNullable);
    case 'alt':
      return node.items.some(regexNullable);
    case 'repeat':
      return node.min === 0 || regexNullable(node.item);
  }
}

/**
 * Reference matcher straight from the tree (sets of end positions; no automaton): for tests and debugging,
 * quadratic or worse, keep inputs short.
 */
export function regexMatches(node: RegexNode, text: string): boolean {
  const cps = Array.from(text, cpOf);
  return endsFrom(node, cps, new Set([0])).has(cps.length);
}

function endsFrom(node: RegexNode, cps: readonly number[], starts: ReadonlySet<number>): Set<number> {
  switch (node.kind) {
    case 'empty':
      return new Set(starts);
    case 'chars': {
      const out = new Set<number>();
      for (const i of starts) if (i < cps.length && rangesContain(node.ranges, cps[i])) out.add(i + 1);
      return out;
    }
    case 'seq': {
      let current: ReadonlySet<number> = starts;
      for (const item of node.items) current = endsFrom(item, cps, current);
      return new Set(current);
    }
    case 'alt': {
      const out = new Set<number>();
      for (const item of node.items) for (const j of endsFrom(item, cps, starts)) out.add(j);
      return out;
    }
    case 'repeat': {
      const out = new Set<number>(node.min === 0 ? starts : []);
      let frontier: ReadonlySet<number> = starts;
      for (let count = 1; count <= node.max && frontier.size > 0; count++) {
        const next = endsFrom(node.item, cps, frontier);
        const fresh = new Set<number>();
        for (const j of next) {
          if (count >= node.min) {
            if (!out.has(j)) fresh.add(j);
            out.add(j);
          } else fresh.add(j);
        }
        // Past min, only positions never seen can lead anywhere new.
        frontier = count >= node.min ? fresh : next;
        if (count > cps.length + node.min + 1) break;
      }
      return out;
    }
  }
}
