// grammar.json validation: every problem is reported with the file, the rule and the path inside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrammarJsonError, parseGrammarJsonText, validateGrammarJson } from '../../../src/grammar/grammar-json';
import { compileGrammarValue } from '../../../src/grammar/prepare';

const FILE = '/home/user/my-lang/grammar.json';

function problemsOf(value: unknown): readonly string[] {
  try {
    validateGrammarJson(value, FILE);
  } catch (e) {
    assert.ok(e instanceof GrammarJsonError, String(e));
    assert.ok(e.message.startsWith(`${FILE}: invalid grammar.json:`), e.message);
    assert.equal(e.code, 'bad-grammar');
    return e.problems;
  }
  assert.fail('expected a GrammarJsonError');
}

const rules = (r: Record<string, unknown>): unknown => ({ name: 'mine', rules: r });

test('accepts a minimal grammar and reads its members', () => {
  const g = validateGrammarJson(
    { name: 'mine', word: 'id', rules: { s: { type: 'SYMBOL', name: 'id' }, id: { type: 'PATTERN', value: '[a-z]+', flags: 'i' } }, inline: [], externals: [{ type: 'SYMBOL', name: 'ext' }] },
    FILE,
  );
  assert.deepEqual(g.rules.map(([n]) => n), ['s', 'id']);
  assert.equal(g.word, 'id');
  assert.deepEqual(g.extras, [{ type: 'PATTERN', value: '\\s' }], 'default extras: whitespace');
  assert.deepEqual(g.rules[1][1], { type: 'PATTERN', value: '[a-z]+', flags: 'i' });
});

test('not JSON at all', () => {
  assert.throws(() => parseGrammarJsonText('{"name": "x", rules: {}}', FILE), (e: Error) => e instanceof GrammarJsonError && /not valid JSON/.test(e.message));
});

test('top level: missing name and rules', () => {
  assert.deepEqual(problemsOf({}), [
    'top level: "name" must be a non-empty string, found nothing',
    'top level: "rules" must be an object mapping rule names to rules, found nothing',
  ]);
  assert.deepEqual(problemsOf({ name: 'x', rules: {} }), ['top level: "rules" is empty: a grammar needs a start rule']);
});

test('unknown rule type, with the path to it', () => {
  assert.deepEqual(problemsOf(rules({ s: { type: 'SEQ', members: [{ type: 'STRING', value: 'a' }, { type: 'OPTIONAL', content: { type: 'BLANK' } }] } })), [
    'rule "s" > SEQ.members[1]: unknown rule type "OPTIONAL"',
  ]);
});

test('missing and ill-typed members', () => {
  assert.deepEqual(problemsOf(rules({ a: { type: 'CHOICE' }, b: { type: 'REPEAT' }, c: { type: 'STRING', value: 3 }, d: { type: 'ALIAS', value: 'x', content: { type: 'BLANK' } } })), [
    'rule "a" > CHOICE: "members" must be an array, found nothing',
    'rule "b" > REPEAT: missing "content"',
    'rule "c" > STRING: "value" must be a string, found number 3',
    'rule "d" > ALIAS: "named" must be a boolean, found nothing',
  ]);
});

test('empty STRING and empty CHOICE are refused', () => {
  assert.deepEqual(problemsOf(rules({ s: { type: 'CHOICE', members: [] }, t: { type: 'STRING', value: '' } })), [
    'rule "s" > CHOICE: CHOICE without members (matches nothing)',
    'rule "t" > STRING: empty STRING (tree-sitter forbids empty tokens; use BLANK)',
  ]);
});

test('unknown symbol references are reported where they occur', () => {
  assert.deepEqual(problemsOf(rules({ s: { type: 'SEQ', members: [{ type: 'SYMBOL', name: 'expresion' }] }, t: { type: 'FIELD', name: 'f', content: { type: 'SYMBOL', name: 'nope' } } })), [
    'rule "s" > SEQ.members[0] > SYMBOL: reference to undefined symbol "expresion"',
    'rule "t" > FIELD.content > SYMBOL: reference to undefined symbol "nope"',
  ]);
});

test('word, inline, extras and externals are checked too', () => {
  assert.deepEqual(
    problemsOf({
      name: 'x',
      rules: { s: { type: 'BLANK' } },
      word: 'ident',
      inline: ['_missing', 7],
      extras: [{ type: 'SYMBOL', name: 'comment' }],
      externals: [{ type: 'SEQ', members: [] }],
    }),
    [
      'externals[0]: an external token must be a SYMBOL or a STRING, found SEQ',
      'inline[0]: "_missing" is not a rule of this grammar',
      'inline[1]: expected a rule name, found number 7',
      'top level: "word" names "ident", which is not a rule of this grammar',
      'extras[0] > SYMBOL: reference to undefined symbol "comment"',
    ],
  );
});

test('many problems are all listed, the message shows the first ones', () => {
  const many: Record<string, unknown> = {};
  for (let i = 0; i < 20; i++) many[`r${i}`] = { type: 'SYMBOL', name: `missing${i}` };
  const problems = problemsOf(rules(many));
  assert.equal(problems.length, 20);
  try {
    validateGrammarJson(rules(many), FILE);
  } catch (e) {
    assert.match((e as Error).message, /\.\.\. and 8 more$/);
  }
});

test('compiler errors name the file and rule: a bad PATTERN', () => {
  assert.throws(
    () => compileGrammarValue({ name: 'x', rules: { s: { type: 'SYMBOL', name: 'num' }, num: { type: 'PATTERN', value: '(?<=a)b' } } }, FILE),
    (e: Error) => e.message.startsWith(`${FILE}: rule "num": regex /(?<=a)b/`),
  );
});
