// Fixed-text lexing: every lexeme's own longest match, keywords by the word rule, UTF-16 offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileLexer } from '../../../src/lexing/dfa';
import { FixedTextLexer, lexAt, type LexEdge } from '../../../src/lexing/fixed';
import type { CompiledGrammar } from '../../../src/grammar/compiled';
import { lexemeGrammar, pick, regexMatches, rng, type LexemeSpec } from './lexemes';

function edges(grammar: CompiledGrammar, text: string, offset: number): string[] {
  return lexAt(compileLexer(grammar), grammar, text, offset).map((e) => `${grammar.lexemes[e.lexeme].name}@${e.end}`);
}

const CPP_LIKE: LexemeSpec[] = [
  { name: 'identifier', pattern: '[a-zA-Z_]\\w*' },
  { name: 'int', keyword: true },
  { name: 'in', keyword: true },
  { name: 'primitive_type', pattern: 'bool|char|int8_t', keyword: true },
  { name: '>' },
  { name: '>>' },
  { name: '>>=' },
  { name: '<' },
  { name: 'number', pattern: '\\d+(\\.\\d+)?' },
  { name: '.' },
  { name: 'whitespace', pattern: '\\s+', extra: true },
  { name: 'comment', pattern: '//[^\\n]*', extra: true },
  { name: 'string', pattern: '"([^"\\\\\\n]|\\\\.)*"' },
  { name: 'unicode_identifier', pattern: '[\\p{XID_Start}_][\\p{XID_Continue}]*' },
];

test('every lexeme keeps its own longest match: `>>` gives both `>` and `>>`', () => {
  const g = lexemeGrammar(CPP_LIKE, 'identifier');
  const text = 'vector<vector<int>> x; a >>= 1';
  assert.deepEqual(edges(g, text, text.indexOf('>>')), ['">"@18', '">>"@19']);
  assert.deepEqual(edges(g, text, text.indexOf('>>=')), ['">"@26', '">>"@27', '">>="@28']);
  assert.deepEqual(edges(g, '1.5', 0), ['number@3']);
  assert.deepEqual(edges(g, '1.x', 0), ['number@1']);
});

test('keywords only where the whole word equals them; the word edge stays', () => {
  const g = lexemeGrammar(CPP_LIKE, 'identifier');
  assert.deepEqual(edges(g, 'int x', 0), ['identifier@3', '"int"@3', 'unicode_identifier@3']);
  assert.deepEqual(edges(g, 'intx', 0), ['identifier@4', 'unicode_identifier@4']);
  assert.deepEqual(edges(g, 'in(', 0), ['identifier@2', '"in"@2', 'unicode_identifier@2']);
  assert.deepEqual(edges(g, 'int8_t*', 0), ['identifier@6', 'primitive_type@6', 'unicode_identifier@6']);
  assert.deepEqual(edges(g, 'int8', 0), ['identifier@4', 'unicode_identifier@4']);
  // Without a word rule, a keyword-flagged lexeme is just its own longest match.
  const noWord = lexemeGrammar(CPP_LIKE);
  assert.deepEqual(edges(noWord, 'intx', 0), ['identifier@4', '"int"@3', '"in"@2', 'unicode_identifier@4']);
});

test('non-ASCII text: offsets are UTF-16 units, code points are read whole', () => {
  const g = lexemeGrammar(CPP_LIKE, 'identifier');
  const text = '"héllo 😀 \\"wörld\\"" // 中文 😀\nnaïve Ωmega 😀';
  assert.deepEqual(edges(g, text, 0), [`string@${text.indexOf(' //')}`]);
  const comment = text.indexOf('//');
  assert.deepEqual(edges(g, text, comment), [`comment@${text.indexOf('\n')}`]);
  const naive = text.indexOf('naïve');
  assert.deepEqual(edges(g, text, naive), ['identifier@' + (naive + 2), `unicode_identifier@${naive + 5}`]);
  assert.deepEqual(edges(g, text, text.indexOf('Ωmega')), [`unicode_identifier@${text.indexOf('Ωmega') + 5}`]);
  assert.deepEqual(edges(g, text, text.lastIndexOf('😀')), []);
});

test('empty matches are never edges', () => {
  const g = lexemeGrammar([{ name: 'as', pattern: 'a*' }, { name: 'b' }]);
  assert.deepEqual(edges(g, 'bab', 0), ['"b"@1']);
  assert.deepEqual(edges(g, 'bab', 1), ['as@2']);
  assert.deepEqual(edges(g, 'bab', 3), []);
});

/** Brute force: per lexeme, the largest end with text[offset, end) in its language; keywords by the rule. */
function bruteForce(g: CompiledGrammar, text: string, offset: number): LexEdge[] {
  const ends: number[] = [];
  for (let e = offset + 1; e <= text.length; e++) {
    const prev = text.charCodeAt(e - 1);
    if (prev >= 0xd800 && prev <= 0xdbff) continue; // not a code point boundary
    ends.push(e);
  }
  const longest = (id: number): number => {
    let best = -1;
    for (const e of ends) if (regexMatches(g.lexemes[id].regex, text.slice(offset, e))) best = e;
    return best;
  };
  const out: LexEdge[] = [];
  const wordEnd = g.wordLexeme >= 0 ? longest(g.wordLexeme) : -1;
  for (const lexeme of g.lexemes) {
    if (lexeme.keyword && g.wordLexeme >= 0) {
      if (wordEnd > 0 && regexMatches(lexeme.regex, text.slice(offset, wordEnd))) out.push({ lexeme: lexeme.id, end: wordEnd });
      continue;
    }
    const end = longest(lexeme.id);
    if (end > 0) out.push({ lexeme: lexeme.id, end });
  }
  return out;
}

test('lexAt equals a brute-force longest match per lexeme on random texts', () => {
  const r = rng(9);
  const g = lexemeGrammar(CPP_LIKE, 'identifier');
  const noWord = lexemeGrammar(CPP_LIKE);
  const pieces = ['int', 'in', 'x', 'int8_t', 'char', '>', '>>=', '<', ' ', '\n', '1', '.', '5', '//', '"', '\\', 'é', '😀', '中', 'Ω', '_'];
  const lexer = compileLexer(g);
  for (let k = 0; k < 200; k++) {
    const text = Array.from({ length: 1 + Math.floor(r() * 10) }, () => pick(r, pieces)).join('');
    const fixed = new FixedTextLexer(lexer, g, text);
    for (let offset = 0; offset < text.length; offset++) {
      const c = text.charCodeAt(offset);
      if (c >= 0xdc00 && c <= 0xdfff) continue;
      assert.deepEqual(fixed.lexAt(offset), bruteForce(g, text, offset), `${JSON.stringify(text)} at ${offset}`);
      assert.deepEqual(lexAt(compileLexer(noWord), noWord, text, offset), bruteForce(noWord, text, offset), `no word rule: ${JSON.stringify(text)} at ${offset}`);
    }
  }
});

test('FixedTextLexer memoises by offset', () => {
  const g = lexemeGrammar(CPP_LIKE, 'identifier');
  const text = 'int main >> 2 // done';
  const fixed = new FixedTextLexer(compileLexer(g), g, text);
  const first = fixed.lexAt(4);
  const read = fixed.stats.codePointsRead;
  assert.equal(fixed.lexAt(4), first, 'same array on re-use');
  assert.equal(fixed.stats.codePointsRead, read, 'no re-scan');
  assert.equal(fixed.stats.memoHits, 1);
  assert.equal(fixed.stats.scans, 1);
  assert.deepEqual(fixed.lexAt(text.length), []);
  assert.throws(() => fixed.lexAt(text.length + 1), RangeError);
});

test('memoised runs that meet give the same edges as fresh runs, in any order of offsets', () => {
  const r = rng(21);
  const g = lexemeGrammar(
    [
      ...CPP_LIKE,
      { name: 'raw_content', pattern: '[^`]*' },
      { name: 'line', pattern: '[^\\n{}]+' },
      { name: 'template', pattern: '`[^`]*`' },
      { name: 'block_comment', pattern: '/\\*[^*]*\\*+([^/*][^*]*\\*+)*/' },
    ],
    'identifier',
  );
  const lexer = compileLexer(g);
  const pieces = ['int', ' x', '`', '/*', '*/', '*', '{', '}', '\n', '"', '\\', 'é', '😀', '>>', ' ', 'abc', '12'];
  for (let k = 0; k < 40; k++) {
    const text = Array.from({ length: 40 + Math.floor(r() * 120) }, () => pick(r, pieces)).join('');
    const fixed = new FixedTextLexer(lexer, g, text);
    const offsets = Array.from({ length: text.length }, (_, i) => i).filter((i) => !(text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff));
    if (k % 2) offsets.reverse();
    else offsets.sort(() => r() - 0.5);
    for (const offset of offsets) {
      assert.deepEqual(fixed.lexAt(offset), lexAt(lexer, g, text, offset), `${JSON.stringify(text)} at ${offset}`);
    }
    for (const offset of offsets.slice(0, 30)) assert.deepEqual(fixed.lexAt(offset), bruteForce(g, text, offset), `${JSON.stringify(text)} at ${offset} (brute force)`);
  }
});

test('a long run is read once, not once per offset', () => {
  const g = lexemeGrammar([{ name: 'raw_content', pattern: '[^`]*' }, { name: 'word', pattern: '[a-z]+' }, { name: ' ' }]);
  const text = 'abc def '.repeat(2000);
  const fixed = new FixedTextLexer(compileLexer(g), g, text);
  for (let offset = 0; offset < text.length; offset++) fixed.lexAt(offset);
  // Without the memo this would be ~n²/2 = 1.3e8 code points.
  assert.ok(fixed.stats.codePointsRead < 40 * text.length, `${fixed.stats.codePointsRead} code points read for ${text.length}`);
  assert.ok(fixed.stats.runsJoined > text.length / 2, `${fixed.stats.runsJoined} runs joined`);
  assert.deepEqual(fixed.lexAt(5), [{ lexeme: 0, end: text.length }, { lexeme: 1, end: 7 }]);
});
