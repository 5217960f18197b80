// Runs the integration suite (out/test/integration/index.js, the same one scripts/test-integration.mjs
// runs in code-server) with @vscode/test-electron, the standard runner: it downloads VS Code (into
// .vscode-test/) and starts it with Holefill as the extension under development. For machines that
// can download VS Code (the public CI workflow); on Linux without a display run it under `xvfb-run -a`.
// Prints a last line `N passed, M failed`; fails when no test ran.
//
// Environment: HOLEFILL_VSCODE_VERSION (default 1.100.3, the oldest VS Code that package.json's
// engines allow; 'stable' for the newest), HOLEFILL_KEEP_TEST_DIR=1 keeps the temporary folder.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const suite = join(root, 'out', 'test', 'integration', 'index.js');
const version = process.env.HOLEFILL_VSCODE_VERSION ?? '1.100.3';

if (!existsSync(suite) || !existsSync(join(root, 'dist', 'extension.js'))) {
  console.error('test-electron: the extension or the suite is not built: run `npm run build`');
  console.log('0 passed, 0 failed');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'holefill-electron-'));
const workspace = join(work, 'workspace');
const userData = join(work, 'user-data');
const extensions = join(work, 'extensions');
for (const dir of [workspace, userData, extensions]) mkdirSync(dir, { recursive: true });
const reportFile = join(work, 'mocha.json');

let exitCode = 1;
try {
  exitCode = await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    extensionTestsEnv: { HOLEFILL_MOCHA_JSON: reportFile },
    launchArgs: [
      workspace,
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      '--disable-extensions', // other installed extensions; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
} catch (error) {
  // runTests rejects when VS Code exits non-zero (failing tests) or cannot be downloaded or started.
  console.error(`test-electron: ${error instanceof Error ? error.message : error}`);
}

let passed = 0;
let failed = 0;
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.stats.passes;
  failed = report.stats.failures;
} else {
  console.error('test-electron: the suite wrote no results');
}
if (process.env.HOLEFILL_KEEP_TEST_DIR) console.error(`test-electron: kept ${work}`);
else rmSync(work, { recursive: true, force: true });

console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode === 0 && failed === 0 && passed > 0 ? 0 : 1);
