import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ghostText, inlineHoleSlots, INLINE_SLOTS } from '../../../src/engine/editor-support';

test('a cursor on a blank line gets room for lines, one after code gets the rest of a line', () => {
  const text = 'int f() {\n    \n  return 1;\n}\n';
  assert.equal(inlineHoleSlots(text, text.indexOf('    ') + 2), INLINE_SLOTS.emptyLine);
  assert.equal(inlineHoleSlots(text, text.indexOf('return') + 7), INLINE_SLOTS.midLine);
  assert.equal(inlineHoleSlots(text, text.indexOf('return')), INLINE_SLOTS.midLine);
  assert.equal(inlineHoleSlots('', 0), INLINE_SLOTS.emptyLine);
  assert.equal(inlineHoleSlots('x = ', 4), INLINE_SLOTS.midLine);
});

test('ghost text only for a valid fill with code in it', () => {
  assert.equal(ghostText({ valid: true, holes: ['1;'] }), '1;');
  assert.equal(ghostText({ valid: false, holes: ['1;'] }), '');
  assert.equal(ghostText({ valid: true, holes: ['  \n '] }), '');
  assert.equal(ghostText({ valid: true, holes: [] }), '');
});
