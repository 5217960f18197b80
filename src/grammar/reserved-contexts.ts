// Pass 2: reserved-word contexts (before drop-metadata removes RESERVED). A keyword in the grammar's global reserved set is
// never lexed as the word token (mark-keywords.ts marks it `reserved`), except inside RESERVED(ctx, ...),
// where tree-sitter uses the context's own set instead (JavaScript `properties` is empty, so `x.default`
// and `{ default: 1 }` are fine). There, each use of the word rule becomes
//   CHOICE(word, "kw1", "kw2", ...)  for the global keywords the context does not reserve,
// so the lexer can keep reserved keywords apart and the grammar still accepts them in such places.
// Only uses of the word rule within the RESERVED subtree itself are widened (not through other rules).
import type { GrammarJson, GrammarRule } from './grammar-json';
import type { Expr, InternedGrammar } from './ir';

export function reservedWordSets(json: GrammarJson): { global: string[]; contexts: Map<string, string[]> } {
  const strings = (rules: readonly GrammarRule[]): string[] => rules.flatMap((r) => (r.type === 'STRING' ? [r.value] : []));
  const entries = Object.entries(json.reserved);
  // tree-sitter: the first set is the global one.
  return { global: entries.length ? strings(entries[0][1]) : [], contexts: new Map(entries.map(([name, rules]) => [name, strings(rules)])) };
}

export function applyReservedContexts(g: InternedGrammar, contexts: ReadonlyMap<string, readonly string[]>): InternedGrammar {
  if (g.word < 0 || g.reservedWords.length === 0) return g;
  const widen = (e: Expr, allowed: readonly string[]): Expr => {
    switch (e.kind) {
      case 'rule':
        return e.index === g.word && allowed.length
          ? { kind: 'choice', items: [e, ...allowed.map((value): Expr => ({ kind: 'string', value }))] }
          : e;
      case 'seq':
      case 'choice':
        return { kind: e.kind, items: e.items.map((x) => widen(x, allowed)) };
      case 'repeat':
        return { kind: 'repeat', min: e.min, content: widen(e.content, allowed) };
      case 'meta':
        return { ...e, content: widen(e.content, allowed) };
      default:
        return e;
    }
  };
  const visit = (e: Expr): Expr => {
    switch (e.kind) {
      case 'meta': {
        if (e.label === 'RESERVED' && e.context !== undefined) {
          const own = new Set(contexts.get(e.context) ?? []);
          return { ...e, content: widen(visit(e.content), g.reservedWords.filter((w) => !own.has(w))) };
        }
        return { ...e, content: visit(e.content) };
      }
      case 'seq':
      case 'choice':
        return { kind: e.kind, items: e.items.map(visit) };
      case 'repeat':
        return { kind: 'repeat', min: e.min, content: visit(e.content) };
      default:
        return e;
    }
  };
  return { ...g, rules: g.rules.map((r) => ({ name: r.name, body: visit(r.body) })) };
}
