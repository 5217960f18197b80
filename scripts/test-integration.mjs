// Runs the integration suite (out/test/integration/index.js) inside a real VS Code extension host,
// offline: code-server 4.100.3 (VS Code 1.100.3) serves the editor, Debian's chromium driven by
// playwright-core opens it with Holefill as the extension under development and the suite as the
// extension tests. The suite's exit code arrives through `codeAutomationExit`; its results through
// mocha's JSON report (path in HOLEFILL_MOCHA_JSON, which code-server passes on to the extension host).
// Prints the suite's spec report and a last line `N passed, M failed`; fails when no test ran. Every process it
// starts is ended: code-server runs in its own process group, which is killed as a whole.
//
// Environment: HOLEFILL_CODE_SERVER (default: the pinned one in .vscode-test/, which
// .ci/install-code-server installs on first use), HOLEFILL_CHROMIUM (default /usr/bin/chromium),
// HOLEFILL_INTEGRATION_TIMEOUT_S (default 600), HOLEFILL_KEEP_TEST_DIR=1 keeps the temporary folder
// (code-server and editor logs, profile) for a post-mortem. A test that logs `holefill-screenshot: NAME`
// gets a screenshot of the page in out/screenshots/NAME.png.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const codeServer = process.env.HOLEFILL_CODE_SERVER ?? join(root, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');
const chromiumPath = process.env.HOLEFILL_CHROMIUM ?? '/usr/bin/chromium';
const timeoutMs = Number(process.env.HOLEFILL_INTEGRATION_TIMEOUT_S ?? 600) * 1000;
const suite = join(root, 'out', 'test', 'integration', 'index.js');
const screenshots = join(root, 'out', 'screenshots');
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`test-integration: ${message} (+${elapsed()})`);

function fail(message) {
  console.error(`test-integration: ${message}`);
  console.log('0 passed, 0 failed');
  process.exit(1);
}

if (!process.env.HOLEFILL_CODE_SERVER) {
  // Installs the pinned code-server on first use (a few minutes); returns at once when it is there.
  const install = spawnSync('bash', [join(root, '.ci', 'install-code-server')], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) fail('installing code-server failed (it needs g++, make, pkg-config and libkrb5-dev; `bash .ci/run` installs them)');
}

for (const [what, path, hint] of [
  ['code-server', codeServer, 'check HOLEFILL_CODE_SERVER'],
  ['chromium', chromiumPath, '`apt-get install chromium` or set HOLEFILL_CHROMIUM'],
  ['the compiled suite', suite, 'run `npm run build`'],
  ['the extension bundle', join(root, 'dist', 'extension.js'), 'run `npm run build`'],
]) {
  if (!existsSync(path)) fail(`${what} not found at ${path}: ${hint}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealthy(url, child, deadlineMs) {
  while (performance.now() < deadlineMs) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${url} in time`);
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Ends code-server's whole process group (server, extension host, pty host, watchers). */
async function stopCodeServer(child) {
  if (!child || child.pid === undefined) return;
  killGroup(child, 'SIGTERM');
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  // The leader may be gone while children still run: the group is killed regardless.
  killGroup(child, 'SIGKILL');
}

/** Connection and cache messages of the workbench itself, not of the extension host. */
function isWorkbenchChatter(text) {
  return /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|\[Service Worker\]|ChatSessionStore:)/.test(text);
}

/** The counts from mocha's JSON report; failures again with their errors, after the spec report. */
function readReport(reportFile) {
  if (!existsSync(reportFile)) return { passed: 0, failed: 0, found: false };
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  for (const test of report.failures) {
    console.log(`✖ ${test.fullTitle}\n    ${String(test.err.stack ?? test.err.message).split('\n').join('\n    ')}`);
  }
  return { passed: report.stats.passes, failed: report.stats.failures, found: true };
}

const work = mkdtempSync(join(tmpdir(), 'holefill-integration-'));
const dirs = Object.fromEntries(
  ['home', 'user-data', 'extensions', 'workspace', 'config', 'data', 'cache', 'state'].map((name) => {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    return [name, dir];
  }),
);
// Nothing the editor or the browser does may land in the real home folder.
const isolatedEnv = {
  ...process.env,
  HOME: dirs.home,
  XDG_CONFIG_HOME: dirs.config,
  XDG_DATA_HOME: dirs.data,
  XDG_CACHE_HOME: dirs.cache,
  XDG_STATE_HOME: dirs.state,
};
const reportFile = join(work, 'mocha.json');
const serverLog = join(work, 'code-server.log');
const editorLog = join(work, 'editor.log');

let server;
let browser;
let exitCode = 1;
let cleanedUp = false;
async function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  await browser?.close().catch(() => {});
  await stopCodeServer(server);
  if (process.env.HOLEFILL_KEEP_TEST_DIR) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`test-integration: ${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

let results = { passed: 0, failed: 0, found: false };
try {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const serverOutput = createWriteStream(serverLog);
  server = spawn(
    codeServer,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', dirs['user-data'],
      '--extensions-dir', dirs.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { cwd: dirs.workspace, env: { ...isolatedEnv, HOLEFILL_MOCHA_JSON: reportFile }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout.pipe(serverOutput);
  server.stderr.pipe(serverOutput);
  await waitForHealthy(`${origin}/healthz`, server, performance.now() + 60_000);
  log(`code-server ${relative(root, codeServer) || codeServer} is up on ${origin}`);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    env: isolatedEnv,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = await browser.newPage();
  const suiteExit = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  // The workbench's log, which in this mode also carries the extension host's console: the suite's
  // spec report and the timings the tests print. Errors show their first line only (the full text is
  // in the editor log kept with HOLEFILL_KEEP_TEST_DIR).
  const editorOutput = createWriteStream(editorLog);
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = Array.isArray(args) ? format(...args) : String(args);
    editorOutput.write(`[${type}] ${text}\n`);
    // A test asks for a screenshot of the editor as it is now (the test waits a moment for it).
    const shot = /^holefill-screenshot: ([\w-]+)$/.exec(text);
    if (shot) {
      mkdirSync(screenshots, { recursive: true });
      const file = join(screenshots, `${shot[1]}.png`);
      void page.screenshot({ path: file }).then(
        () => log(`screenshot ${relative(root, file)}`),
        (error) => console.error(`test-integration: screenshot ${shot[1]} failed: ${error.message}`),
      );
      return;
    }
    if (type === 'error') console.log(`  editor error: ${text.split('\n')[0]}`);
    else if (!isWorkbenchChatter(text)) console.log(text);
  });

  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(suite)],
  ];
  const url = `${origin}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log('opening the editor with the extension under test');
  await page.goto(url);
  const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
  const outcome = await Promise.race([suiteExit, timedOut]);
  if (outcome === 'timeout') console.error(`test-integration: the suite did not finish within ${timeoutMs / 1000} s`);
  else {
    exitCode = outcome;
    log(`the extension host exited with code ${outcome}`);
  }
  results = readReport(reportFile);
  if (!results.found) console.error('test-integration: the suite wrote no results (did it load? see the code-server log)');
} catch (error) {
  console.error(`test-integration: ${error.stack ?? error}`);
} finally {
  const failedRun = exitCode !== 0 || results.failed > 0 || results.passed === 0;
  if (failedRun && existsSync(serverLog)) {
    const lines = readFileSync(serverLog, 'utf8').trimEnd().split('\n');
    console.error(`--- last lines of the code-server log ---\n${lines.slice(-40).join('\n')}\n---`);
  }
  await cleanUp();
}

console.log(`integration tests: ${elapsed()} in code-server + chromium`);
console.log(`${results.passed} passed, ${results.failed} failed`);
process.exit(exitCode === 0 && results.failed === 0 && results.passed > 0 ? 0 : 1);
