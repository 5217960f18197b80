// The mocha suite that runs inside a real VS Code extension host. Both runners load this file as
// `extensionTestsPath`: scripts/test-integration.mjs (code-server + chromium, offline) and
// scripts/test-electron.mjs (@vscode/test-electron). It runs every out/test/integration/**/*.test.js.
// With HOLEFILL_MOCHA_JSON set, the results are also written there as mocha's JSON report.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

function findTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTestFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

/** The spec report on the console, plus mocha's JSON report in a file when asked for. */
class SpecAndJsonReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    const output = process.env.HOLEFILL_MOCHA_JSON;
    if (output) new Mocha.reporters.JSON(runner, { reporterOption: { output } } as Mocha.MochaOptions);
  }
}

export async function run(): Promise<void> {
  // Activation, first document and first command run in a cold editor: generous time limits.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: SpecAndJsonReporter });
  for (const file of findTestFiles(__dirname).sort()) mocha.addFile(file);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
  if (mocha.suite.total() === 0) throw new Error('no integration tests found');
}
