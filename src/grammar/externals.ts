// What stands in for each external scanner token (written in C upstream, absent from grammar.json), per
// language, and the rule rewrites that make some of them exact. grammars/README.md explains every entry:
// keep the two in step.
//
// Policies:
// - 'regular': the token becomes a lexeme with the given regex (tree-sitter's regex dialect). Lexing takes
//   each lexeme's longest match, so a regex for a token that the scanner ends by looking ahead must not be
//   able to run past that end (e.g. a content token must not swallow its closing delimiter).
// - 'empty': the token matches the empty string (zero-width layout tokens). The grammar then accepts a
//   superset of the language: a sound over-approximation.
// - 'never': the token never occurs (error-recovery sentinels); rules needing it are dropped.
// An external whose name is also a rule of the grammar is that rule; one listed as a STRING is that string.
import type { GrammarRule } from './grammar-json';

export interface ExternalPolicySpec {
  readonly policy: 'regular' | 'empty' | 'never';
  /** For 'regular': the token's language, in tree-sitter's regex dialect. */
  readonly pattern?: string;
  /** The regex is the token's exact language (context conditions of the scanner aside). */
  readonly exact: boolean;
  readonly note: string;
  /**
   * For 'regular': the token also stands, zero-width, at the end of the input (a layout token that the
   * scanner emits before a line break or at the end of the file).
   */
  readonly atEndOfInput?: boolean;
  /**
   * For 'regular': the token also stands, zero-width, where the next character after spaces and tabs
   * is one of these (JavaScript's automatic semicolon before `}`).
   */
  readonly zeroWidthBefore?: string;
}

export interface RuleOverride {
  readonly rule: GrammarRule;
  /** What the rewrite gives up or gains, for grammars/README.md and the printer. */
  readonly note: string;
}

export interface LanguageLowering {
  readonly externals: Readonly<Record<string, ExternalPolicySpec>>;
  /**
   * Rules of the upstream grammar replaced by a rewrite (same name, same language up to the note), in
   * groups: a group applies to a grammar that has one of its rules and every rule it refers to.
   */
  readonly ruleOverrides?: ReadonlyArray<Readonly<Record<string, RuleOverride>>>;
  /**
   * Lexemes (by name) that one scanner call tells apart: where several of a group match, only the
   * longest is taken (Lexeme.longestMatchGroup), as the scanner would. Exact, so the check uses it too.
   */
  readonly longestMatchGroups?: ReadonlyArray<{ readonly names: RegExp; readonly note: string }>;
  /**
   * Statements of a block line up (Python): the rewrites put SAME_COLUMN_RULE, an empty rule, before
   * every statement of a block after its first, and the checker lets a parse pass it only where that
   * statement starts in the column the block's first one did (check/columns.ts); COLUMN_ZERO_RULE,
   * before a module's statements, only where the statement starts in column 0. Columns are counted
   * as the scanner counts indentation; `lineComment` starts a comment line, skipped like a blank one.
   */
  readonly statementColumns?: { readonly lineComment: string; readonly note: string };
  /**
   * Words the language reserves that its tree-sitter grammar does not declare `reserved` (C, C++, Python): where
   * keywords shadow words (fills), such a word is never an identifier, as the compiler sees it
   * (tree-sitter-cpp takes `return return;` as a return of a variable named `return`).
   */
  readonly reservedWords?: readonly string[];
  /**
   * Characters after which a word is never shadowed by a keyword where keywords shadow words (fills):
   * Rust's `'` begins a lifetime or label, whose name is always an identifier (`'_`, `'static`), as in
   * tree-sitter, whose parse state there takes only the identifier. The chart's node after a hole holds
   * every item the hole could lead to (a macro's token tree takes the keyword `_`), so without this a
   * `'_` after a hole was never a lifetime and fills fell back to the plain grammar.
   */
  readonly wordsAfter?: readonly string[];
  /**
   * Rules whose text is one literal made of several tokens (a string: its quote, content and escapes).
   * Where fills keep the fixed text's tokens (fixedTextIntact), one begun in a hole may run on into the
   * fixed text after the hole only over a word, as a single-token literal may: else a quote opened in a
   * hole and closed in a later one turns the code between into string content, which parses.
   */
  readonly literalRules?: readonly string[];
  /**
   * Token rules that tree-sitter lexes only where no other valid token matches the same text: a general
   * pattern defined after the specific tokens it overlaps, which win on a tie by coming first (C's
   * preproc_directive `#[ \t]*\w+` against `#ifndef`, `#endif`, ...: a top-level `#ifndef X` always
   * opens a conditional). Where keywords shadow words (fills), such a lexeme is dropped at a node where
   * another lexeme the node can take ends at the same place; else the grammar reads a conditional's
   * `#ifndef` as a directive and lets it go unclosed.
   */
  readonly generalLexemes?: readonly string[];
  /**
   * General lexemes shadowed in the plain check (the Check Completability command, the last fallback),
   * where the shadowing is tree-sitter's own lexing and never a restriction: C's line break, which is
   * whitespace only where the parser cannot take a directive's end (`#define X` line break `)`: the value
   * cannot start on the next line). Not in fills' lexing: there it made C++ 3-hole fills 15% slower
   * (`npm run bench -- fill`), and a fill's text is validated by tree-sitter anyway.
   */
  readonly plainGeneralLexemes?: readonly string[];
  /**
   * Literal rules whose closing delimiter must follow the content directly, as in the language (and as
   * an IMMEDIATE_TOKEN): the upstream rule lets whitespace and comments (extras) come before it, so
   * tree-sitter takes `"` line break `"` as a JSON string, which JSON, JavaScript and C reject. Stricter
   * than tree-sitter only there; fills then write real strings.
   */
  readonly closedLiterals?: readonly string[];
}

/** The empty rule that marks "this block is deeper than its header" (statementColumns). */
export const DEEPER_COLUMN_RULE = '_deeper_column';
/** The empty rule that marks "this statement starts in its block's column" (statementColumns). */
export const SAME_COLUMN_RULE = '_same_column';
/** The empty rule that marks "this statement starts in column 0" (a module's statements). */
export const COLUMN_ZERO_RULE = '_column_zero';
/** An empty rule before a compound statement's clause (Python's `elif`, `else`, `except`, `finally`): see CLAUSE_COLUMN_RULE's note. */
export const CLAUSE_COLUMN_RULE = '_clause_column';

/** A user grammar's external token we know nothing about. */
export const UNKNOWN_EXTERNAL_POLICY: ExternalPolicySpec = {
  policy: 'empty',
  exact: false,
  note: 'unknown external scanner token: assumed to match the empty string (over-approximation)',
};

// ---- grammar.json builders for the rewrites ----
const str = (value: string): GrammarRule => ({ type: 'STRING', value });
const pat = (value: string): GrammarRule => ({ type: 'PATTERN', value });
const sym = (name: string): GrammarRule => ({ type: 'SYMBOL', name });
const seq = (...members: GrammarRule[]): GrammarRule => ({ type: 'SEQ', members });
const choice = (...members: GrammarRule[]): GrammarRule => ({ type: 'CHOICE', members });
const repeat = (content: GrammarRule): GrammarRule => ({ type: 'REPEAT', content });
const repeat1 = (content: GrammarRule): GrammarRule => ({ type: 'REPEAT1', content });
const immediate = (content: GrammarRule): GrammarRule => ({ type: 'IMMEDIATE_TOKEN', content });
/** Names a helper after the tree-sitter node it stands for (kept as the lexeme's treeSitterNames). */
const alias = (content: GrammarRule, value: string): GrammarRule => ({ type: 'ALIAS', value, named: true, content });
/** Escapes text for use inside a regex (outside a class). */
const lit = (text: string): string => text.replace(/[\\^$.|?*+()[\]{}/-]/g, (c) => '\\' + c);

// ---- C++ ----
// A raw string R"d(...)d" as one token. Tree-sitter pairs the two delimiters (a scanner state); a regex
// cannot, so the closing delimiter may differ from the opening one, and the content may not contain `)`
// + delimiter characters + `"` at all (the scanner allows that when the delimiter differs). Being one token,
// its longest match ends at the first `)d"` as the scanner's does.
const CPP_DCHAR = '[^()\\\\\\s"]'; // d-char-sequence characters (the scanner also allows `)` and `"`; rare)
// Content: after a `)`, a run of characters that could continue a delimiter must not reach a `"`.
const CPP_RUN = '[^(\\\\\\s"]';
const CPP_BREAK = '[(\\\\\\s]';
const CPP_RAW_CONTENT = `(?:[^)]|\\)${CPP_RUN}*${CPP_BREAK})*(?:\\)${CPP_RUN}*)?`;
const CPP_RAW_STRING = `(?:R|LR|uR|UR|u8R)"${CPP_DCHAR}{0,16}\\(${CPP_RAW_CONTENT}\\)${CPP_DCHAR}{0,16}"`;

// ---- Rust ----
// r#"..."# with up to RUST_MAX_RAW_HASHES hashes, as one token; exact in that range (the scanner counts
// up to 255). Content of a k-hash string: no `"` followed by k hashes.
const RUST_MAX_RAW_HASHES = 6;
function rustRawString(hashes: number): string {
  const close = '"' + '#'.repeat(hashes);
  if (hashes === 0) return `[bc]?r"[^"]*"`;
  const quoteGroup = hashes === 1 ? '"' : `"#{0,${hashes - 1}}`;
  const content = `(?:[^"]|(?:${quoteGroup})+[^"#])*(?:${quoteGroup})*`;
  return `[bc]?r${'#'.repeat(hashes)}"${content}${lit(close)}`;
}
const RUST_RAW_STRING = Array.from({ length: RUST_MAX_RAW_HASHES + 1 }, (_, k) => rustRawString(k)).join('|');

// ---- Python ----
// A string's kind (quote, raw, format) is scanner state: the upstream rule
//   string: string_start (interpolation | string_content)* string_end
// is rewritten as one alternative per kind, each with its own start, content and end tokens, so that a
// content token knows its closing quote. Escapes and interpolations keep the upstream rules.
interface PythonStringKind {
  readonly quote: '"' | "'" | '"""' | "'''";
  readonly raw: boolean;
  readonly format: boolean;
}
const PY_PREFIX = {
  plain: '[bBuU]*',
  raw: '[bBuU]*[rR][rRbBuU]*',
  format: '[bBuU]*[fFtT][fFtTbBuU]*',
  rawFormat: '[bBuU]*(?:[rR][rRbBuU]*[fFtT]|[fFtT][fFtTbBuU]*[rR])[fFtTrRbBuU]*',
};

function pythonStringKindName(k: PythonStringKind): string {
  const quote = { '"': 'dq', "'": 'sq', '"""': 'tdq', "'''": 'tsq' }[k.quote];
  return quote + (k.raw ? '_raw' : '') + (k.format ? '_fmt' : '');
}

/** The characters of one content token of this kind (escapes and interpolations are separate lexemes). */
function pythonContentPattern(k: PythonStringKind): string {
  const q = k.quote[0];
  const triple = k.quote.length === 3;
  // Characters that end a content token: the quote, a backslash (escape) unless raw, braces if format,
  // a newline in a one-line string.
  const excluded = q + '\\\\' + (k.format ? '{}' : '') + (triple ? '' : '\\n');
  const plainChar = `[^${excluded}]`;
  // Raw strings: a backslash is content and always takes the next character with it (`r'\\'` is a
  // backslash pair and the closing quote, `r'\''` a backslash and a quote inside), as Python reads them.
  const rawBackslash = '\\\\(?:\\r?\\n|[^\\r\\n]|\\r)';
  const unit = k.raw ? `(?:${plainChar}|${rawBackslash})` : plainChar;
  if (!triple) return `${unit}+`;
  // One or two quotes are content when a content character follows (three close the string).
  return `(?:${unit}|${lit(q)}{1,2}${unit})+`;
}

/**
 * Triple-quoted content that ends in one or two quotes: the scanner ends a content token there when an
 * escape or an interpolation follows (`"""say "\\n" """`); the grammar lets only those follow it.
 */
function pythonQuotedContentPattern(k: PythonStringKind): string {
  return `(?:${pythonContentPattern(k)})?${lit(k.quote[0])}{1,2}`;
}

/** What may follow content that ends in quotes (pythonQuotedContentPattern): what ends a content token. */
function pythonContentFollowers(k: PythonStringKind): string[] {
  return [...(k.raw ? [] : ['escape_sequence', '_not_escape_sequence']), ...(k.format ? ['escape_interpolation', 'interpolation'] : [])];
}

/** The closing quote depends on the quote alone: one lexeme per quote. */
function pythonStringEndName(k: PythonStringKind): string {
  return `_string_end_${pythonStringKindName({ quote: k.quote, raw: false, format: false })}`;
}

function pythonStringAlternative(k: PythonStringKind): GrammarRule {
  const name = pythonStringKindName(k);
  const contentParts: GrammarRule[] = [];
  if (k.format) contentParts.push(sym('escape_interpolation'));
  if (!k.raw) contentParts.push(sym('escape_sequence'), sym('_not_escape_sequence'));
  contentParts.push(alias(sym(`_string_content_${name}`), 'string_content'));
  const followers = pythonContentFollowers(k);
  if (k.quote.length === 3 && followers.length) {
    contentParts.push(seq(alias(sym(`_string_quoted_content_${name}`), 'string_content'), choice(...followers.map(sym))));
  }
  const pieces: GrammarRule[] = k.format ? [sym('interpolation'), repeat1(choice(...contentParts))] : [repeat1(choice(...contentParts))];
  const body = repeat(pieces.length === 1 ? pieces[0] : choice(...pieces));
  return seq(alias(sym(`_string_start_${name}`), 'string_start'), body, alias(sym(pythonStringEndName(k)), 'string_end'));
}

const PYTHON_STRING_KINDS: PythonStringKind[] = (['"', "'", '"""', "'''"] as const).flatMap((quote) =>
  [false, true].flatMap((raw) => [false, true].map((format) => ({ quote, raw, format }))),
);

function pythonStringRules(): Record<string, RuleOverride> {
  const out: Record<string, RuleOverride> = {
    string: {
      rule: choice(...PYTHON_STRING_KINDS.map(pythonStringAlternative)),
      note: 'one alternative per string kind (quote, raw, format), so content knows its closing quote',
    },
  };
  for (const k of PYTHON_STRING_KINDS) {
    const name = pythonStringKindName(k);
    const prefix = k.raw ? (k.format ? PY_PREFIX.rawFormat : PY_PREFIX.raw) : k.format ? PY_PREFIX.format : PY_PREFIX.plain;
    const helper = 'helper of the per-kind rewrite of `string`';
    out[`_string_start_${name}`] = { rule: pat(`${prefix}${lit(k.quote)}`), note: helper };
    out[`_string_content_${name}`] = { rule: immediate(pat(pythonContentPattern(k))), note: helper };
    if (k.quote.length === 3 && pythonContentFollowers(k).length) out[`_string_quoted_content_${name}`] = { rule: immediate(pat(pythonQuotedContentPattern(k))), note: helper };
    out[pythonStringEndName(k)] = { rule: immediate(str(k.quote)), note: helper };
  }
  return out;
}

// Every statement of a module or block after the first, every case of a match after the first, and every
// clause of a compound statement must start in the column the first one did (SAME_COLUMN_RULE; the
// checker compares the columns). With
// DEDENT zero-width, this is what keeps a deeper line from continuing a block without a `:` before it,
// and a shallower one from closing blocks to a column no block has.
function pythonBlockRules(): Record<string, RuleOverride> {
  const aligned = (item: string, atLeast: 0 | 1 = 0): GrammarRule => {
    const each = seq(sym(SAME_COLUMN_RULE), sym(item));
    return atLeast ? { type: 'REPEAT1', content: each } : repeat(each);
  };
  const note = 'statements line up: each after the first starts in the column of the first (statementColumns)';
  const clause = (name: string): GrammarRule => seq(sym(CLAUSE_COLUMN_RULE), sym(name));
  const optional = (rule: GrammarRule): GrammarRule => choice(rule, { type: 'BLANK' });
  return {
    // A module's statements start in column 0 (Python rejects an indented first line; so a check of
    // top-level constructs alone, as windows are, knows where their lines must start).
    module: { rule: repeat(seq(sym(COLUMN_ZERO_RULE), sym('_statement'))), note: 'statements start in column 0 (statementColumns)' },
    // At least one statement: tree-sitter-python also takes a block with none (`if x:` then a dedent).
    block: { rule: seq(aligned('_statement', 1), sym('_dedent')), note: `${note}; at least one (upstream: any number)` },
    // At least one case, as Python requires (upstream: any number, or a bare line break).
    _match_block: { rule: seq(sym('_indent'), aligned('case_clause', 1), sym('_dedent')), note: 'cases line up as statements do; at least one (upstream: any number, or a bare line break)' },
    // A compound statement's clauses start in its own column: `else:` one level deeper is no `for`'s.
    if_statement: {
      rule: seq(str('if'), sym('expression'), str(':'), sym('_suite'), repeat(clause('elif_clause')), optional(clause('else_clause'))),
      note: 'clauses in the column of the `if`',
    },
    for_statement: {
      rule: seq(optional(str('async')), str('for'), sym('_left_hand_side'), str('in'), sym('_expressions'), str(':'), sym('_suite'), optional(clause('else_clause'))),
      note: 'an `else` in the column of the `for`',
    },
    while_statement: {
      rule: seq(str('while'), sym('expression'), str(':'), sym('_suite'), optional(clause('else_clause'))),
      note: 'an `else` in the column of the `while`',
    },
    // What tree-sitter-python takes and Python 3 rejects at compile time: a `try` with neither.
    try_statement: {
      rule: seq(
        str('try'),
        str(':'),
        sym('_suite'),
        choice(seq(repeat1(clause('except_clause')), optional(clause('else_clause')), optional(clause('finally_clause'))), clause('finally_clause')),
      ),
      note: 'at least one `except`, or a `finally` (upstream: any number of `except`); clauses in the column of the `try`',
    },
    [SAME_COLUMN_RULE]: { rule: { type: 'BLANK' }, note: 'empty; the checker passes it only where the next statement starts in its block\'s column' },
    [CLAUSE_COLUMN_RULE]: { rule: { type: 'BLANK' }, note: 'empty; the checker passes it only where the clause after it starts in the column of its statement\'s header (or either column is unknown)' },
    [COLUMN_ZERO_RULE]: { rule: { type: 'BLANK' }, note: 'empty; the checker passes it only where the next statement starts in column 0' },
  };
}

// What tree-sitter-python takes and Python 3 rejects at compile time: Python 2's print and exec
// statements (`print "x"`), a trailing comma after unparenthesised `with` items, a `\N{...}` escape over
// a line break, and (pythonBlockRules) a `try` with neither `except` nor `finally`. A fill must compile.
function pythonThreeRules(): Record<string, RuleOverride> {
  const never: GrammarRule = { type: 'CHOICE', members: [] };
  return {
    _suite: {
      rule: choice(alias(sym('_simple_statements'), 'block'), seq(sym('_indent'), sym(DEEPER_COLUMN_RULE), sym('block'))),
      note: 'a `:` is followed by statements on its line or an indented block, deeper than the header (upstream also: a bare line break, an empty block)',
    },
    [DEEPER_COLUMN_RULE]: { rule: { type: 'BLANK' }, note: 'empty; the checker passes it only where the block\'s first statement starts deeper than its header (or either column is unknown)' },
    print_statement: { rule: never, note: 'Python 2 only: never' },
    exec_statement: { rule: never, note: 'Python 2 only: never' },
    // `with a, :` parses in tree-sitter; Python takes a trailing comma only inside the parentheses.
    with_clause: {
      rule: choice(
        seq(sym('with_item'), repeat(seq(str(','), sym('with_item')))),
        seq(str('('), sym('with_item'), repeat(seq(str(','), sym('with_item'))), choice(str(','), { type: 'BLANK' }), str(')')),
      ),
      note: 'a trailing comma only inside parentheses (upstream: also `with a, b,:`)',
    },
    escape_sequence: {
      rule: immediate({
        type: 'PREC',
        value: 1,
        content: seq(str('\\'), choice(pat('u[a-fA-F\\d]{4}'), pat('U[a-fA-F\\d]{8}'), pat('x[a-fA-F\\d]{2}'), pat('\\d{1,3}'), pat('\\r?\\n'), pat('[\'"abfrntv\\\\]'), pat('N\\{[^}\\r\\n]+\\}'))),
      }),
      note: "`\\N{name}` within its line (upstream's `[^}]+` runs over line breaks: a fill's `'\\N{` took the next lines into a one-line string up to a `}`, which Python rejects)",
    },
  };
}

/** A line break as JavaScript knows it (LF, CR LF, LS, PS). */
const ASI_LINE_BREAK = '\\r?\\n|\\u2028|\\u2029';

const JS_EXTERNALS: Record<string, ExternalPolicySpec> = {
  // The scanner inserts a semicolon zero-width where a line break, `}`, a comment or the end of the file
  // follows (after spaces). Standing for it: the line break itself, or zero-width before `}` or `/` and
  // at the end of the file.
  _automatic_semicolon: {
    policy: 'regular',
    pattern: ASI_LINE_BREAK,
    atEndOfInput: true,
    zeroWidthBefore: '}/',
    exact: false,
    note: 'automatic semicolon: a line break, or zero-width before `}` or a comment and at the end of the file; also before a line that continues the statement (`a = b\\n(c)`) and before a division, where the scanner inserts none',
  },
  _template_chars: {
    policy: 'regular',
    // Up to a backtick, a backslash or `${`. A `$` must be followed by a content character, so that the
    // longest match stops before `${`; a `$` right before `${`, `\` or the closing backtick is rejected.
    pattern: '(?:[^`\\\\$]|\\$+[^`\\\\${])+',
    exact: false,
    note: 'template string characters; a `$` directly before `${`, a backslash or the closing backtick is not accepted',
  },
  _ternary_qmark: {
    policy: 'regular',
    pattern: '\\?',
    exact: true,
    note: 'the `?` of a conditional expression (the scanner\'s refusal of `??` and `?.` is what longest-match lexing of `??`/`?.` gives)',
  },
  html_comment: {
    policy: 'regular',
    pattern: '(?:<!--|-->)[^\\n\\u2028\\u2029]*',
    exact: false,
    note: 'HTML-like comment to the end of the line; accepted wherever an extra is, the scanner only where `||` and regexes are not expected',
  },
  escape_sequence: { policy: 'regular', exact: true, note: 'defined by the grammar rule of the same name' },
  regex_pattern: { policy: 'regular', exact: true, note: 'defined by the grammar rule of the same name' },
  '||': { policy: 'regular', exact: true, note: 'the string `||` itself' },
  jsx_text: {
    policy: 'regular',
    pattern: '[^<>{}&]+',
    exact: false,
    note: 'JSX text up to `<`, `>`, `{`, `}` or `&`; also accepts whitespace-only text that the scanner leaves to the extras',
  },
};

// C11's keywords, and C++20's (alternative operator spellings included; contextual ones such as
// `override`, `final`, `import`, `module` are not reserved).
const C_RESERVED = ['auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float', 'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while', '_Alignas', '_Alignof', '_Atomic', '_Bool', '_Complex', '_Generic', '_Imaginary', '_Noreturn', '_Static_assert', '_Thread_local'];
const CPP_RESERVED = [
  ...['alignas', 'alignof', 'and', 'and_eq', 'asm', 'auto', 'bitand', 'bitor', 'bool', 'break', 'case', 'catch', 'char', 'char8_t', 'char16_t', 'char32_t', 'class', 'compl', 'concept', 'const', 'consteval', 'constexpr', 'constinit', 'const_cast', 'continue'],
  ...['co_await', 'co_return', 'co_yield', 'decltype', 'default', 'delete', 'do', 'double', 'dynamic_cast', 'else', 'enum', 'explicit', 'export', 'extern', 'false', 'float', 'for', 'friend', 'goto', 'if', 'inline', 'int', 'long', 'mutable', 'namespace', 'new'],
  ...['noexcept', 'not', 'not_eq', 'nullptr', 'operator', 'or', 'or_eq', 'private', 'protected', 'public', 'register', 'reinterpret_cast', 'requires', 'return', 'short', 'signed', 'sizeof', 'static', 'static_assert', 'static_cast', 'struct', 'switch', 'template'],
  ...['this', 'thread_local', 'throw', 'true', 'try', 'typedef', 'typeid', 'typename', 'union', 'unsigned', 'using', 'virtual', 'void', 'volatile', 'wchar_t', 'while', 'xor', 'xor_eq'],
];

// Python 3's keywords (keyword.kwlist): never a name to the compiler. tree-sitter-python reads `x = return`
// as an error too, but the grammar takes `return` as an identifier there; the soft keywords (`match`,
// `case`, `type`, `_`) and Python 2's `print` and `exec` stay names.
const PYTHON_RESERVED = ['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield'];

export const LANGUAGE_LOWERINGS: Readonly<Record<string, LanguageLowering>> = {
  c: {
    externals: {},
    reservedWords: C_RESERVED,
    literalRules: ['string_literal', 'char_literal'],
    closedLiterals: ['string_literal', 'char_literal'],
    generalLexemes: ['preproc_directive'],
    plainGeneralLexemes: ['extra_token1'],
  },
  cpp: {
    reservedWords: CPP_RESERVED,
    literalRules: ['string_literal', 'char_literal'],
    closedLiterals: ['string_literal', 'char_literal'],
    generalLexemes: ['preproc_directive'],
    plainGeneralLexemes: ['extra_token1'],
    externals: {
      raw_string_delimiter: {
        policy: 'regular',
        pattern: `${CPP_DCHAR}{1,16}`,
        exact: false,
        note: 'unused: rule `raw_string_literal` is rewritten as one token. Alone it would not pair the opening and closing delimiters',
      },
      raw_string_content: {
        policy: 'regular',
        pattern: CPP_RAW_CONTENT,
        exact: false,
        note: 'unused: rule `raw_string_literal` is rewritten as one token',
      },
    },
    ruleOverrides: [{
      raw_string_literal: {
        rule: { type: 'TOKEN', content: pat(CPP_RAW_STRING) },
        note: 'one token; the closing delimiter is not paired with the opening one, and content may not hold `)`, delimiter characters and `"` in a row',
      },
    }],
  },
  javascript: { externals: JS_EXTERNALS, literalRules: ['string', 'template_string'], closedLiterals: ['string'] },
  typescript: {
    literalRules: ['string', 'template_string', 'template_literal_type'],
    closedLiterals: ['string'],
    externals: {
      ...JS_EXTERNALS,
      _function_signature_automatic_semicolon: {
        policy: 'regular',
        pattern: ASI_LINE_BREAK,
        atEndOfInput: true,
        zeroWidthBefore: '}/',
        exact: false,
        note: 'automatic semicolon after a function signature: as `_automatic_semicolon`',
      },
      __error_recovery: { policy: 'never', exact: true, note: 'error-recovery sentinel: never part of valid code' },
    },
  },
  python: {
    reservedWords: PYTHON_RESERVED,
    literalRules: ['string'],
    // The whitespace extra (`[\s...]|\r?\n`, named extra_token1 by the grammar's lowering): the scanner
    // emits NEWLINE (or INDENT) for a line break wherever the parser can take one, so a line break is
    // whitespace only where it cannot (inside brackets); else `x\n: y` reads as the annotation `x: y`.
    generalLexemes: ['extra_token1'],
    externals: {
      // The scanner emits these zero-width where the next line break (or the end of the file) follows,
      // with only spaces, comments or line continuations between. Standing for them, NEWLINE and INDENT
      // take that line break itself (the indentation after it is whitespace), so statements need a line
      // break between them and a block opened with `:` on the same line is a simple statement list, as
      // in tree-sitter. DEDENT stays zero-width: the grammar places it after a NEWLINE or DEDENT anyway.
      _newline: {
        policy: 'regular',
        pattern: '\\r?\\n',
        atEndOfInput: true,
        exact: false,
        note: 'NEWLINE: the line break ending a logical line, or the end of the file; a line break where the scanner would emit NEWLINE may also be taken as whitespace',
      },
      _indent: {
        policy: 'regular',
        pattern: '\\r?\\n',
        exact: false,
        note: 'INDENT: the line break after a block\'s `:`; the new line\'s indentation is not compared with the block\'s (tree-sitter emits INDENT only for a deeper line)',
      },
      _dedent: { policy: 'empty', exact: false, note: 'DEDENT: zero-width anywhere the grammar allows it (it follows a NEWLINE or DEDENT); indentation is not compared' },
      string_start: {
        policy: 'regular',
        pattern: '[fFtTrRbBuU]*(?:"|\'|"""|\'\'\'|`)',
        exact: false,
        note: 'unused: rule `string` is rewritten per string kind',
      },
      _string_content: {
        policy: 'regular',
        pattern: '[^"\'`\\\\{}\\n]+',
        exact: false,
        note: 'unused: rule `string` is rewritten per string kind',
      },
      escape_interpolation: { policy: 'regular', pattern: '\\{\\{|\\}\\}', exact: true, note: '`{{` or `}}` in a format string' },
      string_end: { policy: 'regular', pattern: '"|\'|"""|\'\'\'|`', exact: false, note: 'unused: rule `string` is rewritten per string kind' },
      comment: { policy: 'regular', exact: true, note: 'defined by the grammar rule of the same name' },
      ']': { policy: 'regular', exact: true, note: 'the string `]` itself' },
      ')': { policy: 'regular', exact: true, note: 'the string `)` itself' },
      '}': { policy: 'regular', exact: true, note: 'the string `}` itself' },
      except: { policy: 'regular', exact: true, note: 'the string `except` itself' },
    },
    ruleOverrides: [pythonStringRules(), pythonBlockRules(), pythonThreeRules()],
    statementColumns: {
      lineComment: '#',
      note: 'the statements of a block (and the cases of a match) start in one column, and a statement after a block starts in the column of a block around it; a dedent to a column no block has, which Python rejects and tree-sitter accepts, is rejected',
    },
    longestMatchGroups: [
      {
        names: /^_string_start_/,
        note: 'string starts of all kinds: three quotes open a triple-quoted string, never an empty string and a quote',
      },
    ],
  },
  rust: {
    literalRules: ['string_literal'],
    wordsAfter: ["'"],
    externals: {
      string_content: { policy: 'regular', pattern: '[^"\\\\]+', exact: true, note: 'string characters up to a quote or a backslash' },
      _raw_string_literal_start: {
        policy: 'regular',
        pattern: '[bc]?r#*"',
        exact: false,
        note: 'unused: rule `raw_string_literal` is rewritten as one token',
      },
      raw_string_literal_content: {
        policy: 'regular',
        pattern: '[^"]+',
        exact: false,
        note: 'unused: rule `raw_string_literal` is rewritten as one token',
      },
      _raw_string_literal_end: {
        policy: 'regular',
        pattern: '"#*',
        exact: false,
        note: 'unused: rule `raw_string_literal` is rewritten as one token',
      },
      float_literal: {
        policy: 'regular',
        pattern: '[0-9][0-9_]*(?:\\.(?:[0-9_]+(?:[eE][+-]?[0-9_]+)?(?:[uif][0-9]+)?)?|[eE][+-]?[0-9_]+(?:[uif][0-9]+)?)',
        exact: false,
        note: 'a float; the scanner\'s look-ahead (no float `1.` before a letter or `.`) is left to the grammar: `1.max` also lexes as `1.` `max`',
      },
      _outer_block_doc_comment_marker: { policy: 'regular', pattern: '\\*', exact: false, note: 'the second `*` of `/**` (inside a block comment, lowered to one lexeme)' },
      _inner_block_doc_comment_marker: { policy: 'regular', pattern: '!', exact: true, note: 'the `!` of `/*!` (inside a block comment, lowered to one lexeme)' },
      _block_comment_content: {
        policy: 'regular',
        pattern: '(?:[^*]|\\*+[^*/])*\\**',
        exact: false,
        note: 'block comment text up to the first `*/`: nested block comments end at their first `*/`',
      },
      _line_doc_content: { policy: 'regular', pattern: '[^\\n]*\\n?', exact: true, note: 'doc comment text to the end of the line, newline included' },
      _error_sentinel: { policy: 'never', exact: true, note: 'error-recovery sentinel: never part of valid code' },
    },
    ruleOverrides: [{
      raw_string_literal: {
        rule: { type: 'TOKEN', content: pat(RUST_RAW_STRING) },
        note: `one token; exact for up to ${RUST_MAX_RAW_HASHES} hashes (r#"..."#), more are rejected`,
      },
    }],
  },
  go: { externals: {}, literalRules: ['interpreted_string_literal', 'raw_string_literal'] },
  json: { externals: {}, literalRules: ['string'], closedLiterals: ['string'] },
};

export function languageLowering(language: string): LanguageLowering | undefined {
  return Object.prototype.hasOwnProperty.call(LANGUAGE_LOWERINGS, language) ? LANGUAGE_LOWERINGS[language] : undefined;
}
