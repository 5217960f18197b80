// Golden BNF of a small hand-written grammar: any change to what the passes produce shows up as a diff.
// After an intended change, regenerate with UPDATE_GOLDEN=1 and review the diff before committing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/core/paths';
import { compileGrammarText } from '../../../src/grammar/prepare';
import { printGrammar } from '../../../src/grammar/printer';

const dir = join(packageRoot(), 'test', 'unit', 'grammar', 'golden');

test('calc grammar prints as the golden BNF', () => {
  const file = join(dir, 'calc.grammar.json');
  const printed = printGrammar(compileGrammarText(readFileSync(file, 'utf8'), file).grammar);
  const goldenFile = join(dir, 'calc.bnf');
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenFile, printed);
  assert.equal(printed, readFileSync(goldenFile, 'utf8'));
});
