// The lazy lexer DFA against regex derivatives (an oracle without automata) on small lexeme sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEAD, type DfaState } from '../../../src/lexing/automaton';
import { compileLexer, LazyLexerDfa } from '../../../src/lexing/dfa';
import { CharClasses, LexerNfa } from '../../../src/lexing/nfa';
import type { CompiledGrammar } from '../../../src/grammar/compiled';
import { derivativeBy, languageEmpty, lexemeGrammar, pick, regexMatches, rng, suffixes, allStrings, type LexemeSpec } from './lexemes';
import { regexNullable, regexToString } from '../../../src/grammar/regex';

function run(lexer: LazyLexerDfa, from: DfaState, text: string): DfaState {
  let state = from;
  for (const ch of text) state = lexer.step(state, ch.codePointAt(0)!);
  return state;
}

const ids = (xs: Int32Array): number[] => Array.from(xs);
const describe = (g: CompiledGrammar): string => g.lexemes.map((l) => `${l.id}:/${regexToString(l.regex)}/`).join(' ');

/** Oracle sets for a text read from some state, via derivatives of each lexeme's language L. */
function expected(grammar: CompiledGrammar, language: (id: number) => ReturnType<typeof derivativeBy>): { accepts: number[]; live: number[] } {
  const accepts: number[] = [];
  const live: number[] = [];
  for (const lexeme of grammar.lexemes) {
    const rest = language(lexeme.id);
    if (!languageEmpty(rest)) live.push(lexeme.id);
    if (regexNullable(rest)) accepts.push(lexeme.id);
  }
  return { accepts, live };
}

const ATOMS = ['a', 'b', 'c', '[ab]', '[bc]', '(a|bc)', '(ab)', 'é', '😀', '[a-c😀]'];
const QUANTIFIERS = ['', '', '*', '+', '?', '{2}', '{1,2}', '{0,3}'];

function randomLexemes(r: () => number): LexemeSpec[] {
  const count = 1 + Math.floor(r() * 4);
  const specs: LexemeSpec[] = [];
  for (let i = 0; i < count; i++) {
    if (r() < 0.3) {
      specs.push({ name: Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, ['a', 'b', 'c'])).join('') });
      continue;
    }
    let pattern = '';
    const atoms = 1 + Math.floor(r() * 3);
    for (let k = 0; k < atoms; k++) pattern += pick(r, ATOMS) + pick(r, QUANTIFIERS);
    specs.push({ name: `t${i}`, pattern: r() < 0.15 ? `${pattern}|${pick(r, ATOMS)}` : pattern });
  }
  return specs;
}

const TEXTS = allStrings(['a', 'b', 'c', 'é', '😀', 'x'], 3).concat(['abab', 'bcbc', 'aaaa', 'abcabc', '😀😀😀', 'éab']);

test('start: accepts and live agree with derivatives on random lexeme sets', () => {
  const r = rng(1);
  for (let round = 0; round < 150; round++) {
    const grammar = lexemeGrammar(randomLexemes(r));
    const lexer = compileLexer(grammar);
    for (const w of TEXTS) {
      const state = run(lexer, lexer.start, w);
      const want = expected(grammar, (id) => derivativeBy(grammar.lexemes[id].regex, w));
      const context = `${describe(grammar)} after ${JSON.stringify(w)}`;
      assert.deepEqual(ids(lexer.accepts(state)), want.accepts, `accepts: ${context}`);
      assert.deepEqual(ids(lexer.live(state)), want.live, `live: ${context}`);
      assert.equal(state === DEAD, want.live.length === 0, `dead: ${context}`);
    }
  }
});

test('anywhere: reading w accepts t iff w is a non-empty suffix of a word of t; live iff a factor', () => {
  const r = rng(2);
  for (let round = 0; round < 100; round++) {
    const grammar = lexemeGrammar(randomLexemes(r));
    const lexer = compileLexer(grammar);
    for (const w of TEXTS) {
      if (w === '') continue;
      const state = run(lexer, lexer.anywhere, w);
      const want = expected(grammar, (id) => derivativeBy(suffixes(grammar.lexemes[id].regex), w));
      assert.deepEqual(ids(lexer.accepts(state)), want.accepts, `${describe(grammar)}: anywhere accepts after ${JSON.stringify(w)}`);
      assert.deepEqual(ids(lexer.live(state)), want.live, `${describe(grammar)}: anywhere live after ${JSON.stringify(w)}`);
    }
  }
});

test('reachClosure: from the closure of run(w), reading x accepts t iff w·y·x is a word of t for some y', () => {
  const r = rng(3);
  const shortTexts = allStrings(['a', 'b', 'c', '😀'], 2);
  for (let round = 0; round < 80; round++) {
    const grammar = lexemeGrammar(randomLexemes(r));
    const lexer = compileLexer(grammar);
    for (const w of shortTexts) {
      const state = run(lexer, lexer.start, w);
      const closure = lexer.reachClosure(state);
      if (state === DEAD) {
        assert.equal(closure, DEAD);
        continue;
      }
      assert.deepEqual(ids(lexer.accepts(closure)), ids(lexer.live(state)), 'the closure accepts exactly what can still be accepted');
      assert.equal(lexer.reachClosure(closure), closure, 'closure is idempotent');
      for (const x of shortTexts) {
        const after = run(lexer, closure, x);
        const want = expected(grammar, (id) => derivativeBy(suffixes(derivativeBy(grammar.lexemes[id].regex, w)), x));
        assert.deepEqual(ids(lexer.accepts(after)), want.accepts, `${describe(grammar)}: closure of ${JSON.stringify(w)} then ${JSON.stringify(x)}`);
        assert.deepEqual(ids(lexer.live(after)), want.live, `closure of ${JSON.stringify(w)} then ${JSON.stringify(x)} (live)`);
      }
    }
  }
});

test('states are hash-consed and transitions memoised', () => {
  const grammar = lexemeGrammar([{ name: 'id', pattern: '[a-z]+' }, { name: 'if' }, { name: 'num', pattern: '[0-9]+' }]);
  const lexer = compileLexer(grammar);
  assert.equal(compileLexer(grammar), lexer, 'one automaton per grammar object');
  const x = run(lexer, lexer.start, 'xyz');
  assert.equal(run(lexer, lexer.start, 'abcdef'), x, 'same NFA set, same id');
  const before = lexer.stateCount;
  run(lexer, lexer.start, 'qwerty');
  assert.equal(lexer.stateCount, before);
  assert.deepEqual(ids(lexer.accepts(run(lexer, lexer.start, 'if'))), [0, 1]);
  assert.deepEqual(ids(lexer.live(run(lexer, lexer.start, 'i'))), [0, 1]);
  assert.equal(run(lexer, lexer.start, 'a1'), DEAD);
  assert.equal(lexer.step(DEAD, 97), DEAD);
  assert.deepEqual(ids(lexer.accepts(DEAD)), []);
  assert.ok(lexer.stats().transitionsBuilt > 0);
});

test('non-ASCII code points: classes of the partition, astral characters, unmatched sets', () => {
  const grammar = lexemeGrammar([
    { name: 'word', pattern: '\\p{L}+' },
    { name: 'emoji', pattern: '[😀-🙏]+' },
    { name: 'never', pattern: 'a[]b' },
  ]);
  const lexer = compileLexer(grammar);
  assert.deepEqual(ids(lexer.accepts(run(lexer, lexer.start, 'naïveΩ中'))), [0]);
  assert.deepEqual(ids(lexer.accepts(run(lexer, lexer.start, '😀🙏'))), [1]);
  assert.equal(run(lexer, lexer.start, '😀a'), DEAD);
  // A lexeme that matches nothing is never live, not even at the start.
  assert.deepEqual(ids(lexer.live(lexer.start)), [0, 1]);
  assert.deepEqual(ids(lexer.live(lexer.anywhere)), [0, 1]);
  // Letters from different blocks but the same sets share a class, so a single transition.
  const classes = lexer.nfa.classes;
  assert.equal(classes.classOf('ï'.codePointAt(0)!), classes.classOf('中'.codePointAt(0)!));
  assert.notEqual(classes.classOf('a'.codePointAt(0)!), classes.classOf('😀'.codePointAt(0)!));
});

test('character classes: every set is a union of whole classes', () => {
  const r = rng(4);
  for (let round = 0; round < 50; round++) {
    const sets: number[][] = [];
    for (let k = 0; k < 5; k++) {
      const pairs: number[] = [];
      let lo = Math.floor(r() * 300);
      for (let j = 0; j < 3; j++) {
        const hi = lo + Math.floor(r() * 40);
        pairs.push(lo, hi);
        lo = hi + 2 + Math.floor(r() * 100);
      }
      sets.push(pairs);
    }
    const classes = new CharClasses(sets);
    for (const set of sets) {
      const members = new Set(classes.classesOf(set));
      for (let cp = 0; cp < 1000; cp++) {
        const inSet = set.some((_, i) => i % 2 === 0 && cp >= set[i] && cp <= set[i + 1]);
        assert.equal(members.has(classes.classOf(cp)), inSet, `cp ${cp}`);
      }
    }
  }
});

test('large bounded repeats expand and stay exact', () => {
  const grammar = lexemeGrammar([{ name: 'hex', pattern: 'x[0-9a-f]{2,30}' }]);
  const lexer = compileLexer(grammar);
  for (let n = 0; n <= 32; n++) {
    const w = 'x' + 'f'.repeat(n);
    assert.equal(lexer.accepts(run(lexer, lexer.start, w)).length === 1, regexMatches(grammar.lexemes[0].regex, w), w);
  }
  const nfa = new LexerNfa(grammar.lexemes);
  assert.ok(nfa.stateCount > 30 && nfa.stateCount < 200, `${nfa.stateCount} NFA states`);
});
