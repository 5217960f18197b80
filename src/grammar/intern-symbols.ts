// Pass 1: resolve names. Applies the language's rule rewrites (externals.ts), gives every rule an index,
// attaches a policy to every external token and turns grammar.json rules into Expr trees whose SYMBOLs are
// indices. As in tree-sitter, a name is a rule first and an external token second.
import { HolefillError } from '../core/errors';
import type { ExternalTokenPolicy } from './compiled';
import { UNKNOWN_EXTERNAL_POLICY, languageLowering, type ExternalPolicySpec } from './externals';
import type { GrammarJson, GrammarRule } from './grammar-json';
import type { Expr, ExternalToken, InternedGrammar, NamedRule } from './ir';
import { parseTreeSitterRegex } from './regex';
import { reservedWordSets } from './reserved-contexts';

export function internSymbols(grammar: GrammarJson): InternedGrammar {
  const lowering = languageLowering(grammar.name);
  const ruleList: [string, GrammarRule][] = grammar.rules.map(([n, r]) => [n, r]);
  const overridden = new Set<string>();
  // A group of rewrites applies to a grammar that has one of its rules and every rule it refers to.
  const upstream = new Set([...ruleList.map(([n]) => n), ...grammar.externals.flatMap((e) => (e.type === 'SYMBOL' ? [e.name] : []))]);
  for (const group of lowering?.ruleOverrides ?? []) {
    const names = Object.keys(group);
    const refersTo = Object.values(group).flatMap((o) => symbolNames(o.rule));
    if (!names.some((n) => ruleList.some(([r]) => r === n)) || !refersTo.every((n) => upstream.has(n) || n in group)) continue;
    for (const [name, override] of Object.entries(group)) {
      const at = ruleList.findIndex(([n]) => n === name);
      if (at >= 0) ruleList[at] = [name, override.rule];
      else ruleList.push([name, override.rule]);
      overridden.add(name);
    }
  }

  // Literals whose closing delimiter follows their content directly (LanguageLowering.closedLiterals).
  for (const name of lowering?.closedLiterals ?? []) {
    const at = ruleList.findIndex(([n]) => n === name);
    if (at >= 0) ruleList[at] = [name, withImmediateClose(ruleList[at][1])];
  }

  const ruleIndex = new Map<string, number>();
  ruleList.forEach(([name], i) => ruleIndex.set(name, i));

  const externals: ExternalToken[] = grammar.externals.map((e, i) => {
    if (e.type === 'STRING') {
      const policy: ExternalTokenPolicy = { name: e.value, policy: 'regular', exact: true, note: `the string \`${e.value}\` itself` };
      return { name: e.value, stringValue: e.value, ruleIndex: -1, policy, regex: null };
    }
    if (e.type !== 'SYMBOL') throw new HolefillError(`${grammar.file}: externals[${i}] must be a SYMBOL or a STRING`, 'bad-grammar');
    const index = ruleIndex.get(e.name) ?? -1;
    const spec: ExternalPolicySpec = lowering?.externals[e.name] ?? UNKNOWN_EXTERNAL_POLICY;
    if (index >= 0) {
      const note = lowering?.externals[e.name]?.note ?? 'defined by the grammar rule of the same name';
      return { name: e.name, stringValue: null, ruleIndex: index, policy: { name: e.name, policy: 'regular', exact: true, note }, regex: null };
    }
    const policy: ExternalTokenPolicy = { name: e.name, policy: spec.policy, exact: spec.exact, note: spec.note, ...(spec.atEndOfInput ? { atEndOfInput: true } : {}), ...(spec.zeroWidthBefore ? { zeroWidthBefore: spec.zeroWidthBefore } : {}) };
    let regex = null;
    if (spec.policy === 'regular') {
      if (!spec.pattern) {
        throw new HolefillError(`${grammar.file}: external token "${e.name}" has policy 'regular' but no pattern (externals.ts)`, 'bad-grammar');
      }
      try {
        regex = parseTreeSitterRegex(spec.pattern);
      } catch (err) {
        throw new HolefillError(`${grammar.file}: external token "${e.name}": policy regex: ${(err as Error).message}`, 'bad-grammar');
      }
    }
    return { name: e.name, stringValue: null, ruleIndex: -1, policy, regex };
  });
  const externalIndex = new Map<string, number>();
  externals.forEach((e, i) => {
    if (e.stringValue === null) externalIndex.set(e.name, i);
  });

  const convert = (rule: GrammarRule, where: string): Expr => {
    switch (rule.type) {
      case 'BLANK':
        return { kind: 'blank' };
      case 'STRING':
        return { kind: 'string', value: rule.value };
      case 'PATTERN':
        return { kind: 'pattern', value: rule.value, flags: rule.flags ?? '' };
      case 'SYMBOL': {
        const r = ruleIndex.get(rule.name);
        if (r !== undefined) return { kind: 'rule', index: r };
        const x = externalIndex.get(rule.name);
        if (x !== undefined) return { kind: 'external', index: x };
        throw new HolefillError(`${grammar.file}: ${where}: reference to undefined symbol "${rule.name}"`, 'bad-grammar');
      }
      case 'SEQ':
        return { kind: 'seq', items: rule.members.map((m) => convert(m, where)) };
      case 'CHOICE':
        return { kind: 'choice', items: rule.members.map((m) => convert(m, where)) };
      case 'REPEAT':
        return { kind: 'repeat', min: 0, content: convert(rule.content, where) };
      case 'REPEAT1':
        return { kind: 'repeat', min: 1, content: convert(rule.content, where) };
      case 'TOKEN':
        return { kind: 'token', immediate: false, content: convert(rule.content, where) };
      case 'IMMEDIATE_TOKEN':
        return { kind: 'token', immediate: true, content: convert(rule.content, where) };
      case 'ALIAS':
        return { kind: 'meta', label: rule.type, alias: rule.value, content: convert(rule.content, where) };
      case 'RESERVED':
        return { kind: 'meta', label: rule.type, context: rule.context_name, content: convert(rule.content, where) };
      case 'FIELD':
      case 'PREC':
      case 'PREC_LEFT':
      case 'PREC_RIGHT':
      case 'PREC_DYNAMIC':
        return { kind: 'meta', label: rule.type, content: convert(rule.content, where) };
    }
  };

  const rules: NamedRule[] = ruleList.map(([name, body]) => ({
    name,
    body: convert(body, overridden.has(name) ? `rule "${name}" (Holefill's rewrite)` : `rule "${name}"`),
  }));
  const extras = grammar.extras.map((e, i) => convert(e, `extras[${i}]`));
  const inline = grammar.inline.flatMap((n) => {
    const i = ruleIndex.get(n);
    return i === undefined ? [] : [i];
  });
  const word = grammar.word === null ? -1 : (ruleIndex.get(grammar.word) ?? -1);
  const reservedWords = reservedWordSets(grammar).global;
  return { language: grammar.name, file: grammar.file, rules, externals, extras, inline, word, aliasNames: new Map(), reservedWords };
}

/** The SYMBOL names a rule refers to. */
function symbolNames(rule: GrammarRule): string[] {
  switch (rule.type) {
    case 'SYMBOL':
      return [rule.name];
    case 'SEQ':
    case 'CHOICE':
      return rule.members.flatMap(symbolNames);
    case 'BLANK':
    case 'STRING':
    case 'PATTERN':
      return [];
    default:
      return 'content' in rule ? symbolNames(rule.content) : [];
  }
}

/** `rule` with the closing STRING of each of its sequences (one, or the alternatives of a CHOICE) an IMMEDIATE_TOKEN. */
function withImmediateClose(rule: GrammarRule): GrammarRule {
  if (rule.type === 'CHOICE') return { ...rule, members: rule.members.map(withImmediateClose) };
  if (rule.type !== 'SEQ' || rule.members.length < 2) return rule;
  const last = rule.members[rule.members.length - 1];
  if (last.type !== 'STRING') return rule;
  return { ...rule, members: [...rule.members.slice(0, -1), { type: 'IMMEDIATE_TOKEN', content: last }] };
}
