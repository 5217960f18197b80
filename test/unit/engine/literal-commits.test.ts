// Holes inside a docstring or a block comment: found with tree-sitter, checked without a parse by what
// their text may not form, planned apart from the holes in code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planHoleGroups } from '../../../src/engine/hole-groups';
import { loadLanguage } from '../../../src/engine/language';
import { LiteralCommits } from '../../../src/engine/literal-commits';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { cutSnippets } from '../../support/cut';

const at = (text: string, mark: string): [number, number] => {
  const i = text.indexOf(mark);
  assert.ok(i >= 0, mark);
  return [i, i];
};

test('literalsAround: plain triple-quoted strings and block comments hold a hole; prefixed strings, interpolations and line comments do not', async () => {
  const python = await loadLanguage('python');
  const py = 'def f():\n    """Doc\n    more\n    """\n    s = r"""raw"""\n    t = f"""a {b} c"""\n    # note\n    return \'\'\'x\'\'\'\n';
  const found = python.parser.literalsAround(py, [at(py, 'more'), at(py, 'raw'), at(py, 'a {'), at(py, 'note'), at(py, "x'''"), at(py, 'return')]);
  assert.deepEqual(found[0], { forbidden: ['"""'], noBackslash: true });
  assert.equal(found[1], null, 'a prefixed string');
  assert.equal(found[2], null, 'an f-string');
  assert.equal(found[3], null, 'a line comment');
  assert.deepEqual(found[4], { forbidden: ["'''"], noBackslash: true });
  assert.equal(found[5], null, 'code');
  const cpp = await loadLanguage('cpp');
  const c = 'int x; /* one\n two */ // three\nint y;\n';
  assert.deepEqual(cpp.parser.literalsAround(c, [at(c, 'two'), at(c, 'three'), at(c, 'int y')]), [{ forbidden: ['*/', '/*'], noBackslash: false }, null, null]);
  // At the delimiter itself the hole is not inside the content.
  assert.equal(python.parser.literalsAround(py, [[py.indexOf('"""Doc'), py.indexOf('"""Doc')]])[0], null);
});

test('LiteralCommits: refuses text that forms the closing delimiter, alone, across slots or with the fixed text, and backslashes in strings', () => {
  const docstring = { forbidden: ['"""'], noBackslash: true };
  const commits = new LiteralCommits(docstring, 6, '    ', '\n    """');
  assert.equal(commits.tryCommit(0, 0, 'a'), true);
  assert.equal(commits.tryCommit(0, 1, '"""'), false, 'the delimiter itself');
  assert.equal(commits.tryCommit(0, 1, '"'), true);
  assert.equal(commits.tryCommit(0, 3, '""'), false, 'with the quote two slots before (masked slots stay empty)');
  assert.equal(commits.tryCommit(0, 3, '\\n'), false, 'a backslash');
  assert.equal(commits.tryCommit(0, 3, 'b'), true);
  assert.equal(commits.tryEnd(0, 4), true);
  assert.deepEqual(commits.finish(), ['a"b']);
  assert.equal(commits.stats.rejections, 3);
  const atEnd = new LiteralCommits(docstring, 2, 'x', '"""');
  assert.equal(atEnd.tryCommit(0, 1, '"'), false, 'a quote before the closing delimiter closes it early');
  const comment = new LiteralCommits({ forbidden: ['*/', '/*'], noBackslash: false }, 3, ' ', '*/');
  assert.equal(comment.tryCommit(0, 0, 'a*'), true);
  assert.equal(comment.tryCommit(0, 1, '/'), false, '`*` then `/`');
  assert.equal(comment.tryCommit(0, 1, '\\'), true, 'backslashes are plain text in a comment');
  assert.equal(comment.tryCommit(0, 2, '*'), true, 'a star before the fixed `*/`: the comment still ends there');
  assert.equal(new LiteralCommits({ forbidden: ['*/', '/*'], noBackslash: false }, 1, ' ', '*/').tryCommit(0, 0, '/'), false, 'a slash before the fixed `*/` opens a comment (Rust nests them)');
});

test('python: a docstring hole is a group of its own, beside the windowed groups of the code holes (asyncio/staggered.py)', async (t) => {
  const runtime = await loadLanguage('python');
  const path = corpusFiles('python', 400).find((p) => p.endsWith('asyncio/staggered.py'));
  if (!path) return t.skip('asyncio/staggered.py is not in the corpus');
  // A line of staggered_race's docstring and a line of code, cut after their indentation.
  const { source, holes } = cutSnippets(readCorpusFile(path), ['This method takes an iterable of coroutine functions. The first one is', 'running_tasks = []']);
  const { constraint } = planHoleGroups(runtime, source, holes, [16, 16]);
  assert.ok(constraint);
  assert.equal(constraint.groups.length, 2);
  const literal = constraint.groups.find((g) => g.commits instanceof LiteralCommits);
  assert.deepEqual(literal?.holes, [0], 'the docstring hole is checked as a literal');
  assert.equal(constraint.windowed, true, 'the code hole is checked on a window');
  assert.equal(constraint.tryCommit(0, 0, 'Run coroutines one after another'), true);
  assert.equal(constraint.tryCommit(0, 1, '"""'), false);
  assert.equal(constraint.tryEnd(0, 2), true);
  assert.equal(constraint.tryCommit(1, 0, 'running_tasks = []'), true);
  assert.equal(constraint.tryEnd(1, 1), true);
  const fills = constraint.finish();
  assert.ok(fills);
  let filled = '';
  let from = 0;
  holes.forEach(([s], h) => {
    filled += source.slice(from, s) + fills[h];
    from = s;
  });
  filled += source.slice(from);
  assert.equal(runtime.parser.validate(filled).valid, true);
  assert.match(filled, /Run coroutines one after another/);
});
