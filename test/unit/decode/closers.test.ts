import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closersOf } from '../../../src/decode/closers';

test('closersOf: what closes the brackets, quotes and comments a text leaves open, innermost first', () => {
  assert.equal(closersOf('foo(a, [b'), '])');
  assert.equal(closersOf('/**'), '*/');
  assert.equal(closersOf('return `${PREFIX}.${s'), '}`');
  assert.equal(closersOf('x = "a(b'), '"');
  assert.equal(closersOf('f("it\'s", \'a\\\'b'), "')");
  assert.equal(closersOf('if (a) { b(); }'), '');
  assert.equal(closersOf('/* (( */ f('), ')');
  assert.equal(closersOf('a)'), null, 'a closer without its opener');
  assert.equal(closersOf('(a]'), null, 'a mismatched closer');
  assert.equal(closersOf('x = 1 // (note'), null, 'a line comment to the end');
  assert.equal(closersOf('"abc\ndef'), null, 'a one-line string across a line break');
});
