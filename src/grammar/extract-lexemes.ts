// Pass 3: separate the lexical grammar from the syntax grammar.
// - Every STRING, PATTERN, TOKEN and IMMEDIATE_TOKEN in a syntax rule becomes a lexeme (its content tree
//   converted to one RegexNode); identical ones share a lexeme.
// - A rule whose body is a TOKEN, IMMEDIATE_TOKEN or PATTERN is a named lexeme. (A rule whose body is one
//   STRING stays a syntax rule deriving that string's shared lexeme: same language, one lexeme.)
// - External tokens become what their policy says: a lexeme, the empty string, or nothing.
// - Extras become lexemes flagged `extra`; an extra that is a syntax rule (Rust's line_comment) is lowered to
//   ONE lexeme by flattening its non-recursive rule tree, externals inside replaced by their policy regex.
// - A lexeme whose regex matches the empty string keeps only its non-empty words, and its uses in syntax
//   become optional (an external such as C++ raw_string_content may be empty).
import { HolefillError } from '../core/errors';
import type { LexemeSource, RegexNode } from './compiled';
import type { Expr, InternedGrammar, LexemeDraft, NamedRule, SplitGrammar } from './ir';
import {
  EMPTY,
  NOTHING,
  altNode,
  isNothing,
  literalRegex,
  parseTreeSitterRegex,
  regexNullable,
  repeatNode,
  seqNode,
  shortestExample,
} from './regex';

/** The words of `r` except the empty one. */
export function withoutEmptyWord(r: RegexNode): RegexNode {
  if (!regexNullable(r)) return r;
  switch (r.kind) {
    case 'empty':
      return NOTHING;
    case 'chars':
      return r;
    case 'alt':
      return altNode(r.items.map(withoutEmptyWord));
    case 'repeat':
      return repeatNode(withoutEmptyWord(r.item), 1, r.max);
    case 'seq': {
      // Every item is nullable: (a rest) \ ε = a' rest | rest \ ε
      const [first, ...rest] = r.items;
      const tail = seqNode(rest);
      return altNode([seqNode([withoutEmptyWord(first), tail]), withoutEmptyWord(tail)]);
    }
  }
}

interface LexemeEntry {
  readonly id: number;
  /** The lexeme matched the empty string before withoutEmptyWord: its uses are optional. */
  readonly optional: boolean;
  /** Its language including the empty word, for lowering rules that contain it. */
  readonly fullRegex: RegexNode;
}

class LexemeTable {
  readonly lexemes: LexemeDraft[] = [];
  private readonly entries: LexemeEntry[] = [];
  private readonly byKey = new Map<string, number>();

  get(key: string): LexemeEntry | undefined {
    const id = this.byKey.get(key);
    return id === undefined ? undefined : this.entries[id];
  }

  entry(id: number): LexemeEntry {
    return this.entries[id];
  }

  add(
    key: string,
    draft: { name: string; source: LexemeSource; regex: RegexNode; immediate: boolean; extra: boolean; literal: string | null; treeSitterNames: string[]; atEndOfInput?: boolean; zeroWidthBefore?: string },
  ): LexemeEntry {
    const existing = this.get(key);
    if (existing) return existing;
    const id = this.lexemes.length;
    const regex = withoutEmptyWord(draft.regex);
    const example = draft.literal ?? shortestExample(regex) ?? '';
    this.lexemes.push({ ...draft, regex, keyword: false, reserved: false, example });
    const entry = { id, optional: regexNullable(draft.regex), fullRegex: draft.regex };
    this.entries.push(entry);
    this.byKey.set(key, id);
    return entry;
  }
}

export function extractLexemes(g: InternedGrammar): SplitGrammar {
  const table = new LexemeTable();
  const ruleLexeme = new Array<number>(g.rules.length).fill(-1);
  const start = 0;
  const fail = (where: string, what: string): never => {
    throw new HolefillError(`${g.file}: ${where}: ${what}`, 'bad-grammar');
  };

  const parsePattern = (value: string, flags: string, where: string): RegexNode => {
    try {
      return parseTreeSitterRegex(value, flags);
    } catch (e) {
      return fail(where, (e as Error).message);
    }
  };

  /** A rule tree as one regex: symbols are expanded in place (they must not recurse). */
  const toRegex = (e: Expr, where: string, expanding: number[]): RegexNode => {
    switch (e.kind) {
      case 'blank':
        return EMPTY;
      case 'nothing':
        return NOTHING;
      case 'string':
        return literalRegex(e.value);
      case 'pattern':
        return parsePattern(e.value, e.flags, where);
      case 'token':
        return toRegex(e.content, where, expanding);
      case 'seq':
        return seqNode(e.items.map((x) => toRegex(x, where, expanding)));
      case 'choice':
        return altNode(e.items.map((x) => toRegex(x, where, expanding)));
      case 'repeat':
        return repeatNode(toRegex(e.content, where, expanding), e.min, Infinity);
      case 'rule': {
        const lexeme = ruleLexeme[e.index];
        if (lexeme >= 0) return table.entry(lexeme).fullRegex;
        if (expanding.includes(e.index)) {
          const cycle = [...expanding.slice(expanding.indexOf(e.index)), e.index].map((i) => g.rules[i].name).join(' -> ');
          return fail(where, `recursive rules cannot be lowered to one lexeme (${cycle})`);
        }
        return toRegex(g.rules[e.index].body, where, [...expanding, e.index]);
      }
      case 'external': {
        const x = g.externals[e.index];
        if (x.stringValue !== null) return literalRegex(x.stringValue);
        if (x.ruleIndex >= 0) return toRegex({ kind: 'rule', index: x.ruleIndex }, where, expanding);
        if (x.policy.policy === 'empty') return EMPTY;
        if (x.policy.policy === 'never') return NOTHING;
        return x.regex!;
      }
      case 'terminal':
        return table.entry(e.id).fullRegex;
      case 'meta':
        return toRegex(e.content, where, expanding);
    }
  };

  /** The node types tree-sitter shows for a lexical thing: `own` (if visible as such) and its ALIAS names. */
  const namesOf = (key: string | null, own: string | null): string[] => {
    const names = new Set<string>(own === null ? [] : [own]);
    for (const n of (key !== null && g.aliasNames.get(key)) || []) names.add(n);
    return [...names];
  };

  const stringLexeme = (value: string, immediate: boolean, extra: boolean): LexemeEntry =>
    table.add(`${extra ? 'x' : ''}${immediate ? 'is' : 's'}:${value}`, {
      name: JSON.stringify(value),
      source: 'string',
      regex: literalRegex(value),
      immediate,
      extra,
      literal: value,
      treeSitterNames: namesOf(`str:${value}`, value),
    });

  const anonymousCounter = new Map<string, number>();
  const anonymousName = (owner: string): string => {
    const n = (anonymousCounter.get(owner) ?? 0) + 1;
    anonymousCounter.set(owner, n);
    return `${owner}_token${n}`;
  };

  /** A TOKEN / IMMEDIATE_TOKEN / PATTERN met inside a rule (or in extras). */
  const anonymousLexeme = (e: Expr, immediate: boolean, owner: string, extra: boolean, where: string): LexemeEntry => {
    let content = e;
    while (content.kind === 'token') content = content.content;
    if (content.kind === 'string') return stringLexeme(content.value, immediate, extra);
    const key = `${extra ? 'x' : ''}${immediate ? 'i' : ''}t:${JSON.stringify(content)}`;
    return (
      table.get(key) ??
      table.add(key, {
        name: anonymousName(owner),
        source: 'pattern',
        regex: toRegex(content, where, []),
        immediate,
        extra,
        literal: null,
        treeSitterNames: namesOf(`tok:${JSON.stringify(content)}`, null),
      })
    );
  };

  // Named lexical rules.
  g.rules.forEach((rule, i) => {
    if (i === start) return; // the start rule stays a nonterminal whatever its body
    const body = rule.body;
    if (body.kind === 'token' || body.kind === 'pattern') {
      const immediate = body.kind === 'token' && body.immediate;
      const regex = toRegex(body, `rule "${rule.name}"`, []);
      let content: Expr = body;
      while (content.kind === 'token') content = content.content;
      const literal = content.kind === 'string' ? content.value : null;
      const source = literal === null ? 'pattern' : 'string';
      const treeSitterNames = namesOf(`rule:${i}`, rule.name);
      ruleLexeme[i] = table.add(`r:${rule.name}`, { name: rule.name, source, regex, immediate, extra: false, literal, treeSitterNames }).id;
    }
  });

  // Extras, before the syntax rules so that a lowered extra rule is a lexeme wherever it is used.
  const extras = new Set<number>();
  const markExtra = (id: number): void => {
    table.lexemes[id].extra = true;
    extras.add(id);
  };
  g.extras.forEach((e, k) => {
    const where = `extras[${k}]`;
    switch (e.kind) {
      case 'string':
        return markExtra(stringLexeme(e.value, false, true).id);
      case 'pattern':
      case 'token':
        return markExtra(anonymousLexeme(e, e.kind === 'token' && e.immediate, 'extra', true, where).id);
      case 'rule': {
        if (ruleLexeme[e.index] < 0) {
          const rule = g.rules[e.index];
          const regex = toRegex(rule.body, `extra rule "${rule.name}"`, [e.index]);
          const treeSitterNames = namesOf(`rule:${e.index}`, rule.name);
          ruleLexeme[e.index] = table.add(`r:${rule.name}`, { name: rule.name, source: 'extra-token', regex, immediate: false, extra: true, literal: null, treeSitterNames }).id;
        }
        return markExtra(ruleLexeme[e.index]);
      }
      case 'external': {
        const x = g.externals[e.index];
        if (x.stringValue !== null) return markExtra(stringLexeme(x.stringValue, false, true).id);
        if (x.ruleIndex >= 0) return; // unreachable: a name is a rule first, interning gave `rule`
        if (x.policy.policy !== 'regular') return; // zero-width or impossible: nothing to skip
        return markExtra(externalLexeme(e.index, true).id);
      }
      default: {
        const regex = toRegex(e, where, []);
        const draft = { name: anonymousName('extra'), source: 'extra-token' as const, regex, immediate: false, extra: true, literal: null, treeSitterNames: [] };
        return markExtra(table.add(`xe:${JSON.stringify(e)}`, draft).id);
      }
    }
  });

  function externalLexeme(index: number, extra: boolean): LexemeEntry {
    const x = g.externals[index];
    const treeSitterNames = namesOf(`ext:${index}`, x.name);
    const atEnd = {
      ...(!extra && x.policy.atEndOfInput ? { atEndOfInput: true } : {}),
      ...(!extra && x.policy.zeroWidthBefore ? { zeroWidthBefore: x.policy.zeroWidthBefore } : {}),
    };
    return table.add(`e:${x.name}`, { name: x.name, source: 'external-regular', regex: x.regex!, immediate: false, extra, literal: null, treeSitterNames, ...atEnd });
  }

  const use = (entry: LexemeEntry): Expr =>
    entry.optional ? { kind: 'choice', items: [{ kind: 'terminal', id: entry.id }, { kind: 'blank' }] } : { kind: 'terminal', id: entry.id };

  const lower = (e: Expr, owner: string, where: string): Expr => {
    switch (e.kind) {
      case 'blank':
      case 'nothing':
      case 'terminal':
        return e;
      case 'string':
        return use(stringLexeme(e.value, false, false));
      case 'pattern':
        return use(anonymousLexeme(e, false, owner, false, where));
      case 'token':
        return use(anonymousLexeme(e, e.immediate, owner, false, where));
      case 'rule':
        return ruleLexeme[e.index] >= 0 ? use(table.entry(ruleLexeme[e.index])) : e;
      case 'external': {
        const x = g.externals[e.index];
        if (x.stringValue !== null) return use(stringLexeme(x.stringValue, false, false));
        if (x.ruleIndex >= 0) return lower({ kind: 'rule', index: x.ruleIndex }, owner, where);
        if (x.policy.policy === 'empty') return { kind: 'blank' };
        if (x.policy.policy === 'never') return { kind: 'nothing' };
        return use(externalLexeme(e.index, false));
      }
      case 'seq':
      case 'choice':
        return { kind: e.kind, items: e.items.map((x) => lower(x, owner, where)) };
      case 'repeat':
        return { kind: 'repeat', min: e.min, content: lower(e.content, owner, where) };
      case 'meta':
        return lower(e.content, owner, where);
    }
  };

  const rules: NamedRule[] = g.rules.map((rule, i) =>
    ruleLexeme[i] >= 0 ? { name: rule.name, body: { kind: 'nothing' } } : { name: rule.name, body: lower(rule.body, rule.name, `rule "${rule.name}"`) },
  );

  let wordLexeme = -1;
  if (g.word >= 0) {
    wordLexeme = ruleLexeme[g.word];
    if (wordLexeme < 0) fail('top level', `"word" names rule "${g.rules[g.word].name}", which is not a token (TOKEN or PATTERN)`);
  }
  for (const id of extras) if (isNothing(table.lexemes[id].regex)) extras.delete(id);

  return {
    language: g.language,
    file: g.file,
    lexemes: table.lexemes,
    rules,
    ruleLexeme,
    start,
    extras: [...extras].sort((a, b) => a - b),
    wordLexeme,
    inline: g.inline.filter((i) => ruleLexeme[i] < 0),
    externals: g.externals,
    reservedWords: g.reservedWords,
  };
}
