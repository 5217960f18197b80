// Python's indentation rules (src/check/python-layout.ts) against Python itself: on real files with a
// line taken out, the check flags a layout exactly where Python's compile() raises an IndentationError
// and tree-sitter does not object; and pinned cases, both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { piecesFromRanges } from '../../../src/check/document';
import { headerIndents, holesFillingBlocks, holesOpeningBlocks, pythonLayoutProblem } from '../../../src/check/python-layout';
import { checkDocument, shortestValidFill } from '../../../src/engine/check-document';
import { loadLanguage } from '../../../src/engine/language';
import { corpusFiles, readCorpusFile } from '../../support/corpus';
import { seededRandom } from '../../support/random';

const CASES: Array<[text: string, problem: string | null]> = [
  ['if a:\n    b\nelse:\n    c\n', null],
  ['x = (1,\n  2)\ny = [\n]\n', null],
  ['def f():\n    """doc\n  still doc"""\n    return 1\n', null],
  ['x = 1 \\\n  + 2\n', null],
  ['class A: pass\n', null],
  ['# c\n  # an indented comment\nx = 1\n\n   \n', null],
  ['if a:\n\tb = 1\n        c = 2\n', null],
  ['s = "a:"\nt = \'b:\'  # c:\n', null],
  ['d = {1:\n 2}\nf = lambda: 0\n', null],
  ['x = r"\\"" + """\n:"""\n', null],
  ['def f(x=lambda: 1):\n  return x\n', null],
  ['x = 1\n    y = 2\n', 'unexpected indent'],
  ['if a:\nb\n', 'expected an indented block after the `:` on line 1'],
  ['if a:\n', 'expected an indented block after the `:` on line 1'],
  ['def f():\n    # only a comment\n', 'expected an indented block after the `:` on line 1'],
  ['if a:\n        b\n    c\n', 'unindent does not match any outer indentation level'],
  ['if (a and\n        b):\n    c\n  d\n', 'unindent does not match any outer indentation level'],
  ['async def f():\n    match x:\n        case 1:\n            pass\n', null],
  ['try:\n  a\nexcept* E:\n  b\n', null],
  // tree-sitter takes the line break after `a:` as blank space (`a: b = 1`); Python does not.
  ['def f(x):\n    a:\n        b = 1\n', 'a line ending in `:` must begin a compound statement (`if`, `for`, `def`, ...)'],
  ['x = 1; if y:\n    z\n', 'a line ending in `:` must begin a compound statement (`if`, `for`, `def`, ...)'],
  // tree-sitter's `\N{...}` escape runs over line breaks to the next `}`; Python's tokenizer ends the string.
  ["a('\\N{\n    b = 1\n}')\n", 'unterminated string literal'],
  ["x = 'a\\\n  b'\n", null],
];

for (const [text, problem] of CASES) {
  test(`python layout: ${JSON.stringify(text)} → ${problem ?? 'fine'}`, () => {
    assert.equal(pythonLayoutProblem(text)?.message ?? null, problem);
  });
}

const python = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' });

test('python layout: agrees with compile() on real files with a line taken out', { skip: python.status !== 0 ? 'no python3 here' : false }, async () => {
  const runtime = await loadLanguage('python');
  const rand = seededRandom(31);
  const files = corpusFiles('python', 300).map(readCorpusFile).filter((t) => t.length < 30_000 && !t.includes('\r')).slice(0, 120);
  const cases: string[] = [];
  for (const source of files) {
    const lines = source.split('\n');
    for (let k = 0; k < 3; k++) {
      const drop = Math.floor(rand() * lines.length);
      cases.push([...lines.slice(0, drop), ...lines.slice(drop + 1)].join('\n'));
    }
  }
  // One python3 for all cases: the kind of error compile() raises for each, or OK.
  const script = 'import sys, json\nout = []\nfor t in json.load(sys.stdin):\n    try:\n        compile(t, "f.py", "exec")\n        out.append("ok")\n    except IndentationError:\n        out.append("indentation")\n    except SyntaxError:\n        out.append("syntax")\nprint(json.dumps(out))\n';
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  const verdicts: string[] = JSON.parse(r.stdout);
  let flagged = 0;
  cases.forEach((text, i) => {
    const problem = pythonLayoutProblem(text);
    if (verdicts[i] === 'ok') assert.equal(problem, null, `compile() accepts, the layout check says ${problem?.message} at line ${problem?.line}`);
    if (problem) flagged++;
    // Where tree-sitter accepts and Python raises an IndentationError, the layout check must flag it.
    if (verdicts[i] === 'indentation' && !problem) assert.equal(runtime.parser.validate(text).valid, false, `compile() raises an IndentationError the layout check misses:\n${text.slice(0, 400)}`);
  });
  assert.ok(flagged > 20, `only ${flagged} of ${cases.length} flagged`);
});

test('holesOpeningBlocks: a hole that is its line only code, with a deeper line after it', () => {
  const text = 'def f(x):\n    \n        return x\n    y = 1\n    \n    z = 2\n    a = (\n        \n    )\n';
  const at = (needle: string, from = 0) => text.indexOf(needle, from) + needle.length;
  const header = at('def f(x):\n    ');
  const level = at('y = 1\n    ');
  const inBrackets = at('a = (\n        ');
  const midLine = at('z = ');
  assert.deepEqual(holesOpeningBlocks(text, [[header, header], [level, level], [midLine, midLine], [inBrackets, inBrackets]]), [0]);
  // A comment line between does not count; a selection that is the line's code does.
  const commented = 'if a:\n    x = 1\n    # note\n        return\n';
  const start = commented.indexOf('x = 1');
  assert.deepEqual(holesOpeningBlocks(commented, [[start, start + 'x = 1'.length]]), [0]);
});

test('shortestValidFill: where a hole was a block header, the header is written with its colon', async () => {
  const runtime = await loadLanguage('python');
  const source = 'def running(coro):\n    try:\n        return coro.cr_running\n    except AttributeError:\n        \n            return coro.gi_running\n        except AttributeError:\n            return False\n';
  const hole = source.indexOf('        \n') + 8;
  const holes: Array<[number, number]> = [[hole, hole]];
  // The plain shortest completion works around the missing header with lines of its own.
  const plain = checkDocument(runtime, source, piecesFromRanges(source, holes), 1).witness;
  assert.ok(plain && plain[0].includes('\n'), JSON.stringify(plain));
  const fill = shortestValidFill(runtime, source, holes);
  assert.ok(fill && fill[0].endsWith(':') && !fill[0].includes('\n'), JSON.stringify(fill));
  const filled = source.slice(0, hole) + fill[0] + source.slice(hole);
  assert.equal(runtime.parser.validate(filled).valid, true, filled);
});

test('shortestValidFill: the written colon stays a colon (not the end of a comment the fill begins), and a match needs a case', async () => {
  const runtime = await loadLanguage('python');
  const source = 'async def run(previous_failed):\n    # Wait for the previous task\n    \n        with suppress(TimeoutError):\n            # Use wait_for() here\n            await wait_for(previous_failed.wait(), 1)\n    # Get the next one\n    try:\n        x = next(items)\n    except StopIteration:\n        return\n';
  const hole = source.indexOf('task\n    ') + 9;
  const fill = shortestValidFill(runtime, source, [[hole, hole]]);
  assert.ok(fill && /^[a-z].*:$/.test(fill[0]), `a header, not a comment or an empty match: ${JSON.stringify(fill)}`);
  assert.equal(runtime.parser.validate(source.slice(0, hole) + fill[0] + source.slice(hole)).valid, true);
});

test('holesFillingBlocks: a hole that is a block\'s only statement (comments around it do not count)', () => {
  const source = 'if a:\n    # wait here\n    \n# next\nb = 1\nif c:\n    \n    d = 2\n';
  const first = source.indexOf('here\n    ') + 9;
  const second = source.indexOf('c:\n    ') + 7;
  // The first is the block's only line; after the second the block has `d = 2`.
  assert.deepEqual(holesFillingBlocks(source, [[first, first], [second, second]]), [0]);
  // Not a header before it: a hole among statements.
  const flat = 'a = 1\n\nb = 2\n';
  assert.deepEqual(holesFillingBlocks(flat, [[6, 6]]), []);
});

test('shortestValidFill: where a hole was a block\'s only statement, the block gets one (the chart does not see columns)', async () => {
  const runtime = await loadLanguage('python');
  const source = 'async def run(previous_failed):\n    if previous_failed is not None:\n        with suppress(TimeoutError):\n            # Use wait_for() here\n            \n    # Get the next one\n    try:\n        x = next(items)\n    except StopIteration:\n        return\n';
  const hole = source.indexOf('here\n            ') + 17;
  const holes: Array<[number, number]> = [[hole, hole]];
  // The plain shortest completion leaves the with block without a statement (the chart takes the `try`
  // as its statement, in whatever column), which Python rejects.
  const plain = checkDocument(runtime, source, piecesFromRanges(source, holes), 1);
  assert.equal(plain.completable, true);
  assert.equal(plain.witness, null, `the shortest completion leaves the block empty: ${plain.witnessNote}`);
  const fill = shortestValidFill(runtime, source, holes);
  assert.deepEqual(fill, ['pass']);
  assert.equal(runtime.parser.validate(source.slice(0, hole) + fill![0] + source.slice(hole)).valid, true);
});

test("validate: a `try` with neither `except` nor `finally` is rejected, as Python does (tree-sitter-python takes it)", async () => {
  const runtime = await loadLanguage('python');
  const bare = 'def f():\n    try:\n        return 1\n        return 2\n\nx = 1\n';
  const verdict = runtime.parser.validate(bare);
  assert.equal(verdict.valid, false);
  assert.equal(verdict.firstProblem?.kind, 'rule');
  assert.match(verdict.firstProblem!.nodeType, /expected 'except' or 'finally' block after the `try` on line 2/);
  if (python.status === 0) {
    const compiled = spawnSync('python3', ['-c', 'import sys\ncompile(sys.stdin.read(), "f.py", "exec")'], { input: bare, encoding: 'utf8' });
    assert.match(compiled.stderr, /SyntaxError: expected 'except' or 'finally' block/, 'Python agrees');
  }
  for (const fine of ['try:\n    x\nexcept E:\n    pass\n', 'try:\n    x\nfinally:\n    y\n', 'try:\n    x\nexcept* E:\n    pass\n']) {
    assert.equal(runtime.parser.validate(fine).valid, true, fine);
  }
});

test('headerIndents: a block-opening hole that begins its line takes the column of the first shallower line after its block', () => {
  // Whole lines selected, indentation included: the header must sit inside the function (column 4).
  const text = 'def f(x, memo):\n\n        y[x] = memo[x]\n    return y\n';
  const at = text.indexOf('\n\n') + 1;
  assert.deepEqual([...headerIndents(text, [[at, at]])], [[0, '    ']]);
  // A hole after its indentation needs none; nor one at column 0 with nothing shallower after its block.
  const indented = 'def f(x):\n    \n        y = 1\n    return y\n';
  const after = indented.indexOf('    \n') + 4;
  assert.deepEqual([...headerIndents(indented, [[after, after]])], []);
  const top = 'x = 1\n\n    y = 2\n';
  assert.deepEqual([...headerIndents(top, [[6, 6]])], []);
});

test('shortestValidFill: a cut block header becomes a compound statement (`if a:`), not an annotation running over the line break', { skip: python.status !== 0 ? 'no python3 here' : false }, async () => {
  const runtime = await loadLanguage('python');
  // copy.py's _deepcopy_dict with two whole lines selected, from column 0 through the `for` header.
  const source = 'def _deepcopy_dict(x, memo, deepcopy=deepcopy):\n    y = {}\n    memo[id(x)] = y\n    for key, value in x.items():\n        y[deepcopy(key, memo)] = deepcopy(value, memo)\n    return y\n';
  const start = source.indexOf('    memo[');
  const end = source.indexOf(':\n        y[') + 1;
  const fill = shortestValidFill(runtime, source, [[start, end]]);
  assert.ok(fill, 'a fill');
  const filled = source.slice(0, start) + fill[0] + source.slice(end);
  assert.match(fill[0], /^ {4}if .*:$/);
  assert.equal(runtime.parser.validate(filled).valid, true, filled);
  const r = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "f.py", "exec")'], { input: filled, encoding: 'utf8' });
  assert.equal(r.status, 0, `Python rejects ${JSON.stringify(fill[0])}: ${r.stderr}`);
});
