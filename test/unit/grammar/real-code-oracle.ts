// Does a compiled grammar derive real code? tree-sitter tokenises a file it parses without error; each of
// its tokens is mapped to the lexemes that could stand for it; a plain Earley recogniser then decides
// whether the token sequence is a sentence of the compiled grammar. Independent of src/lexing and
// src/check: it tests the grammar lowering alone.
import { Parser, type Node } from 'web-tree-sitter';
import type { CompiledGrammar } from '../../../src/grammar/compiled';
import { regexMatches } from '../../../src/grammar/regex';
import { loadTreeSitterLanguage } from '../../../src/grammar/treesitter';

export interface RealToken {
  readonly type: string | null; // null: text between tree-sitter's visible leaves (a hidden token)
  readonly named: boolean;
  readonly text: string;
  readonly start: number;
  /** A line break between leaves that may be a hidden token (C's preprocessor lines end in one) or not. */
  readonly optional: boolean;
}

const parsers = new Map<string, Parser>();

async function parserFor(wasmPath: string): Promise<Parser> {
  let p = parsers.get(wasmPath);
  if (!p) {
    const language = await loadTreeSitterLanguage(wasmPath); // initialises web-tree-sitter first
    p = new Parser();
    p.setLanguage(language);
    parsers.set(wasmPath, p);
  }
  return p;
}

/**
 * tree-sitter's tokens of `text`, extras left out, or null if tree-sitter finds an error. A node that is
 * one lexeme of ours (e.g. a raw string rewritten as one token) counts as one token; text between leaves
 * that is not whitespace is a hidden token.
 */
export async function realTokens(wasmPath: string, text: string, g: CompiledGrammar): Promise<RealToken[] | null> {
  const tree = (await parserFor(wasmPath)).parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    if (tree.rootNode.hasError) return null;
    const lexemeNames = new Set(g.lexemes.filter((l) => !l.name.startsWith('_') && !l.name.startsWith('"')).map((l) => l.name));
    const spans: { type: string; named: boolean; start: number; end: number; extra: boolean }[] = [];
    const visit = (n: Node): void => {
      if (n.childCount === 0 || (lexemeNames.has(n.type) && n.isNamed)) {
        if (n.endIndex > n.startIndex) spans.push({ type: n.type, named: n.isNamed, start: n.startIndex, end: n.endIndex, extra: n.isExtra });
        return;
      }
      for (let i = 0; i < n.childCount; i++) visit(n.child(i)!);
    };
    visit(tree.rootNode);
    const out: RealToken[] = [];
    let at = 0;
    const extras = Array.from(g.extras, (x) => g.lexemes[x].regex);
    /** Length of an extra (a line continuation, say) at `from`, looked for within the line; 0 if none. */
    const extraAt = (between: string, from: number): number => {
      const lineEnd = between.indexOf('\n', from);
      const limit = lineEnd < 0 ? between.length : lineEnd + 1;
      for (let end = limit; end > from; end--) if (extras.some((r) => regexMatches(r, between.slice(from, end)))) return end - from;
      return 0;
    };
    const gap = (end: number): void => {
      const between = text.slice(at, end);
      let p = 0;
      let lineBreak = -1;
      while (p < between.length) {
        const ch = between[p];
        if (ch === '\n' && lineBreak < 0) lineBreak = p;
        if (/\s/.test(ch)) {
          p++;
          continue;
        }
        const skip = extraAt(between, p);
        if (skip === 0) break;
        p += skip;
      }
      const rest = between.slice(p).trimEnd();
      if (rest) out.push({ type: null, named: false, text: rest, start: at + p, optional: false });
      else if (lineBreak >= 0) {
        const crlf = lineBreak > 0 && between[lineBreak - 1] === '\r';
        out.push({ type: null, named: false, text: crlf ? '\r\n' : '\n', start: at + lineBreak - (crlf ? 1 : 0), optional: true });
      }
    };
    for (const s of spans) {
      if (s.start < at) continue; // nested inside a collapsed node
      gap(s.start);
      if (!s.extra) out.push({ type: s.type, named: s.named, text: text.slice(s.start, s.end), start: s.start, optional: false });
      at = s.end;
    }
    gap(text.length);
    return out;
  } finally {
    tree.delete();
  }
}

/**
 * The lexemes that could stand for a token: its fixed text, or a lexeme tree-sitter names like the token
 * whose regex matches it, or (hidden tokens) any lexeme whose regex matches it. A reserved keyword that
 * equals the text excludes the word lexeme, as in tree-sitter; a contextual keyword does not (tree-sitter
 * takes the keyword where the parser can use it and the word token elsewhere; both are offered).
 */
export function candidateLexemes(g: CompiledGrammar, token: RealToken): number[] {
  // An anonymous leaf's type is its fixed text (its extent may run on: C's `#if` line break spans blank lines).
  const literal = token.type !== null && !token.named ? token.type : token.text;
  const byText = g.lexemes.filter((l) => !l.extra && l.literal === literal);
  const byName =
    token.type === null
      ? []
      : g.lexemes.filter((l) => !l.extra && l.literal === null && (l.treeSitterNames ?? [l.name]).includes(token.type!) && regexMatches(l.regex, token.text));
  let found = [...new Set([...byText, ...byName])];
  if (found.length === 0 || token.type === null) found = g.lexemes.filter((l) => !l.extra && regexMatches(l.regex, token.text));
  if (found.some((l) => l.reserved)) found = found.filter((l) => l.id !== g.wordLexeme);
  return found.map((l) => l.id);
}

export interface Recognition {
  readonly accepted: boolean;
  /** Index of the first token after which no item survives (tokens.length if accepted or at the end). */
  readonly failedAt: number;
  readonly items: number;
}

/**
 * Earley recognition over sets of candidate terminals (Aycock–Horspool handling of nullable symbols); a
 * token marked optional may also be skipped.
 */
export function recognise(g: CompiledGrammar, candidates: readonly (readonly number[])[], optional: readonly boolean[] = []): Recognition {
  const n = candidates.length;
  const maxLen = Math.max(1, ...Array.from({ length: g.ruleCount }, (_, r) => g.ruleRhsStart[r + 1] - g.ruleRhsStart[r])) + 1;
  const sets: number[][] = [];
  const seen: Set<number>[] = [];
  const encode = (rule: number, dot: number, origin: number): number => (origin * g.ruleCount + rule) * maxLen + dot;
  let items = 0;
  const add = (k: number, rule: number, dot: number, origin: number): void => {
    const key = encode(rule, dot, origin);
    if (seen[k].has(key)) return;
    seen[k].add(key);
    sets[k].push(key);
    items++;
  };
  for (let k = 0; k <= n; k++) {
    sets.push([]);
    seen.push(new Set());
  }
  for (let i = g.rulesOfStart[g.startSymbol]; i < g.rulesOfStart[g.startSymbol + 1]; i++) add(0, g.rulesOf[i], 0, 0);
  for (let k = 0; k <= n; k++) {
    const set = sets[k];
    if (set.length === 0) return { accepted: false, failedAt: k - 1, items };
    const allowed = k < n ? new Set(candidates[k]) : new Set<number>();
    for (let j = 0; j < set.length; j++) {
      const key = set[j];
      const dot = key % maxLen;
      const rule = Math.floor(key / maxLen) % g.ruleCount;
      const origin = Math.floor(key / maxLen / g.ruleCount);
      const at = g.ruleRhsStart[rule] + dot;
      if (at === g.ruleRhsStart[rule + 1]) {
        // complete: advance the items of the origin set that wait for this lhs
        const lhs = g.ruleLhs[rule];
        const from = sets[origin];
        for (let m = 0; m < from.length; m++) {
          const waiting = from[m];
          const wDot = waiting % maxLen;
          const wRule = Math.floor(waiting / maxLen) % g.ruleCount;
          const wAt = g.ruleRhsStart[wRule] + wDot;
          if (wAt < g.ruleRhsStart[wRule + 1] && g.rhs[wAt] === lhs) add(k, wRule, wDot + 1, Math.floor(waiting / maxLen / g.ruleCount));
        }
        continue;
      }
      const next = g.rhs[at];
      if (next < g.terminalCount) {
        if (allowed.has(next)) add(k + 1, rule, dot + 1, origin);
      } else {
        for (let i = g.rulesOfStart[next]; i < g.rulesOfStart[next + 1]; i++) add(k, g.rulesOf[i], 0, k);
        if (g.nullable[next]) add(k, rule, dot + 1, origin);
      }
    }
    if (k < n && optional[k]) {
      for (const key of set) {
        const dot = key % maxLen;
        const rule = Math.floor(key / maxLen) % g.ruleCount;
        add(k + 1, rule, dot, Math.floor(key / maxLen / g.ruleCount));
      }
    }
  }
  const accepted = sets[n].some((key) => {
    const dot = key % maxLen;
    const rule = Math.floor(key / maxLen) % g.ruleCount;
    const origin = Math.floor(key / maxLen / g.ruleCount);
    return origin === 0 && g.ruleLhs[rule] === g.startSymbol && g.ruleRhsStart[rule] + dot === g.ruleRhsStart[rule + 1];
  });
  return { accepted, failedAt: n, items };
}
