// Hole-by-hole repair of a fill that does not parse: one hole takes the shortest completion, the others keep their fills.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadLanguage } from '../../../src/engine/language';
import { shortestValidFill } from '../../../src/engine/check-document';
import { holesBefore, withShortestFills } from '../../../src/engine/repair';

test('holesBefore: the holes starting at or before an offset of the filled text, nearest first', () => {
  const fixed = ['ab', 'cd', 'ef', 'g'];
  const fills = ['XX', '', 'YYY'];
  // Filled text: ab XX cd ef YYY g; holes start at 2, 6 and 8.
  assert.deepEqual(holesBefore(fixed, fills, 0), []);
  assert.deepEqual(holesBefore(fixed, fills, 2), [0]);
  assert.deepEqual(holesBefore(fixed, fills, 7), [1, 0]);
  assert.deepEqual(holesBefore(fixed, fills, 100), [2, 1, 0]);
});

test('a fill of comments that leaves a Python block empty: that hole alone takes the shortest completion', async () => {
  const python = await loadLanguage('python');
  const fixed = ['def f(x):\n    ', '\n\ndef g(y):\n    ', '\n    return y\n\nz = ', '\n'];
  const fills = ['return x + 1', '# a comment only', 'g(2)'];
  const filled = fixed.map((f, i) => f + (fills[i] ?? '')).join('');
  assert.equal(python.parser.validate(filled).valid, true, 'tree-sitter takes the comment before `return`');
  const broken = ['def f(x):\n    ', '\n\ndef g(y):\n    ', '\n\nz = ', '\n'];
  const brokenText = broken.map((f, i) => f + (fills[i] ?? '')).join('');
  const verdict = python.parser.validate(brokenText);
  assert.equal(verdict.valid, false);
  assert.equal(verdict.firstProblem?.kind, 'layout');
  const order = holesBefore(broken, fills, verdict.firstProblem!.offset);
  assert.equal(order[0], 1, `the comment's hole is nearest before the problem (${JSON.stringify(verdict.firstProblem)})`);
  const repaired = withShortestFills(python, broken, fills, [order[0]]);
  assert.ok(repaired, 'a repair exists');
  assert.equal(repaired[0], 'return x + 1');
  assert.equal(repaired[2], 'g(2)');
  assert.match(repaired[1], /\S/, 'the block gets a statement');
  const text = broken.map((f, i) => f + (repaired[i] ?? '')).join('');
  assert.equal(python.parser.validate(text).valid, true, text);
  // A hole whose replacement cannot mend a problem elsewhere: no repair.
  assert.equal(withShortestFills(python, broken, fills, [0]), null);
});

test("a selection that ends inside a string: the shortest valid fill may begin a string or comment in the hole that the fixed text's string closes (go)", async () => {
  const go = await loadLanguage('go');
  const source = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tfmt.Println(os.Args)\n}\n';
  // From the package name into the first import's string: the text after the hole starts inside it.
  const start = source.indexOf('main');
  const end = source.indexOf('"fmt"') + 2;
  const fill = shortestValidFill(go, source, [[start, end]]);
  assert.ok(fill, 'fills\' lexing refuses a string begun in the hole, and the plain grammar takes `package` for a name: no fill tree-sitter takes');
  assert.equal(go.parser.validate(source.slice(0, start) + fill[0] + source.slice(end)).valid, true);
});
