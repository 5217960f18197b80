// tree-sitter's grammar.json, read as a union tagged on `type` and validated. Every problem names the file,
// the rule (or top-level member) and the path inside it, so a user's own grammar fails with a message they
// can act on. Validation collects all problems before throwing, up to a limit.
import { HolefillError } from '../core/errors';

export type PrecedenceType = 'PREC' | 'PREC_LEFT' | 'PREC_RIGHT' | 'PREC_DYNAMIC';

export type GrammarRule =
  | { readonly type: 'BLANK' }
  | { readonly type: 'STRING'; readonly value: string }
  | { readonly type: 'PATTERN'; readonly value: string; readonly flags?: string }
  | { readonly type: 'SYMBOL'; readonly name: string }
  | { readonly type: 'SEQ'; readonly members: readonly GrammarRule[] }
  | { readonly type: 'CHOICE'; readonly members: readonly GrammarRule[] }
  | { readonly type: 'REPEAT'; readonly content: GrammarRule }
  | { readonly type: 'REPEAT1'; readonly content: GrammarRule }
  | { readonly type: 'TOKEN'; readonly content: GrammarRule }
  | { readonly type: 'IMMEDIATE_TOKEN'; readonly content: GrammarRule }
  | { readonly type: PrecedenceType; readonly value: number | string; readonly content: GrammarRule }
  | { readonly type: 'FIELD'; readonly name: string; readonly content: GrammarRule }
  | { readonly type: 'ALIAS'; readonly value: string; readonly named: boolean; readonly content: GrammarRule }
  | { readonly type: 'RESERVED'; readonly context_name: string; readonly content: GrammarRule };

export type GrammarRuleType = GrammarRule['type'];

/** A validated grammar.json. Members tree-sitter uses only for parse-table conflicts are kept but unused. */
export interface GrammarJson {
  /** Where it was read from, for messages. */
  readonly file: string;
  readonly name: string;
  /** Rules in file order: the first one is the start symbol. */
  readonly rules: readonly (readonly [string, GrammarRule])[];
  readonly extras: readonly GrammarRule[];
  readonly externals: readonly GrammarRule[];
  readonly inline: readonly string[];
  readonly supertypes: readonly string[];
  readonly word: string | null;
  /** Reserved-word sets by context name (newer grammars); they do not change the language we build. */
  readonly reserved: Readonly<Record<string, readonly GrammarRule[]>>;
}

/** tree-sitter's default when a grammar names no extras: any whitespace. */
const DEFAULT_EXTRAS: readonly GrammarRule[] = [{ type: 'PATTERN', value: '\\s' }];
const MAX_REPORTED_PROBLEMS = 12;
const PRECEDENCE_TYPES = new Set<string>(['PREC', 'PREC_LEFT', 'PREC_RIGHT', 'PREC_DYNAMIC']);

/** A grammar.json that cannot be used; `problems` lists every problem found (each a full sentence). */
export class GrammarJsonError extends HolefillError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : '';
    super(`${file}: invalid grammar.json:\n  ${shown.join('\n  ')}${more}`, 'bad-grammar');
    this.name = 'GrammarJsonError';
  }
}

/** Parses grammar.json text; `file` is used in messages only. */
export function parseGrammarJsonText(text: string, file: string): GrammarJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new GrammarJsonError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
  return validateGrammarJson(value, file);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Validator {
  readonly problems: string[] = [];
  private readonly symbolRefs: { name: string; where: string }[] = [];

  problem(where: string, what: string): void {
    this.problems.push(`${where}: ${what}`);
  }

  /** Reads one rule; `where` is e.g. `rule "expression" > SEQ.members[2]`. Returns null if unusable. */
  rule(v: unknown, where: string): GrammarRule | null {
    if (!isObject(v)) return this.fail(where, `expected a rule object, found ${describe(v)}`);
    const type = v.type;
    if (typeof type !== 'string') return this.fail(where, `rule object without a string "type" member`);
    const at = `${where} > ${type}`;
    switch (type) {
      case 'BLANK':
        return { type };
      case 'STRING': {
        const value = this.string(v, 'value', at);
        if (value === '') return this.fail(at, 'empty STRING (tree-sitter forbids empty tokens; use BLANK)');
        return value === null ? null : { type, value };
      }
      case 'PATTERN': {
        const value = this.string(v, 'value', at);
        if (value === '') return this.fail(at, 'empty PATTERN');
        const flags = v.flags;
        if (flags !== undefined && typeof flags !== 'string') return this.fail(at, `"flags" must be a string, found ${describe(flags)}`);
        if (value === null) return null;
        return flags ? { type, value, flags } : { type, value };
      }
      case 'SYMBOL': {
        const name = this.string(v, 'name', at);
        if (name === null) return null;
        this.symbolRefs.push({ name, where: at });
        return { type, name };
      }
      case 'SEQ':
      case 'CHOICE': {
        const members = v.members;
        if (!Array.isArray(members)) return this.fail(at, `"members" must be an array, found ${describe(members)}`);
        if (members.length === 0 && type === 'CHOICE') return this.fail(at, 'CHOICE without members (matches nothing)');
        const read = members.map((m, i) => this.rule(m, `${at}.members[${i}]`));
        return read.every((m): m is GrammarRule => m !== null) ? { type, members: read } : null;
      }
      case 'REPEAT':
      case 'REPEAT1':
      case 'TOKEN':
      case 'IMMEDIATE_TOKEN': {
        const content = this.content(v, at);
        return content && { type, content };
      }
      case 'FIELD': {
        const name = this.string(v, 'name', at);
        const content = this.content(v, at);
        return name !== null && content ? { type, name, content } : null;
      }
      case 'ALIAS': {
        const value = this.string(v, 'value', at);
        if (typeof v.named !== 'boolean') this.problem(at, `"named" must be a boolean, found ${describe(v.named)}`);
        const content = this.content(v, at);
        return value !== null && content && typeof v.named === 'boolean' ? { type, value, named: v.named, content } : null;
      }
      case 'RESERVED': {
        const contextName = this.string(v, 'context_name', at);
        const content = this.content(v, at);
        return contextName !== null && content ? { type, context_name: contextName, content } : null;
      }
      default: {
        if (PRECEDENCE_TYPES.has(type)) {
          const value = v.value;
          if (typeof value !== 'number' && typeof value !== 'string') {
            this.problem(at, `"value" must be a number or a precedence name, found ${describe(value)}`);
          }
          const content = this.content(v, at);
          return content && (typeof value === 'number' || typeof value === 'string')
            ? { type: type as PrecedenceType, value, content }
            : null;
        }
        return this.fail(where, `unknown rule type "${type}"`);
      }
    }
  }

  private content(v: Record<string, unknown>, at: string): GrammarRule | null {
    if (!('content' in v)) return this.fail(at, 'missing "content"');
    return this.rule(v.content, `${at}.content`);
  }

  private string(v: Record<string, unknown>, key: string, at: string): string | null {
    const s = v[key];
    if (typeof s !== 'string') return this.fail(at, `"${key}" must be a string, found ${describe(s)}`);
    return s;
  }

  fail(where: string, what: string): null {
    this.problem(where, what);
    return null;
  }

  /** Every SYMBOL must name a rule or a named external token. */
  checkSymbols(known: ReadonlySet<string>): void {
    for (const ref of this.symbolRefs) {
      if (!known.has(ref.name)) this.problem(ref.where, `reference to undefined symbol "${ref.name}"`);
    }
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}

/** Validates a parsed grammar.json value. Throws GrammarJsonError listing every problem. */
export function validateGrammarJson(value: unknown, file: string): GrammarJson {
  const check = new Validator();
  if (!isObject(value)) throw new GrammarJsonError(file, [`top level: expected an object, found ${describe(value)}`]);

  const name = typeof value.name === 'string' && value.name !== '' ? value.name : null;
  if (name === null) check.problem('top level', `"name" must be a non-empty string, found ${describe(value.name)}`);

  const rules: [string, GrammarRule][] = [];
  if (!isObject(value.rules)) {
    check.problem('top level', `"rules" must be an object mapping rule names to rules, found ${describe(value.rules)}`);
  } else {
    for (const [ruleName, body] of Object.entries(value.rules)) {
      const rule = check.rule(body, `rule "${ruleName}"`);
      if (rule) rules.push([ruleName, rule]);
    }
    if (Object.keys(value.rules).length === 0) check.problem('top level', '"rules" is empty: a grammar needs a start rule');
  }
  const ruleNames = new Set(rules.map(([n]) => n));
  if (isObject(value.rules)) for (const n of Object.keys(value.rules)) ruleNames.add(n);

  const ruleList = (key: string): GrammarRule[] => {
    const v = value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      check.problem('top level', `"${key}" must be an array of rules, found ${describe(v)}`);
      return [];
    }
    return v.map((m, i) => check.rule(m, `${key}[${i}]`)).filter((r): r is GrammarRule => r !== null);
  };
  const extras = value.extras === undefined ? DEFAULT_EXTRAS : ruleList('extras');
  const externals = ruleList('externals');
  externals.forEach((e, i) => {
    if (e.type !== 'SYMBOL' && e.type !== 'STRING') check.problem(`externals[${i}]`, `an external token must be a SYMBOL or a STRING, found ${e.type}`);
  });
  const externalNames = externals.flatMap((e) => (e.type === 'SYMBOL' ? [e.name] : []));

  const nameList = (key: string): string[] => {
    const v = value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      check.problem('top level', `"${key}" must be an array of rule names, found ${describe(v)}`);
      return [];
    }
    const out: string[] = [];
    v.forEach((item, i) => {
      // tree-sitter writes these as names; some generators write SYMBOL objects.
      const n = typeof item === 'string' ? item : isObject(item) && item.type === 'SYMBOL' && typeof item.name === 'string' ? item.name : null;
      if (n === null) check.problem(`${key}[${i}]`, `expected a rule name, found ${describe(item)}`);
      else if (!ruleNames.has(n) && !externalNames.includes(n)) check.problem(`${key}[${i}]`, `"${n}" is not a rule of this grammar`);
      else out.push(n);
    });
    return out;
  };
  const inline = nameList('inline');
  const supertypes = nameList('supertypes');

  let word: string | null = null;
  if (value.word !== undefined && value.word !== null) {
    if (typeof value.word !== 'string') check.problem('top level', `"word" must be a rule name, found ${describe(value.word)}`);
    else if (!ruleNames.has(value.word)) check.problem('top level', `"word" names "${value.word}", which is not a rule of this grammar`);
    else word = value.word;
  }

  const reserved: Record<string, GrammarRule[]> = {};
  if (isObject(value.reserved)) {
    for (const [context, words] of Object.entries(value.reserved)) {
      if (!Array.isArray(words)) check.problem(`reserved "${context}"`, `expected an array of rules, found ${describe(words)}`);
      else reserved[context] = words.map((w, i) => check.rule(w, `reserved "${context}"[${i}]`)).filter((r): r is GrammarRule => r !== null);
    }
  } else if (value.reserved !== undefined) {
    check.problem('top level', `"reserved" must be an object, found ${describe(value.reserved)}`);
  }

  check.checkSymbols(new Set([...ruleNames, ...externalNames]));
  if (check.problems.length > 0) throw new GrammarJsonError(file, check.problems);
  return { file, name: name!, rules, extras, externals, inline, supertypes, word, reserved };
}
