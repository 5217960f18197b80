// Agreement of our fixed-text lexing with tree-sitter's: every leaf token tree-sitter produced for a text it
// parsed must be an edge of our lattice — lexAt(leaf.start) holds a lexeme ending at leaf.end whose name
// corresponds to the leaf's type. Used by the agreement test and the lexer-agreement benchmark.
import type { CompiledGrammar, RegexNode } from '../grammar/compiled';
import { parseTreeSitterRegex, regexToString, repeatNode } from '../grammar/regex';
import type { TreeSitterLeaf, TreeSitterParser } from '../grammar/treesitter';
import type { LexerAutomaton } from './automaton';
import { FixedTextLexer } from './fixed';

/**
 * - exact: a lexeme ending where the leaf ends, with a corresponding name;
 * - span: a lexeme ending there, but no name maps (e.g. tree-sitter merged two equal tokens under one name);
 * - other-end: a lexeme of the leaf's name starts there but its longest match ends elsewhere;
 * - missing: no lexeme at all ends at the leaf's end.
 */
export type LeafVerdict = 'exact' | 'span' | 'other-end' | 'missing';

/**
 * Leaf type → names of what it may have been lexed as: alias targets and the bodies of rules that are one
 * token (`true: 'true'`). A name is a rule name, a STRING as its lexeme name (`"if"`), or `/regex/` for a
 * PATTERN (matched against lexemes with the same regex, whatever the grammar passes named them).
 */
export type AliasTargets = ReadonlyMap<string, ReadonlySet<string>>;

/** Collects every ALIAS and one-token rule of a grammar.json. */
export function aliasTargetsOf(grammarJson: unknown): AliasTargets {
  const out = new Map<string, Set<string>>();
  const add = (name: string, content: unknown): void => {
    const names = contentNames(content);
    if (names.length === 0) return;
    let set = out.get(name);
    if (!set) out.set(name, (set = new Set()));
    for (const n of names) set.add(n);
  };
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const node = x as Record<string, unknown>;
    if (node.type === 'ALIAS' && typeof node.value === 'string') add(node.value, node.content);
    Object.values(node).forEach(walk);
  };
  walk(grammarJson);
  const rules = (grammarJson as { rules?: Record<string, unknown> } | null)?.rules ?? {};
  for (const [name, body] of Object.entries(rules)) add(name, body);
  return out;
}

/** Names an aliased content can be lexed as, looking through wrappers. */
function contentNames(content: unknown): string[] {
  if (!content || typeof content !== 'object') return [];
  const node = content as Record<string, unknown>;
  switch (node.type) {
    case 'SYMBOL':
      return typeof node.name === 'string' ? [node.name] : [];
    case 'STRING':
      return typeof node.value === 'string' ? [JSON.stringify(node.value)] : [];
    case 'PATTERN': {
      if (typeof node.value !== 'string') return [];
      let regex: RegexNode;
      try {
        regex = parseTreeSitterRegex(node.value, typeof node.flags === 'string' ? node.flags : '');
      } catch {
        return [];
      }
      // Tokens cannot be empty: the grammar passes turn `x*` into a `x+` lexeme made optional (Go raw strings).
      const nonEmpty = regex.kind === 'repeat' && regex.min === 0 ? [regexKey(repeatNode(regex.item, 1, regex.max))] : [];
      return [regexKey(regex), ...nonEmpty];
    }
    case 'CHOICE':
      return Array.isArray(node.members) ? node.members.flatMap(contentNames) : [];
    case 'SEQ':
      // A sequence of one member (after BLANKs are ignored) is that member.
      return Array.isArray(node.members) && node.members.filter((m) => (m as { type?: string })?.type !== 'BLANK').length === 1
        ? node.members.flatMap(contentNames)
        : [];
    case 'PREC':
    case 'PREC_LEFT':
    case 'PREC_RIGHT':
    case 'PREC_DYNAMIC':
    case 'FIELD':
    case 'TOKEN':
    case 'IMMEDIATE_TOKEN':
    case 'ALIAS':
      return contentNames(node.content);
    default:
      return [];
  }
}

function regexKey(regex: RegexNode): string {
  return `/${regexToString(regex)}/`;
}

export interface LeafRecord {
  readonly leaf: TreeSitterLeaf;
  readonly verdict: LeafVerdict;
}

export interface AgreementTally {
  leaves: number;
  /** Zero-width leaves (tokens of external scanners that read nothing); not compared. */
  zeroWidth: number;
  exact: number;
  span: number;
  otherEnd: number;
  missing: number;
}

export function emptyTally(): AgreementTally {
  return { leaves: 0, zeroWidth: 0, exact: 0, span: 0, otherEnd: 0, missing: 0 };
}

export function addTally(into: AgreementTally, from: AgreementTally): void {
  into.leaves += from.leaves;
  into.zeroWidth += from.zeroWidth;
  into.exact += from.exact;
  into.span += from.span;
  into.otherEnd += from.otherEnd;
  into.missing += from.missing;
}

/** Lexeme ids a leaf's type may stand for. */
export class LeafNameMap {
  private readonly byName = new Map<string, number[]>();
  private readonly cache = new Map<string, ReadonlySet<number>>();
  private readonly lexemeNames: ReadonlySet<string>;

  constructor(
    readonly grammar: CompiledGrammar,
    private readonly aliases: AliasTargets,
  ) {
    this.lexemeNames = new Set(grammar.lexemes.map((l) => l.name));
    for (const lexeme of grammar.lexemes) {
      for (const name of [lexeme.name, lexeme.literal === null ? null : JSON.stringify(lexeme.literal), regexKey(lexeme.regex)]) {
        if (name === null) continue;
        let list = this.byName.get(name);
        if (!list) this.byName.set(name, (list = []));
        if (!list.includes(lexeme.id)) list.push(lexeme.id);
      }
    }
  }

  /** Whether a node type is the name of a lexeme (a syntax rule upstream that the grammar passes lowered to one lexeme). */
  namesLexeme(type: string, named: boolean): boolean {
    return named && this.lexemeNames.has(type);
  }

  /**
   * Where the grammar passes rewrote a rule around an external token (grammars/README.md: Python strings),
   * one lexeme per variant stands for it, named `_<token>_<variant>` (`_string_start_dq` for string_start).
   */
  private variantLexemes(type: string): number[] {
    const bare = type.replace(/^_/, '');
    if (!this.grammar.externals.some((e) => e.name === bare || e.name === '_' + bare)) return [];
    const prefix = `_${bare}_`;
    return this.grammar.lexemes.filter((l) => l.name.startsWith(prefix)).map((l) => l.id);
  }

  lexemesFor(leaf: TreeSitterLeaf): ReadonlySet<number> {
    const key = `${leaf.isNamed ? 'n' : 'a'}:${leaf.type}`;
    let ids = this.cache.get(key);
    if (!ids) {
      const out = new Set<number>();
      // An anonymous leaf's type is its text (a STRING), or an alias's text.
      const direct = leaf.isNamed ? [leaf.type] : [JSON.stringify(leaf.type), leaf.type];
      // Follow aliases and one-token rules transitively (an alias of a rule whose body is a STRING ...).
      const seen = new Set<string>([...direct, leaf.type]);
      const queue = [...seen];
      while (queue.length) {
        const name = queue.pop()!;
        for (const id of this.byName.get(name) ?? []) out.add(id);
        for (const id of this.variantLexemes(name)) out.add(id);
        for (const target of this.aliases.get(name) ?? []) {
          if (!seen.has(target)) {
            seen.add(target);
            queue.push(target);
          }
        }
      }
      this.cache.set(key, (ids = out));
    }
    return ids;
  }
}

/** Compares tree-sitter's leaves of `text` with our lattice; returns per-leaf verdicts and the tally. */
export function compareLeaves(
  lexer: LexerAutomaton,
  names: LeafNameMap,
  text: string,
  leaves: readonly TreeSitterLeaf[],
): { tally: AgreementTally; records: LeafRecord[] } {
  const fixed = new FixedTextLexer(lexer, names.grammar, text);
  const tally = emptyTally();
  const records: LeafRecord[] = [];
  for (const leaf of leaves) {
    if (leaf.end <= leaf.start) {
      tally.zeroWidth++;
      continue;
    }
    tally.leaves++;
    const wanted = names.lexemesFor(leaf);
    let verdict: LeafVerdict = 'missing';
    for (const edge of fixed.lexAt(leaf.start)) {
      const named = wanted.has(edge.lexeme);
      if (edge.end === leaf.end && named) {
        verdict = 'exact';
        break;
      }
      if (edge.end === leaf.end) verdict = 'span';
      else if (named && verdict === 'missing') verdict = 'other-end';
    }
    if (verdict === 'exact') tally.exact++;
    else if (verdict === 'span') tally.span++;
    else if (verdict === 'other-end') tally.otherEnd++;
    else tally.missing++;
    records.push({ leaf, verdict });
  }
  return { tally, records };
}

/** Disagreements of one leaf type: how many of each verdict and a first example. */
export interface DisagreementClass {
  readonly leafType: string;
  readonly named: boolean;
  readonly counts: Record<Exclude<LeafVerdict, 'exact'>, number>;
  readonly example: { readonly file: string; readonly offset: number; readonly text: string };
}

export interface CorpusAgreement {
  readonly files: readonly string[];
  /** Files skipped: tree-sitter did not parse them without error, or over the size cap. */
  readonly skipped: number;
  readonly tally: AgreementTally;
  /** Sorted by number of disagreements, most first. */
  readonly classes: readonly DisagreementClass[];
  readonly ms: number;
}

export interface LeafSource {
  validate(text: string): { readonly valid: boolean };
  leaves(text: string): TreeSitterLeaf[];
}

/**
 * tree-sitter's tokens as our lexemes see them: the leaves, except that a node whose type is one of our
 * lexemes (a syntax rule upstream, lowered to one lexeme: Rust `line_comment`, C++ `raw_string_literal`)
 * counts as one token with its children folded in.
 */
export class TreeSitterTokens implements LeafSource {
  /** Nodes folded into one token so far. */
  folded = 0;

  constructor(
    private readonly treeSitter: TreeSitterParser,
    private readonly names: LeafNameMap,
  ) {}

  validate(text: string): { readonly valid: boolean } {
    return this.treeSitter.validate(text);
  }

  leaves(text: string): TreeSitterLeaf[] {
    return this.treeSitter.leaves(text, (type, isNamed) => {
      const fold = this.names.namesLexeme(type, isNamed);
      if (fold) this.folded++;
      return fold;
    });
  }
}

/**
 * Agreement over real files: takes candidate files in the given order, keeps the first `maxFiles` that
 * tree-sitter parses without error (and are at most `maxChars` long), and compares every leaf.
 */
export function measureAgreement(
  lexer: LexerAutomaton,
  names: LeafNameMap,
  parser: LeafSource,
  candidates: Iterable<{ readonly path: string; readonly text: string }>,
  maxFiles: number,
  maxChars = 200_000,
): CorpusAgreement {
  const t0 = performance.now();
  const files: string[] = [];
  let skipped = 0;
  const tally = emptyTally();
  const classes = new Map<string, { leafType: string; named: boolean; counts: DisagreementClass['counts']; example: DisagreementClass['example'] }>();
  for (const { path, text } of candidates) {
    if (files.length >= maxFiles) break;
    if (text.length > maxChars || !parser.validate(text).valid) {
      skipped++;
      continue;
    }
    files.push(path);
    const result = compareLeaves(lexer, names, text, parser.leaves(text));
    addTally(tally, result.tally);
    for (const { leaf, verdict } of result.records) {
      if (verdict === 'exact') continue;
      const key = `${leaf.isNamed ? '' : '"'}${leaf.type}`;
      let cls = classes.get(key);
      if (!cls) {
        const line = text.slice(Math.max(0, leaf.start - 20), Math.min(text.length, leaf.end + 20));
        cls = { leafType: leaf.type, named: leaf.isNamed, counts: { span: 0, 'other-end': 0, missing: 0 }, example: { file: path, offset: leaf.start, text: line } };
        classes.set(key, cls);
      }
      cls.counts[verdict]++;
    }
  }
  const total = (c: DisagreementClass): number => c.counts.span + c.counts['other-end'] + c.counts.missing;
  const sorted = [...classes.values()].sort((a, b) => total(b) - total(a) || a.leafType.localeCompare(b.leafType));
  return { files, skipped, tally, classes: sorted, ms: performance.now() - t0 };
}

/** One result over several corpus groups (classes merged by leaf type, first example kept). */
export function mergeAgreements(parts: readonly CorpusAgreement[]): CorpusAgreement {
  const tally = emptyTally();
  const classes = new Map<string, DisagreementClass>();
  for (const part of parts) {
    addTally(tally, part.tally);
    for (const cls of part.classes) {
      const key = `${cls.named ? '' : '"'}${cls.leafType}`;
      const known = classes.get(key);
      if (!known) {
        classes.set(key, { ...cls, counts: { ...cls.counts } });
        continue;
      }
      known.counts.span += cls.counts.span;
      known.counts['other-end'] += cls.counts['other-end'];
      known.counts.missing += cls.counts.missing;
    }
  }
  const total = (c: DisagreementClass): number => c.counts.span + c.counts['other-end'] + c.counts.missing;
  return {
    files: parts.flatMap((p) => p.files),
    skipped: parts.reduce((n, p) => n + p.skipped, 0),
    tally,
    classes: [...classes.values()].sort((a, b) => total(b) - total(a) || a.leafType.localeCompare(b.leafType)),
    ms: parts.reduce((n, p) => n + p.ms, 0),
  };
}
