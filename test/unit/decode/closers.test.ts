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
  assert.equal(closersOf("    '''Duplica" + 'teHandle()'), "'''", 'a triple-quoted string');
  assert.equal(closersOf('x = """a\nb "q" (c'), '"""');
  assert.equal(closersOf("f('''a''', ["), '])');
  assert.equal(closersOf('""'), '', 'an empty string, not a triple quote');
});
