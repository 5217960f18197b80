// The regex dialect against JavaScript's own RegExp (the oracle), on random and real grammar patterns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths';
import type { RegexNode } from '../../src/grammar/compiled';
import {
  RegexError,
  literalRegex,
  parseTreeSitterRegex,
  regexMatches,
  regexNullable,
  regexToString,
  shortestExample,
} from '../../src/grammar/regex';
import { seededRandom } from '../support/random';

// ---- deterministic randomness ----
const rng = seededRandom;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const intIn = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

// ---- the oracle: tree-sitter's reading of a pattern, written for JavaScript's RegExp with the u flag ----
// tree-sitter substitutes ASCII sets for \d \w \s (and their negations) and its `.` excludes only \n; the
// JavaScript syntax accepted without the u flag (identity escapes, literal braces) is rewritten for u mode.
// tree-sitter also reads `{m,}` as exactly m repetitions (its generator links the copies past the open
// tail). Returns null for what u mode cannot say (\D \W \S inside a class).
const SYNTAX_CHARS = '^$\\.*+?()[]{}|/';
const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;

function oracleSource(pattern: string): string | null {
  const cps = Array.from(pattern);
  let out = '';
  let inClass = false;
  const braceQuantifier = (i: number): number => {
    const m = /^\{\d+(,\d*)?\}/.exec(cps.slice(i, i + 12).join(''));
    return m ? m[0].length : 0;
  };
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c === '\\') {
      const e = cps[++i];
      const cp = e.codePointAt(0)!;
      const sets: Record<string, string> = inClass
        ? { d: '0-9', w: '0-9A-Za-z_', s: '\\t-\\r ' }
        : { d: '[0-9]', w: '[0-9A-Za-z_]', s: '[\\t-\\r ]', D: '[^0-9]', W: '[^0-9A-Za-z_]', S: '[^\\t-\\r ]' };
      if (sets[e] !== undefined) out += sets[e];
      else if (inClass && 'DWS'.includes(e)) return null;
      else if (e === 'x' && cps[i + 1] === '{') {
        const close = cps.indexOf('}', i);
        out += '\\u{' + cps.slice(i + 2, close).join('') + '}';
        i = close;
      } else if ('pPu'.includes(e) && cps[i + 1] === '{') {
        const close = cps.indexOf('}', i);
        out += '\\' + cps.slice(i, close + 1).join('');
        i = close;
      } else if ((e === 'p' || e === 'P') && cps[i + 1] !== '{') {
        out += `\\${e}{${cps[++i]}}`;
      } else if (e === 'b' && inClass) out += '\\x08';
      else if (/[A-Za-z0-9]/.test(e)) out += '\\' + e;
      else out += SYNTAX_CHARS.includes(e) && !inClass ? '\\' + e : hex(cp);
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (cps[i + 1] === '^') out += cps[++i];
      // JavaScript: `[]` is an empty class and `[^]` is everything, so `]` right after `[` closes it.
    } else if (c === '.') out += '[^\\n]';
    else if (c === '{') {
      const n = braceQuantifier(i);
      if (n) {
        out += cps.slice(i, i + n).join('').replace(/^\{(\d+),\}$/, '{$1}');
        i += n - 1;
      } else out += '\\{';
    } else if (c === '}' || c === ']') out += '\\' + c;
    else out += c;
  }
  return out;
}

function oracle(pattern: string, flags = ''): RegExp | null {
  const source = oracleSource(pattern);
  return source === null ? null : new RegExp(`^(?:${source})$`, flags.includes('i') ? 'iu' : 'u');
}

// ---- strings to try: members generated from our tree, their mutations, and strings over the pattern's alphabet ----
function randomMember(node: RegexNode, r: () => number, budget = { left: 60 }): string {
  if (budget.left-- <= 0) return '';
  switch (node.kind) {
    case 'empty':
      return '';
    case 'chars': {
      if (node.ranges.length === 0) return '';
      const i = 2 * Math.floor((r() * node.ranges.length) / 2);
      const lo = node.ranges[i];
      const hi = node.ranges[i + 1];
      const cp = r() < 0.5 ? pick(r, [lo, hi]) : intIn(r, lo, hi);
      return String.fromCodePoint(cp);
    }
    case 'seq':
      return node.items.map((it) => randomMember(it, r, budget)).join('');
    case 'alt':
      return randomMember(pick(r, node.items), r, budget);
    case 'repeat': {
      const n = intIn(r, node.min, Math.min(node.max, node.min + 3));
      let s = '';
      for (let k = 0; k < n; k++) s += randomMember(node.item, r, budget);
      return s;
    }
  }
}

const SPECIALS = ['\n', '\r', '\t', ' ', '\v', '\f', '\u00a0', '\u2028', '\ufeff', 'é', 'É', 'ſ', 'K', '中', '😀', '\\', '"', "'", '/', '*', 'a', 'Z', '0', '9', '_', '$', '-', '{', '}'];

function alphabetOf(node: RegexNode, r: () => number, out = new Set<string>(SPECIALS)): Set<string> {
  const add = (cp: number): void => {
    if (cp >= 0 && cp <= 0x10ffff) out.add(String.fromCodePoint(cp));
  };
  switch (node.kind) {
    case 'chars':
      for (let i = 0; i < node.ranges.length && i < 40; i += 2) {
        add(node.ranges[i]);
        add(node.ranges[i + 1]);
        add(node.ranges[i] - 1);
        add(node.ranges[i + 1] + 1);
        add(intIn(r, node.ranges[i], node.ranges[i + 1]));
      }
      break;
    case 'seq':
    case 'alt':
      node.items.forEach((it) => alphabetOf(it, r, out));
      break;
    case 'repeat':
      alphabetOf(node.item, r, out);
      break;
  }
  return out;
}

function mutate(s: string, alphabet: readonly string[], r: () => number): string {
  const cps = Array.from(s);
  const at = intIn(r, 0, cps.length);
  const op = intIn(r, 0, 2);
  if (op === 0) cps.splice(at, 0, pick(r, alphabet));
  else if (op === 1 && cps.length) cps.splice(Math.min(at, cps.length - 1), 1);
  else if (cps.length) cps[Math.min(at, cps.length - 1)] = pick(r, alphabet);
  return cps.join('');
}

function samples(node: RegexNode, r: () => number, count: number): string[] {
  const alphabet = [...alphabetOf(node, r)];
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const kind = k % 3;
    if (kind === 0) out.push(randomMember(node, r));
    else if (kind === 1) out.push(mutate(randomMember(node, r), alphabet, r));
    else {
      let s = '';
      const n = intIn(r, 0, 8);
      for (let j = 0; j < n; j++) s += pick(r, alphabet);
      out.push(s);
    }
  }
  return out;
}

/** Compares our reading of `pattern` with the oracle on `count` strings; returns how many were members. */
function differential(pattern: string, flags: string, r: () => number, count: number): number {
  const node = parseTreeSitterRegex(pattern, flags);
  const js = oracle(pattern, flags);
  assert.ok(js, `oracle cannot express /${pattern}/`);
  let members = 0;
  for (const s of samples(node, r, count)) {
    // Nested quantifiers make the backtracking oracle exponential in the length: keep strings short.
    if (s.length > 24) continue;
    const ours = regexMatches(node, s);
    assert.equal(ours, js.test(s), `/${pattern}/${flags} on ${JSON.stringify(s)}: ours ${ours}, JavaScript ${!ours}`);
    if (ours) members++;
  }
  return members;
}

// ---- random patterns ----
const LITERALS = ['a', 'b', 'c', 'x', '_', '-', ' ', '"', "'", 'é', '中', '😀', '\\.', '\\/', '\\*', '\\\\', '\\"', '\\n', '\\t', '\\r', '\\x41', '\\u00e9', '\\u{1F600}', '\\uD83D\\uDE00', '{', '}', ']'];
const SETS = ['.', '\\d', '\\w', '\\s', '\\D', '\\W', '\\S', '[abc]', '[^a-c]', '[a-z0-9_]', '[\\s\\d]', '[^\\n"\\\\]', '[\\u00e0-\\u00ff]', '[😀-😂]', '[-a]', '[a-]', '[]', '[^]', '[\\]\\-]', '[(){}|]', '[\\b]', '[[a]', '\\p{L}', '\\p{Lu}', '\\P{N}', '\\p{Zs}', '\\p{XID_Start}', '\\p{Script=Greek}', '\\pN', '[\\p{Ll}\\d]', '[^\\p{L}\\s]', '\\x{e9}'];
const QUANTIFIERS = ['', '', '', '*', '+', '?', '{2}', '{1,}', '{0,3}', '*?', '+?', '{2,3}?'];

let groupNames = 0;
function randomPattern(r: () => number, depth: number): string {
  const parts: string[] = [];
  const n = intIn(r, 1, 3);
  for (let i = 0; i < n; i++) {
    let atom: string;
    const choice = r();
    if (depth > 0 && choice < 0.25) {
      const group = pick(r, ['(', '(?:', `(?<g${groupNames++}>`]);
      const inner = [randomPattern(r, depth - 1)];
      if (r() < 0.5) inner.push(randomPattern(r, depth - 1));
      atom = group + inner.join('|') + ')';
    } else if (choice < 0.6) atom = pick(r, LITERALS);
    else atom = pick(r, SETS);
    // A lone `{`/`}`/`]` is a literal but cannot take a quantifier in every engine: keep it bare. A quantified
    // nullable group would make the backtracking oracle take exponential time.
    const bare = '{}]'.includes(atom) || (atom.startsWith('(') && regexNullable(parseTreeSitterRegex(atom)));
    parts.push(bare ? atom : atom + pick(r, QUANTIFIERS));
  }
  return parts.join('');
}

test('random patterns agree with JavaScript RegExp (tree-sitter reading of \\d \\w \\s and .)', () => {
  const r = rng(0x5eed);
  let checked = 0;
  let members = 0;
  for (let k = 0; k < 400; k++) {
    const pattern = r() < 0.2 ? randomPattern(r, 2) + '|' + randomPattern(r, 1) : randomPattern(r, 2);
    members += differential(pattern, '', r, 60);
    checked += 60;
  }
  // The sampler must exercise both verdicts, or the comparison proves little.
  assert.ok(members > checked / 5 && members < (checked * 4) / 5, `members ${members} of ${checked}`);
});

test('random patterns agree with JavaScript RegExp under the i flag', () => {
  const r = rng(0xcafe);
  for (let k = 0; k < 120; k++) differential(randomPattern(r, 1), 'i', r, 40);
  for (const p of ['k', 's+', '[a-z]+', '[^a-z]', '\\w', 'σ', 'ǅ', '[ä-ö]x']) differential(p, 'i', r, 60);
});

// ---- every PATTERN of the vendored grammars ----
function grammarPatterns(): Array<{ language: string; value: string; flags: string }> {
  const root = join(packageRoot(), 'grammars');
  const out: Array<{ language: string; value: string; flags: string }> = [];
  for (const language of readdirSync(root).sort()) {
    const file = join(root, language, 'grammar.json');
    if (!existsSync(file)) continue;
    const seen = new Set<string>();
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (!x || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      if (o.type === 'PATTERN' && typeof o.value === 'string') {
        const flags = typeof o.flags === 'string' ? o.flags : '';
        if (!seen.has(o.value + '/' + flags)) out.push({ language, value: o.value, flags });
        seen.add(o.value + '/' + flags);
      }
      Object.values(o).forEach(walk);
    };
    walk(JSON.parse(readFileSync(file, 'utf8')));
  }
  return out;
}

test('every PATTERN in the 8 vendored grammars parses and agrees with JavaScript RegExp', () => {
  const patterns = grammarPatterns();
  const languages = new Set(patterns.map((p) => p.language));
  assert.equal(languages.size, 8, `languages with patterns: ${[...languages].join(', ')}`);
  const r = rng(42);
  for (const { language, value, flags } of patterns) {
    try {
      differential(value, flags, r, 150);
    } catch (e) {
      throw new Error(`${language}: ${(e as Error).message}`);
    }
  }
});

// ---- one-line tables ----
test('accept/reject table', () => {
  const table: Array<[string, string, boolean]> = [
    ['a.c', 'a\rc', true], // tree-sitter's `.` takes \r (JavaScript's does not)
    ['a.c', 'a\nc', false],
    ['.', '😀', true], // one code point, two UTF-16 units
    ['\\s', '\u00a0', false], // ASCII \s as tree-sitter substitutes it
    ['\\s', '\v', true],
    ['\\w+', 'héllo', false],
    ['\\p{L}+', 'héllo', true],
    ['\\p{XID_Start}\\p{XID_Continue}*', 'ĳk_9', true],
    ['\\p{XID_Start}', '_', false],
    ['\\p{Greek}+', 'αβγ', true], // Rust's script shorthand
    ['\\p{sc=Greek}', 'a', false],
    ['a{2,3}', 'aaaa', false],
    ['a{2,}', 'aaa', false], // tree-sitter's reading: exactly 2
    ['x[0-9a-f]{2,}', 'x00', true],
    ['a{2,}b', 'aab', true],
    ['a{,2}', 'a{,2}', true], // not a quantifier: literal text
    ['x{', 'x{', true],
    ['[\\w-z]', '-', true], // a set before `-`: the dash is literal
    ['[^]', '\n', true],
    ['[]', '', false],
    ['\\uD83D\\uDE00', '😀', true],
    ['\\u{1F600}|\\x{41}', 'A', true],
    ['(?<name>a)|(?P<other>b)', 'b', true],
    ['a*?b', 'aab', true],
    ['\\cJ', '\n', true],
    ['[\\b]', '\b', true],
    ['\\"\\\'\\/', '"\'/', true],
  ];
  for (const [pattern, text, expected] of table) {
    assert.equal(regexMatches(parseTreeSitterRegex(pattern), text), expected, `/${pattern}/ on ${JSON.stringify(text)}`);
  }
});

test('anchors, lookarounds, backreferences and bad syntax are clear errors', () => {
  const table: Array<[string, RegExp]> = [
    ['^a', /anchor/],
    ['a$', /anchor/],
    ['a(?=b)', /lookahead/],
    ['(?<!b)a', /lookbehind/],
    ['(a)\\1', /backreference/],
    ['\\k<x>', /backreference/],
    ['a\\b', /word boundary/],
    ['a**', /nothing to repeat/],
    ['*a', /nothing to repeat/],
    ['{2}', /nothing to repeat/],
    ['(a', /unterminated group/],
    ['a)', /unmatched \)/],
    ['[a', /unterminated character class/],
    ['[z-a]', /out of order/],
    ['a{3,2}', /out of order/],
    ['\\p{NoSuchProperty}', /unknown Unicode property/],
    ['a{2000}', /repeat bound/],
    ['\\q', /unknown escape/],
    ['(?i)a', /inline flags/],
    ['a\\', /lone backslash/],
  ];
  for (const [pattern, message] of table) {
    assert.throws(
      () => parseTreeSitterRegex(pattern),
      (e: unknown) => e instanceof RegexError && message.test(e.message) && e.message.includes(pattern),
      `/${pattern}/ should fail with ${message}`,
    );
  }
});

test('printing gives a pattern with the same language', () => {
  const r = rng(7);
  const patterns = [...grammarPatterns().map((p) => p.value), ...Array.from({ length: 150 }, () => randomPattern(r, 2))];
  for (const pattern of patterns) {
    const node = parseTreeSitterRegex(pattern);
    const printed = regexToString(node);
    const reparsed = parseTreeSitterRegex(printed);
    for (const s of samples(node, r, 40)) {
      assert.equal(regexMatches(reparsed, s), regexMatches(node, s), `/${pattern}/ printed as /${printed}/ on ${JSON.stringify(s)}`);
    }
  }
});

test('shortest examples match and are shortest', () => {
  const table: Array<[string, string | null]> = [
    ['[a-zA-Z_]\\w*', 'a'],
    ['0[xX][0-9a-fA-F]+', '0xa'],
    ['"([^"\\\\]|\\\\.)*"', '""'],
    ['[^*]*\\*+([^/*][^*]*\\*+)*', '*'],
    ['abc|d', 'd'],
    ['x{3}', 'xxx'],
    ['[]a', null],
    ['\\r?\\n', '\n'],
  ];
  for (const [pattern, expected] of table) assert.equal(shortestExample(parseTreeSitterRegex(pattern)), expected, pattern);
  // On every grammar pattern: the example is matched, and no shorter string among many samples is.
  const r = rng(11);
  for (const { value, flags } of grammarPatterns()) {
    const node = parseTreeSitterRegex(value, flags);
    const example = shortestExample(node);
    assert.ok(example !== null, value);
    assert.ok(regexMatches(node, example), `/${value}/ example ${JSON.stringify(example)}`);
    assert.equal(regexNullable(node), example === '', value);
    const exampleLength = Array.from(example).length;
    for (const s of samples(node, r, 60)) {
      if (Array.from(s).length < exampleLength) assert.ok(!regexMatches(node, s), `/${value}/ matches shorter ${JSON.stringify(s)}`);
    }
  }
});

test('literalRegex matches exactly its text, code point by code point', () => {
  for (const text of ['while', '->', '😀x', '"', '']) {
    const node = literalRegex(text);
    assert.ok(regexMatches(node, text));
    assert.ok(!regexMatches(node, text + 'a'));
    assert.equal(shortestExample(node), text);
  }
});
