// The `holefill` command line as users run it: bin/holefill.js in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/core/paths';
import { COMMANDS } from '../../src/cli/main';

const bin = join(packageRoot(), 'bin', 'holefill.js');

function holefill(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('--help exits 0 and lists every command of the command table', () => {
  const { status, stdout, stderr } = holefill('--help');
  assert.equal(status, 0, stderr);
  assert.match(stdout, /^usage: holefill <command>/m);
  for (const command of COMMANDS) assert.match(stdout, new RegExp(`^  ${command.name} +\\S`, 'm'));
});

test('--version prints the version in package.json', () => {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
  const { status, stdout } = holefill('--version');
  assert.equal(status, 0);
  assert.equal(stdout, `${manifest.version}\n`);
});

test('the command table has check, fill and bench', () => {
  assert.deepEqual(COMMANDS.map((c) => c.name).sort(), ['bench', 'check', 'fill']);
});

for (const { name } of COMMANDS.filter((c) => c.notImplemented)) {
  test(`${name} is not implemented yet: it says so on stderr, exit 2`, () => {
    const { status, stdout, stderr } = holefill(name, 'some-file.json');
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `holefill ${name}: not implemented yet\n`);
  });
}

for (const { name } of COMMANDS) {
  test(`${name} --help prints its usage and exits 0`, () => {
    const { status, stdout } = holefill(name, '--help');
    assert.equal(status, 0);
    assert.match(stdout, new RegExp(`^usage: holefill ${name}\\b`));
  });
}

test('an unknown command is a usage error: exit 2, the usage on stderr', () => {
  const { status, stdout, stderr } = holefill('frobnicate');
  assert.equal(status, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /^holefill: unknown command 'frobnicate'/);
  assert.match(stderr, /usage: holefill <command>/);
});

test('an unknown option is a usage error', () => {
  const { status, stderr } = holefill('--frobnicate');
  assert.equal(status, 2);
  assert.match(stderr, /^holefill: unknown option '--frobnicate'/);
});

test('no arguments: the usage on stderr, exit 2', () => {
  const { status, stdout, stderr } = holefill();
  assert.equal(status, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /usage: holefill <command>/);
});

test('check: a Python file with no holes is judged by the layout rules of Python too (exit 1, the reason, the line)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holefill-cli-'));
  const file = join(dir, 'block.py');
  writeFileSync(file, 'if ready:\nstart()\n');
  const bad = holefill('check', file, '--json');
  assert.equal(bad.status, 1, bad.stderr);
  const report = JSON.parse(bad.stdout);
  assert.deepEqual([report.completable, report.error.line, report.error.reason], [false, 2, 'expected an indented block after the `:` on line 1']);
  writeFileSync(file, 'if ready:\n    start()\n');
  const good = holefill('check', file);
  assert.equal(good.status, 0, good.stderr);
  assert.match(good.stdout, /valid \[python/);
});

test('check: a file with no holes that tree-sitter rejects is not valid, though the grammar reads it (exit 1, where)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holefill-cli-'));
  const file = join(dir, 'reserved.py');
  // The grammar alone takes `return` as a name here; tree-sitter-python reserves it.
  writeFileSync(file, 'total = 0\nx = (total and return)\n');
  const bad = holefill('check', file, '--json');
  assert.equal(bad.status, 1, bad.stderr);
  const report = JSON.parse(bad.stdout);
  assert.deepEqual([report.completable, report.error.line, report.error.reason], [false, 2, 'tree-sitter cannot parse the text from here']);
  const text = holefill('check', file);
  assert.match(text.stdout, /reserved\.py:2:\d+: not completable: tree-sitter cannot parse the text from here/);
});

test('check: where tree-sitter rejects the plain shortest completion, the shortest fill is found as fills find theirs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holefill-cli-'));
  // C++: the plain grammar reads `#ifndef A` as a directive line, so its shortest completion closes only
  // the brace, and tree-sitter wants the conditional's #endif too.
  const cpp = join(dir, 'guard.cpp');
  writeFileSync(cpp, '#ifndef A\n{\n#endif\n<|hole|>');
  const guarded = JSON.parse(holefill('check', cpp, '--json').stdout);
  assert.equal(guarded.completable, true);
  assert.equal(guarded.witnessNote, null);
  assert.match(guarded.witness[0], /^\}\s*#endif/);
  // Python: the removed line was the with block's only statement; the chart takes the try after it as
  // the block's (it sees no columns), so the plain shortest completion leaves the block empty.
  const py = join(dir, 'block.py');
  writeFileSync(py, 'def run(failed):\n    if failed:\n        with suppress(TimeoutError):\n            # wait here\n            <|hole|>\n    try:\n        x = next(items)\n    except StopIteration:\n        return\n');
  const block = holefill('check', py);
  assert.equal(block.status, 0, block.stderr);
  assert.match(block.stdout, /hole 1: shortest fill "pass"/);
});
