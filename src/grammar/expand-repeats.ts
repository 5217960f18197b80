// Pass 5: REPEAT and REPEAT1 become left-recursive helper nonterminals (an Earley parser completes left
// recursion in constant space per item):
//   REPEAT1(x) -> R  with  R ::= x | R x
//   REPEAT(x)  -> R  with  R ::= ε | R x
// Identical repeats share one helper, named after the first rule that uses it.
import type { Expr, NamedRule, SplitGrammar } from './ir';

export function expandRepeats(g: SplitGrammar): SplitGrammar {
  const rules: NamedRule[] = g.rules.slice();
  const ruleLexeme = g.ruleLexeme.slice();
  const helpers = new Map<string, number>();
  const counters = new Map<string, number>();

  const expand = (e: Expr, owner: string): Expr => {
    switch (e.kind) {
      case 'seq':
      case 'choice':
        return { kind: e.kind, items: e.items.map((x) => expand(x, owner)) };
      case 'repeat': {
        const item = expand(e.content, owner);
        const key = `${e.min}:${JSON.stringify(item)}`;
        let index = helpers.get(key);
        if (index === undefined) {
          const n = (counters.get(owner) ?? 0) + 1;
          counters.set(owner, n);
          index = rules.length;
          const self: Expr = { kind: 'rule', index };
          const base: Expr = e.min === 1 ? item : { kind: 'blank' };
          rules.push({ name: `${owner}_repeat${n}`, body: { kind: 'choice', items: [base, { kind: 'seq', items: [self, item] }] } });
          ruleLexeme.push(-1);
          helpers.set(key, index);
        }
        return { kind: 'rule', index };
      }
      case 'meta':
        return expand(e.content, owner);
      default:
        return e;
    }
  };

  const count = rules.length;
  for (let i = 0; i < count; i++) rules[i] = { name: rules[i].name, body: expand(rules[i].body, rules[i].name) };
  return { ...g, rules, ruleLexeme };
}
