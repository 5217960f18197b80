// Pass 4: keywords. With a `word` rule (the identifier token), a lexeme is a keyword when its language is
// a small finite set of words that the word rule matches entirely: a STRING such as "while", or a token
// such as C++'s `true` = TRUE|true. The lexer takes a keyword only where a whole identifier-shaped word
// equals it, so `intx` is one identifier and never `int` `x`. A keyword listed in the grammar's global
// `reserved` set is marked reserved: tree-sitter never lexes it as the word token; other keywords are
// contextual (the word token where the parser has no use for the keyword).
import type { RegexNode } from './compiled';
import type { SplitGrammar } from './ir';
import { regexMatches } from './regex';

/** A keyword lexeme may stand for at most this many words. */
export const MAX_KEYWORD_WORDS = 64;

export function markKeywords(g: SplitGrammar): SplitGrammar {
  if (g.wordLexeme < 0) return g;
  const word = g.lexemes[g.wordLexeme].regex;
  const reserved = new Set(g.reservedWords);
  g.lexemes.forEach((lexeme, id) => {
    if (lexeme.extra || id === g.wordLexeme) return;
    const words = lexeme.literal !== null ? [lexeme.literal] : finiteWords(lexeme.regex, MAX_KEYWORD_WORDS);
    lexeme.keyword = words !== null && words.length > 0 && words.every((w) => w !== '' && regexMatches(word, w));
    lexeme.reserved = lexeme.keyword && words!.every((w) => reserved.has(w));
  });
  return g;
}

/** Every word of the regex, or null if there are more than `limit` (or infinitely many). */
export function finiteWords(node: RegexNode, limit: number): string[] | null {
  switch (node.kind) {
    case 'empty':
      return [''];
    case 'chars': {
      const out: string[] = [];
      for (let i = 0; i < node.ranges.length; i += 2) {
        if (out.length + node.ranges[i + 1] - node.ranges[i] + 1 > limit) return null;
        for (let cp = node.ranges[i]; cp <= node.ranges[i + 1]; cp++) out.push(String.fromCodePoint(cp));
      }
      return out;
    }
    case 'seq': {
      let out: string[] = [''];
      for (const item of node.items) {
        const words = finiteWords(item, limit);
        if (words === null || out.length * words.length > limit) return null;
        out = out.flatMap((prefix) => words.map((w) => prefix + w));
      }
      return [...new Set(out)];
    }
    case 'alt': {
      const out = new Set<string>();
      for (const item of node.items) {
        const words = finiteWords(item, limit);
        if (words === null) return null;
        for (const w of words) out.add(w);
        if (out.size > limit) return null;
      }
      return [...out];
    }
    case 'repeat': {
      if (node.max === Infinity) return null;
      const alternatives: RegexNode[] = [];
      for (let k = node.min; k <= node.max; k++) alternatives.push({ kind: 'seq', items: new Array<RegexNode>(k).fill(node.item) });
      return finiteWords({ kind: 'alt', items: alternatives }, limit);
    }
  }
}
