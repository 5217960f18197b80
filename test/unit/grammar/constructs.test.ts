// One construct of grammar.json at a time, on tiny hand-written grammars, plus a randomised differential
// test: the language of the compiled grammar (brute force up to a length) equals the language of the
// grammar.json rule trees read directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompiledGrammar } from '../../../src/grammar/compiled';
import type { GrammarRule } from '../../../src/grammar/grammar-json';
import { MAX_SEQUENCE_EXPANSION } from '../../../src/grammar/flatten';
import { compileGrammarValue, type CompileOptions, type CompileResult } from '../../../src/grammar/prepare';
import { printProduction } from '../../../src/grammar/printer';
import { regexMatches, regexNullable } from '../../../src/grammar/regex';
import { sentencesOfCompiled, sentencesOfJson, sorted } from './oracle';
import { seededRandom } from '../../support/random';

// ---- grammar.json builders ----
const S = (value: string): GrammarRule => ({ type: 'STRING', value });
const P = (value: string): GrammarRule => ({ type: 'PATTERN', value });
const sym = (name: string): GrammarRule => ({ type: 'SYMBOL', name });
const seq = (...members: GrammarRule[]): GrammarRule => ({ type: 'SEQ', members });
const choice = (...members: GrammarRule[]): GrammarRule => ({ type: 'CHOICE', members });
const BLANK: GrammarRule = { type: 'BLANK' };
const repeat = (content: GrammarRule): GrammarRule => ({ type: 'REPEAT', content });
const repeat1 = (content: GrammarRule): GrammarRule => ({ type: 'REPEAT1', content });
const token = (content: GrammarRule): GrammarRule => ({ type: 'TOKEN', content });
const immediate = (content: GrammarRule): GrammarRule => ({ type: 'IMMEDIATE_TOKEN', content });

function compile(rules: Record<string, GrammarRule>, rest: Record<string, unknown> = {}, options: CompileOptions = {}): CompileResult {
  return compileGrammarValue({ name: 'tiny', rules, extras: [], ...rest }, 'tiny.json', options);
}

/** `A ::= ...` lines of a compiled grammar, keyed by nonterminal name. */
function productions(g: CompiledGrammar): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let a = g.terminalCount; a < g.symbolCount; a++) {
    const list: string[] = [];
    for (let i = g.rulesOfStart[a]; i < g.rulesOfStart[a + 1]; i++) list.push(printProduction(g, g.rulesOf[i]));
    out.set(g.symbolNames[a], list);
  }
  return out;
}

const symbolId = (g: CompiledGrammar, name: string): number => {
  const id = g.symbolNames.indexOf(name);
  assert.ok(id >= 0, `no symbol ${name} in ${g.symbolNames.join(' ')}`);
  return id;
};

function sameLanguage(rules: Record<string, GrammarRule>, maxTokens = 4, rest: Record<string, unknown> = {}, options: CompileOptions = {}): CompiledGrammar {
  const { grammar } = compile(rules, rest, options);
  assert.deepEqual(sorted(sentencesOfCompiled(grammar, maxTokens)), sorted(sentencesOfJson(rules, maxTokens)));
  return grammar;
}

test('REPEAT becomes a nullable left-recursive helper', () => {
  const g = sameLanguage({ list: repeat(S('a')) });
  assert.deepEqual(productions(g).get('list_repeat1'), ['ε', 'list_repeat1 "a"']);
  assert.equal(g.nullable[symbolId(g, 'list')], 1);
  assert.deepEqual(sorted(sentencesOfCompiled(g, 3)), ['', 'a', 'a a', 'a a a']);
});

test('REPEAT1 becomes a non-nullable left-recursive helper', () => {
  const g = sameLanguage({ list: seq(S('['), repeat1(S('a')), S(']')) });
  assert.deepEqual(productions(g).get('list_repeat1'), ['"a"', 'list_repeat1 "a"']);
  assert.equal(g.nullable[symbolId(g, 'list_repeat1')], 0);
  assert.ok(!sentencesOfCompiled(g, 4).has('[ ]'));
});

test('identical repeats share one helper', () => {
  const g = sameLanguage({ s: seq(repeat(S('a')), S(';'), repeat(S('a'))) });
  assert.equal(g.symbolNames.filter((n) => n.includes('_repeat')).length, 1);
});

test('a CHOICE inside a SEQ becomes a helper nonterminal (one Earley item where its alternatives would make one each)', () => {
  const g = sameLanguage({ s: seq(S('a'), choice(S('b'), BLANK), S('c')) });
  assert.deepEqual(productions(g).get('s'), ['"a" s_group1 "c"']);
  assert.deepEqual(productions(g).get('s_group1'), ['"b"', 'ε']);
  assert.equal(g.nullable[symbolId(g, 's_group1')], 1);
});

test('factor-prefixes: productions that begin or end alike share that part; repeats stay left-recursive', () => {
  const e = (op: string) => seq(sym('e'), S(op), sym('e'));
  const g = sameLanguage({ s: sym('e'), e: choice(e('+'), e('-'), e('*'), S('n')) }, 5);
  assert.deepEqual(productions(g).get('e'), ['e e_tail1', '"n"']);
  assert.deepEqual(productions(g).get('e_tail1'), ['e_head2 e']);
  assert.deepEqual(productions(g).get('e_head2'), ['"+"', '"-"', '"*"']);
  const { grammar: plain, stats } = compile({ s: sym('e'), e: choice(e('+'), e('-'), e('*'), S('n')) }, {}, { factor: false });
  assert.deepEqual(productions(plain).get('e'), ['e "+" e', 'e "-" e', 'e "*" e', '"n"']);
  assert.equal(stats.factor.helpers, 0);
  const optional = sameLanguage({ s: choice(seq(S('a'), S('b')), seq(S('a'), S('b'), S('c')), S('d')) });
  assert.deepEqual(productions(optional).get('s'), ['"a" "b" s_tail1', '"d"']);
  assert.deepEqual(productions(optional).get('s_tail1'), ['ε', '"c"']);
  const list = sameLanguage({ s: repeat1(seq(S('x'), S(';'))) });
  assert.deepEqual(productions(list).get('s_repeat1'), ['"x" ";"', 's_repeat1 "x" ";"']);
});

test('a SEQ of many CHOICEs gets helper nonterminals instead of an exponential product', () => {
  const members = Array.from({ length: 8 }, (_, i) => choice(S(`x${i}`), BLANK));
  const g = sameLanguage({ s: seq(...members) }, 3);
  const sProductions = productions(g).get('s')!;
  assert.ok(sProductions.length <= MAX_SEQUENCE_EXPANSION, `${sProductions.length} productions`);
  assert.ok(g.symbolNames.some((n) => n.startsWith('s_group')));
});

test('identical STRINGs share one lexeme', () => {
  const { grammar: g } = compile({ s: seq(S('x'), sym('t'), S('x')), t: choice(S('x'), S('y')) });
  assert.equal(g.lexemes.filter((l) => l.literal === 'x').length, 1);
  assert.equal(g.terminalCount, 2);
});

test('TOKEN content (SEQ, CHOICE, REPEAT, STRING, PATTERN) becomes one lexeme', () => {
  const { grammar: g } = compile({
    s: seq(sym('number'), S(';')),
    number: token(seq(choice(S('-'), BLANK), P('[0-9]+'), repeat(seq(S('_'), P('[0-9]'))))),
  });
  const number = g.lexemes.find((l) => l.name === 'number')!;
  assert.equal(number.source, 'pattern');
  for (const ok of ['0', '-12', '1_2_3']) assert.ok(regexMatches(number.regex, ok), ok);
  for (const bad of ['', '-', '1_', '_1', '1 2']) assert.ok(!regexMatches(number.regex, bad), bad);
  assert.deepEqual(productions(g).get('s'), ['number ";"']);
  assert.ok(regexMatches(number.regex, number.example), `example ${number.example}`);
});

test('an anonymous TOKEN inside a rule is its own lexeme; TOKEN of a STRING is that STRING', () => {
  const { grammar: g } = compile({ s: seq(token(seq(S('<'), S('<'))), token(S('x')), S('x')) });
  assert.deepEqual(productions(g).get('s'), ['s_token1 "x" "x"']);
  assert.ok(regexMatches(g.lexemes.find((l) => l.name === 's_token1')!.regex, '<<'));
});

test('IMMEDIATE_TOKEN gives an immediate lexeme, apart from the plain one', () => {
  const { grammar: g } = compile({ s: seq(S('x'), immediate(S('x')), immediate(P('[a-z]+'))) });
  const xs = g.lexemes.filter((l) => l.literal === 'x');
  assert.deepEqual(xs.map((l) => l.immediate).sort(), [false, true]);
  assert.equal(g.lexemes.find((l) => l.literal === null)!.immediate, true);
});

test('PREC, PREC_LEFT, PREC_RIGHT, PREC_DYNAMIC, FIELD, ALIAS and RESERVED do not change the grammar', () => {
  const plain = { s: seq(sym('e'), S(';')), e: choice(seq(sym('e'), S('+'), sym('e')), S('n')) };
  const decorated: Record<string, GrammarRule> = {
    s: seq({ type: 'FIELD', name: 'body', content: sym('e') }, S(';')),
    e: {
      type: 'PREC_DYNAMIC',
      value: 1,
      content: choice(
        { type: 'PREC_LEFT', value: 'sum', content: seq({ type: 'PREC_RIGHT', value: 2, content: sym('e') }, S('+'), sym('e')) },
        { type: 'RESERVED', context_name: 'ctx', content: { type: 'ALIAS', value: 'number', named: true, content: { type: 'PREC', value: -1, content: S('n') } } },
      ),
    },
  };
  assert.deepEqual(productions(compile(decorated).grammar), productions(compile(plain).grammar));
  sameLanguage(decorated, 5);
});

test('an ALIAS of a symbol is the symbol; an ALIAS of a STRING keeps the string\'s text', () => {
  const { grammar: g } = compile({
    s: seq({ type: 'ALIAS', value: 'renamed', named: true, content: sym('t') }, { type: 'ALIAS', value: 'y', named: false, content: S('x') }),
    t: S('t'),
  });
  assert.deepEqual(productions(g).get('s'), ['t "x"']);
  assert.ok(!g.symbolNames.includes('renamed'));
});

test('ALIAS names of lexemes are kept as the node types tree-sitter shows for them', () => {
  const alias = (content: GrammarRule, value: string): GrammarRule => ({ type: 'ALIAS', value, named: true, content });
  const { grammar: g } = compile({
    s: seq(alias(sym('id'), 'field_identifier'), sym('id'), alias(S('of'), 'identifier'), alias(P('[0-9]+'), 'number'), alias(choice(sym('id'), S('of')), 'shorthand')),
    id: P('[a-z]+'),
  });
  const names = (l: { treeSitterNames?: readonly string[] } | undefined): string[] => [...(l?.treeSitterNames ?? [])].sort();
  assert.deepEqual(names(g.lexemes.find((l) => l.name === 'id')), ['field_identifier', 'id', 'shorthand']);
  assert.deepEqual(names(g.lexemes.find((l) => l.literal === 'of')), ['identifier', 'of', 'shorthand']);
  assert.deepEqual(names(g.lexemes.find((l) => l.name === 's_token1')), ['number']);
});

test('inline rules are substituted and disappear', () => {
  const rules = { s: seq(sym('_pair'), sym('_pair')), _pair: choice(S('a'), seq(S('b'), S('c'))) };
  const g = sameLanguage(rules, 4, { inline: ['_pair'] }, { factor: false });
  assert.ok(!g.symbolNames.includes('_pair'));
  assert.deepEqual(productions(g).get('s'), ['"a" "a"', '"a" "b" "c"', '"b" "c" "a"', '"b" "c" "b" "c"']);
});

test('a recursive inline rule is left in place', () => {
  const { grammar: g, stats } = compile({ s: sym('_list'), _list: choice(S('a'), seq(sym('_list'), S('a'))) }, { inline: ['_list'] });
  assert.ok(g.symbolNames.includes('_list'));
  assert.deepEqual(stats.inline.skippedRecursive, ['_list']);
});

test('useless symbols go: unreachable rules, unproductive rules and the productions using them', () => {
  const { grammar: g, stats } = compile({
    s: choice(S('a'), seq(S('b'), sym('loop'))),
    loop: seq(S('c'), sym('loop')), // never terminates: unproductive
    orphan: S('z'), // unreachable
  });
  assert.ok(!g.symbolNames.includes('loop'));
  assert.ok(!g.symbolNames.includes('orphan'));
  assert.ok(!g.lexemes.some((l) => l.literal === 'z' || l.literal === 'b' || l.literal === 'c'));
  assert.deepEqual(productions(g).get('s'), ['"a"']);
  assert.equal(stats.useless.unproductiveNonterminals, 1);
});

test('a start rule that derives nothing is an error naming the rule', () => {
  assert.throws(() => compile({ s: seq(S('a'), sym('s')) }), /tiny\.json: the start rule "s" derives no text at all/);
});

test('nullable is computed through chains of rules', () => {
  const { grammar: g } = compile({
    s: seq(sym('a'), sym('b')),
    a: choice(BLANK, S('x')),
    b: seq(sym('a'), sym('a')),
    c: seq(sym('a'), S('y')),
    d: choice(sym('c'), sym('s')),
  }, { inline: [] });
  // d and c are unreachable from s; check what remains.
  assert.equal(g.nullable[symbolId(g, 's')], 1);
  assert.equal(g.nullable[symbolId(g, 'a')], 1);
  assert.equal(g.nullable[symbolId(g, 'b')], 1);
  for (let t = 0; t < g.terminalCount; t++) assert.equal(g.nullable[t], 0);
  const { grammar: h } = compile({ s: choice(sym('c'), sym('a')), a: choice(BLANK, S('x')), c: seq(sym('a'), S('y')) });
  assert.equal(h.nullable[symbolId(h, 'c')], 0);
  assert.equal(h.nullable[symbolId(h, 's')], 1);
});

test('the first rule is the start symbol', () => {
  const { grammar: g } = compile({ top: sym('inner'), inner: S('x') });
  assert.equal(g.symbolNames[g.startSymbol], 'top');
});

test('a lexeme that matches the empty string keeps its non-empty words and becomes optional where used', () => {
  const { grammar: g } = compile({ s: seq(S('<'), sym('body'), S('>')), body: P('[a-z]*') });
  const body = g.lexemes.find((l) => l.name === 'body')!;
  assert.ok(!regexNullable(body.regex));
  assert.ok(regexMatches(body.regex, 'abc'));
  assert.deepEqual(productions(g).get('s'), ['"<" s_group1 ">"']);
  assert.deepEqual(productions(g).get('s_group1'), ['body', 'ε']);
});

test('word rule: STRINGs it matches entirely are keywords, others are not', () => {
  const { grammar: g } = compile(
    { s: repeat(choice(sym('identifier'), S('if'), S('+'), S('if2'), S('2x'), sym('boolean'))), identifier: P('[a-z_][a-z0-9_]*'), boolean: token(choice(S('true'), S('false'))) },
    { word: 'identifier' },
  );
  const kw = (name: string): boolean => g.lexemes.find((l) => l.name === name)!.keyword;
  assert.equal(kw('"if"'), true);
  assert.equal(kw('"if2"'), true);
  assert.equal(kw('"+"'), false);
  assert.equal(kw('"2x"'), false);
  assert.equal(kw('boolean'), true, 'a token with a finite set of identifier-shaped words is a keyword');
  assert.equal(kw('identifier'), false);
  assert.equal(g.lexemes[g.wordLexeme].name, 'identifier');
});

test('keywords in the global reserved set are reserved; the others are contextual', () => {
  const { grammar: g } = compile(
    { s: repeat(choice(sym('identifier'), S('if'), S('then'))), identifier: P('[a-z]+') },
    { word: 'identifier', reserved: { global: [S('if')], properties: [S('then')] } },
  );
  const lexemeOf = (literal: string) => g.lexemes.find((l) => l.literal === literal)!;
  assert.deepEqual([lexemeOf('if').keyword, lexemeOf('if').reserved], [true, true]);
  assert.deepEqual([lexemeOf('then').keyword, lexemeOf('then').reserved], [true, false]);
});

test('inside RESERVED(ctx, ...) the word rule also takes the global keywords ctx does not reserve', () => {
  const { grammar: g } = compile(
    {
      s: seq(sym('identifier'), S('.'), { type: 'RESERVED', context_name: 'properties', content: sym('identifier' ) }, S('if'), S('else')),
      identifier: P('[a-z]+'),
    },
    { word: 'identifier', reserved: { global: [S('if'), S('else')], properties: [S('else')] } },
  );
  assert.deepEqual(productions(g).get('s'), ['identifier "." s_group1 "if" "else"']);
  assert.deepEqual(productions(g).get('s_group1'), ['identifier', '"if"']);
});

test('a word rule that is not a token is an error', () => {
  assert.throws(() => compile({ s: sym('w'), w: seq(S('a'), S('b')) }, { word: 'w' }), /"word" names rule "w", which is not a token/);
});

test('extras: patterns and token rules become extra lexemes; a syntax rule is lowered to one lexeme', () => {
  const { grammar: g } = compile(
    {
      s: repeat(S('x')),
      comment: token(seq(S('#'), P('.*'))),
      block: seq(S('(*'), repeat(choice(P('[^*]'), seq(S('*'), P('[^)]')))), S('*)')),
    },
    { extras: [P('\\s'), sym('comment'), sym('block')] },
  );
  const extras = Array.from(g.extras, (id) => g.lexemes[id]);
  assert.equal(extras.length, 3);
  assert.ok(extras.every((l) => l.extra));
  const block = extras.find((l) => l.name === 'block')!;
  assert.equal(block.source, 'extra-token');
  assert.ok(regexMatches(block.regex, '(* a * b *)'));
  assert.ok(!regexMatches(block.regex, '(* a *) b *)'));
  assert.ok(regexMatches(extras.find((l) => l.name === 'comment')!.regex, '# note'));
});

test('an extra rule that recurses cannot be lowered: the error names the cycle', () => {
  assert.throws(
    () => compile({ s: S('x'), nest: seq(S('('), choice(sym('nest'), BLANK), S(')')) }, { extras: [sym('nest')] }),
    /extra rule "nest": recursive rules cannot be lowered to one lexeme \(nest -> nest\)/,
  );
});

test('external tokens follow their policy: regular, empty, never, and STRING externals', () => {
  // A grammar named like a built-in language gets that language's policies.
  const { grammar: py } = compileGrammarValue(
    {
      name: 'python',
      rules: { block: seq(S('pass'), sym('_newline'), choice(sym('_indent'), S(']'))) },
      externals: [sym('_newline'), sym('_indent'), S(']')],
      extras: [],
    },
    'py.json',
  );
  assert.deepEqual(productions(py).get('block'), ['"pass" _newline block_group1']);
  assert.deepEqual(productions(py).get('block_group1'), ['_indent', '"]"']);
  assert.deepEqual(py.externals.map((x) => `${x.name}:${x.policy}`), ['_newline:regular', '_indent:regular', ']:regular']);
  assert.equal(py.supportLevel, 'approximate');

  const { grammar: rust } = compileGrammarValue(
    {
      name: 'rust',
      rules: { s: choice(seq(S('"'), sym('string_content'), S('"')), sym('_error_sentinel')) },
      externals: [sym('string_content'), sym('_error_sentinel')],
      extras: [],
    },
    'rs.json',
  );
  assert.deepEqual(productions(rust).get('s'), ['"\\"" string_content "\\""']);
  const content = rust.lexemes.find((l) => l.name === 'string_content')!;
  assert.equal(content.source, 'external-regular');
  assert.ok(regexMatches(content.regex, 'abc'));
  assert.ok(!regexMatches(content.regex, 'a"c'));
});

test('an unknown external token is assumed empty, and the grammar is approximate', () => {
  const { grammar: g } = compile({ s: seq(S('a'), sym('_mystery'), S('b')) }, { externals: [sym('_mystery')] });
  assert.deepEqual(productions(g).get('s'), ['"a" "b"']);
  assert.equal(g.externals[0].policy, 'empty');
  assert.equal(g.supportLevel, 'approximate');
});

test('a grammar without externals is exact', () => {
  assert.equal(compile({ s: S('a') }).grammar.supportLevel, 'exact');
});

test('lexeme examples are short words of their regex', () => {
  const { grammar: g } = compile({
    s: seq(sym('identifier'), sym('number'), sym('string'), S('while')),
    identifier: P('[A-Za-z_]\\w*'),
    number: P('\\d+(\\.\\d+)?'),
    string: token(seq(S('"'), repeat(P('[^"]')), S('"'))),
  });
  const example = (name: string): string => g.lexemes.find((l) => l.name === name)!.example;
  assert.equal(example('identifier').length, 1);
  assert.match(example('number'), /^\d$/);
  assert.equal(example('string'), '""');
  assert.equal(example('"while"'), 'while');
});

// ---- randomised differential test ----
const rng = seededRandom;

function randomRule(r: () => number, names: readonly string[], depth: number): GrammarRule {
  const leaf = (): GrammarRule => {
    const x = r();
    if (x < 0.45) return S('abc'[Math.floor(r() * 3)]);
    if (x < 0.8) return sym(names[Math.floor(r() * names.length)]);
    return BLANK;
  };
  if (depth <= 0) return leaf();
  const kids = (): GrammarRule[] => Array.from({ length: 1 + Math.floor(r() * 3) }, () => randomRule(r, names, depth - 1));
  const x = r();
  if (x < 0.25) return seq(...kids());
  if (x < 0.5) return choice(...kids());
  if (x < 0.6) return repeat(randomRule(r, names, depth - 1));
  if (x < 0.7) return repeat1(randomRule(r, names, depth - 1));
  if (x < 0.75) return { type: 'PREC_LEFT', value: 1, content: randomRule(r, names, depth - 1) };
  if (x < 0.8) return { type: 'FIELD', name: 'f', content: randomRule(r, names, depth - 1) };
  return leaf();
}

test('random tiny grammars: compiled language equals the grammar.json language (up to 4 tokens)', () => {
  const r = rng(20240611);
  let compared = 0;
  for (let trial = 0; trial < 150; trial++) {
    const names = ['r0', 'r1', 'r2', 'r3'].slice(0, 2 + Math.floor(r() * 3));
    const rules: Record<string, GrammarRule> = {};
    for (const n of names) rules[n] = randomRule(r, names, 3);
    const inline = names.slice(1).filter(() => r() < 0.3);
    const expected = sentencesOfJson(rules, 4);
    let grammar: CompiledGrammar;
    try {
      grammar = compile(rules, { inline }).grammar;
    } catch (e) {
      // Only a grammar whose language is empty may fail, and then it has no short sentence either.
      assert.match((e as Error).message, /derives no text/);
      assert.equal(expected.size, 0, JSON.stringify(rules));
      continue;
    }
    if (expected.size > 0) compared++;
    assert.deepEqual(sorted(sentencesOfCompiled(grammar, 4)), sorted(expected), JSON.stringify({ rules, inline }));
  }
  assert.ok(compared > 100, `only ${compared} grammars compared`);
});
