// Pass 2: drop PREC, PREC_LEFT, PREC_RIGHT, PREC_DYNAMIC, FIELD, ALIAS and RESERVED. They steer
// tree-sitter's parse tables and name tree nodes, but do not change which texts are in the language:
// an ALIAS of a symbol is that symbol, an ALIAS of a STRING keeps the string's text (only the node name
// changes), a RESERVED set only restricts which words the parser may take as identifiers in a context.
import type { Expr, InternedGrammar } from './ir';

export function dropMetadataFromExpr(e: Expr): Expr {
  switch (e.kind) {
    case 'meta':
      return dropMetadataFromExpr(e.content);
    case 'seq':
    case 'choice':
      return { kind: e.kind, items: e.items.map(dropMetadataFromExpr) };
    case 'repeat':
      return { kind: 'repeat', min: e.min, content: dropMetadataFromExpr(e.content) };
    case 'token':
      return { kind: 'token', immediate: e.immediate, content: dropMetadataFromExpr(e.content) };
    default:
      return e;
  }
}

export function dropMetadata(g: InternedGrammar): InternedGrammar {
  return {
    ...g,
    rules: g.rules.map((r) => ({ name: r.name, body: dropMetadataFromExpr(r.body) })),
    extras: g.extras.map(dropMetadataFromExpr),
  };
}
