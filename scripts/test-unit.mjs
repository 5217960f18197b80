// Runs the unit tests (test/unit/**/*.test.ts, compiled by `tsc -p .` to out/test/unit/) with
// `node --test`: the spec report on stdout, a JUnit report for CI in out/test-results/unit.xml, and a
// last line `N passed, M failed`. Fails when no test ran.
//   node scripts/test-unit.mjs [substring ...]   only the test files whose path contains a substring
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testDir = join(root, 'out', 'test', 'unit');
const reportFile = join(root, 'out', 'test-results', 'unit.xml');
const filters = process.argv.slice(2);

function findTestFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTestFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

const files = findTestFiles(testDir)
  .filter((file) => filters.length === 0 || filters.some((f) => relative(root, file).includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`test-unit: no compiled test files under ${relative(root, testDir)} (run \`npm run build\` first)`);
  console.log('0 passed, 0 failed');
  process.exit(1);
}

mkdirSync(dirname(reportFile), { recursive: true });
rmSync(reportFile, { force: true });
const args = [
  '--test',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=junit',
  `--test-reporter-destination=${reportFile}`,
  ...files,
];
const exitCode = await new Promise((resolve) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
});

const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
// node's JUnit reporter ends with summary comments such as `<!-- pass 12 -->`.
const count = (name) => Number(report.match(new RegExp(`<!-- ${name} (\\d+) -->`))?.[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
console.log(`unit tests: ${files.length} files, JUnit report in ${relative(root, reportFile)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode !== 0 || failed > 0 || passed === 0 ? 1 : 0);
