// Oracle 1: on small random grammars and random hole patterns, the checker's verdict must agree with
// brute force. "Completable" is confirmed by checking the witness with an independent CYK-style
// membership test; "not completable" is confirmed by enumerating every fill up to a length bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletabilityChecker } from '../../../src/check/checker';
import { gap, text, fillGaps, type Piece } from '../../../src/check/document';
import { compileLexer } from '../../../src/lexing/dfa';
import { derives, tinyGrammar, type TinyGrammarSpec } from './tiny-grammar';
import { seededRandom } from '../../support/random';

const rng = seededRandom;

const ALPHABET = ['a', 'b', '(', ')'];

function randomGrammar(rand: () => number): TinyGrammarSpec {
  const nonterminals = ['S', 'A', 'B'];
  const symbols = [...ALPHABET, ...nonterminals];
  const rules: Array<[string, string[]]> = [];
  for (const A of nonterminals) {
    const count = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < count; k++) {
      const len = Math.floor(rand() * 4); // 0..3: empty rules too
      const body: string[] = [];
      for (let i = 0; i < len; i++) body.push(symbols[Math.floor(rand() * symbols.length)]);
      rules.push([A, body]);
    }
  }
  // Make sure every nonterminal has a terminating rule so the grammar is not trivially empty.
  for (const A of nonterminals) rules.push([A, [ALPHABET[Math.floor(rand() * ALPHABET.length)]]]);
  return { terminals: ALPHABET, nonterminals, rules };
}

function* stringsUpTo(maxLen: number): Generator<string> {
  yield '';
  let layer = [''];
  for (let len = 1; len <= maxLen; len++) {
    const next: string[] = [];
    for (const s of layer) for (const c of ALPHABET) next.push(s + c);
    yield* next;
    layer = next;
  }
}

function randomPieces(rand: () => number): Piece[] {
  const pieces: Piece[] = [];
  const holes = 1 + Math.floor(rand() * 2);
  const frag = () => {
    let s = '';
    const n = Math.floor(rand() * 4);
    for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
    return s;
  };
  for (let h = 0; h < holes; h++) {
    const f = frag();
    if (f) pieces.push(text(f));
    pieces.push(gap(h));
  }
  const f = frag();
  if (f) pieces.push(text(f));
  return pieces;
}

test('verdicts agree with brute force on random tiny grammars and hole patterns', () => {
  const rand = rng(20261127);
  let agreedYes = 0;
  let agreedNo = 0;
  for (let round = 0; round < 150; round++) {
    const spec = randomGrammar(rand);
    const grammar = tinyGrammar(spec);
    const lexer = compileLexer(grammar);
    for (let k = 0; k < 4; k++) {
      const pieces = randomPieces(rand);
      const checker = new CompletabilityChecker(grammar, lexer, pieces);
      const result = checker.check();
      assert.equal(result.budgetExceeded, false);
      const gaps = pieces.filter((p) => p.kind === 'gap').length;
      const bound = gaps === 1 ? 6 : 3;
      if (result.completable) {
        const w = checker.witness();
        assert.ok(w, 'a completable verdict comes with a witness');
        assert.ok(derives(spec, w.text), `witness ${JSON.stringify(w.text)} is not in the language; grammar ${JSON.stringify(spec.rules)}, pieces ${JSON.stringify(pieces)}`);
        agreedYes++;
      } else {
        const fills = [...stringsUpTo(bound)];
        const found = gaps === 1 ? fills.find((f) => derives(spec, fillGaps(pieces, [f]))) : fills.flatMap((f1) => fills.map((f2) => [f1, f2])).find((fs) => derives(spec, fillGaps(pieces, fs)));
        assert.equal(found, undefined, `checker said not completable but ${JSON.stringify(found)} completes ${JSON.stringify(pieces)} in ${JSON.stringify(spec.rules)}`);
        agreedNo++;
      }
    }
  }
  // Both verdicts must be exercised, or the test proves little.
  assert.ok(agreedYes > 50 && agreedNo > 50, `yes ${agreedYes}, no ${agreedNo}`);
});

test('incremental commits and undo give the same verdicts as fresh checks', () => {
  const rand = rng(7);
  for (let round = 0; round < 60; round++) {
    const spec = randomGrammar(rand);
    const grammar = tinyGrammar(spec);
    const lexer = compileLexer(grammar);
    const pieces = randomPieces(rand);
    const checker = new CompletabilityChecker(grammar, lexer, pieces);
    checker.check();
    for (let step = 0; step < 6; step++) {
      const gapIndexes = checker.pieces.map((p, i) => (p.kind === 'gap' ? i : -1)).filter((i) => i >= 0);
      if (!gapIndexes.length) break;
      const gi = gapIndexes[Math.floor(rand() * gapIndexes.length)];
      const c = ALPHABET[Math.floor(rand() * ALPHABET.length)];
      const shape = Math.floor(rand() * 4);
      const hole = (checker.pieces[gi] as { hole: number }).hole;
      const replacement: Piece[] =
        shape === 0 ? [gap(hole), text(c), gap(hole)] : shape === 1 ? [text(c), gap(hole)] : shape === 2 ? [gap(hole), text(c)] : [text(c)];
      checker.replaceGap(gi, replacement);
      const incremental = checker.check().completable;
      const fresh = new CompletabilityChecker(grammar, lexer, checker.pieces).check().completable;
      assert.equal(incremental, fresh, `after commit: ${JSON.stringify(checker.pieces)}`);
      if (rand() < 0.4) {
        checker.undo();
        const undone = checker.check().completable;
        const freshUndone = new CompletabilityChecker(grammar, lexer, checker.pieces).check().completable;
        assert.equal(undone, freshUndone, `after undo: ${JSON.stringify(checker.pieces)}`);
      }
    }
  }
});

test('extras between lexemes: a spaced balanced text is completable, an unbalanced one is not', () => {
  const spec: TinyGrammarSpec = {
    terminals: ['(', ')', 'a'],
    extras: [' '],
    nonterminals: ['S', 'L'],
    rules: [
      ['S', ['L']],
      ['L', []],
      ['L', ['L', '(', 'L', ')']],
      ['L', ['L', 'a']],
    ],
  };
  const grammar = tinyGrammar(spec);
  const lexer = compileLexer(grammar);
  const verdict = (pieces: Piece[]) => new CompletabilityChecker(grammar, lexer, pieces).check();
  assert.equal(verdict([text('( a ( ) )')]).completable, true);
  assert.equal(verdict([text('( a ) )')]).completable, false);
  assert.equal(verdict([text('( a '), gap(0), text(' ) )')]).completable, true);
  const bad = verdict([text('a ) '), gap(0), text(' a')]);
  assert.equal(bad.completable, false);
  assert.deepEqual(bad.error && { piece: bad.error.piece, offset: bad.error.offset }, { piece: 0, offset: 2 });
  assert.ok(bad.error!.expected.includes('"("'), `expected ${bad.error!.expected}`);
});
