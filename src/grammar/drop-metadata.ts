// Pass 2: drop PREC, PREC_LEFT, PREC_RIGHT, PREC_DYNAMIC, FIELD, ALIAS and RESERVED. They steer
// tree-sitter's parse tables and name tree nodes, but do not change which texts are in the language:
// an ALIAS of a symbol is that symbol, an ALIAS of a STRING keeps the string's text (only the node name
// changes), a RESERVED set only restricts which words the parser may take as identifiers in a context
// (the global reserved set is kept apart for the lexer: see mark-keywords.ts).
// ALIAS names of lexical things are kept aside: they are the node types tree-sitter shows for lexemes.
import type { Expr, InternedGrammar } from './ir';
import { lexicalKey } from './ir';

export function dropMetadataFromExpr(e: Expr, aliases?: Map<string, Set<string>>): Expr {
  switch (e.kind) {
    case 'meta': {
      const content = dropMetadataFromExpr(e.content, aliases);
      if (e.alias !== undefined && aliases) recordAlias(content, e.alias, aliases);
      return content;
    }
    case 'seq':
    case 'choice':
      return { kind: e.kind, items: e.items.map((x) => dropMetadataFromExpr(x, aliases)) };
    case 'repeat':
      return { kind: 'repeat', min: e.min, content: dropMetadataFromExpr(e.content, aliases) };
    case 'token':
      return { kind: 'token', immediate: e.immediate, content: dropMetadataFromExpr(e.content, aliases) };
    default:
      return e;
  }
}

/** An ALIAS names what it wraps, or each alternative of a CHOICE it wraps (`alias(choice(a, b), 'x')`). */
function recordAlias(content: Expr, alias: string, aliases: Map<string, Set<string>>): void {
  if (content.kind === 'choice') {
    for (const item of content.items) recordAlias(item, alias, aliases);
    return;
  }
  const key = lexicalKey(content);
  if (key === null) return;
  let names = aliases.get(key);
  if (!names) aliases.set(key, (names = new Set()));
  names.add(alias);
}

export function dropMetadata(g: InternedGrammar): InternedGrammar {
  const aliases = new Map<string, Set<string>>();
  const rules = g.rules.map((r) => ({ name: r.name, body: dropMetadataFromExpr(r.body, aliases) }));
  const extras = g.extras.map((e) => dropMetadataFromExpr(e, aliases));
  const aliasNames = new Map([...aliases].map(([k, v]) => [k, [...v].sort()]));
  return { ...g, rules, extras, aliasNames };
}
