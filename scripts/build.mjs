// Builds Holefill: two esbuild bundles in dist/ (the extension and the `holefill` CLI) plus `tsc -p .`
// into out/ (what the unit, integration and bench runners load).
//   node scripts/build.mjs            bundles + tsc
//   node scripts/build.mjs --bundle   bundles only (what the .vsix needs)
//   node scripts/build.mjs --watch    rebuild both on change
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const bundleOnly = args.has('--bundle');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'info',
  // `vscode` is provided by the editor; onnxruntime-node is a native addon shipped as it is in node_modules/.
  external: ['vscode', 'onnxruntime-node'],
  // esbuild picks web-tree-sitter's ESM build, and a CJS bundle would turn `import.meta` into `{}`.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const bundles = [
  { ...common, entryPoints: [join(root, 'src/vscode/extension.ts')], outfile: join(dist, 'extension.js') },
  { ...common, entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(dist, 'cli.js') },
  // Completability checks run in a worker thread beside the extension (src/engine/check-runner.ts).
  { ...common, entryPoints: [join(root, 'src/engine/check-worker.ts')], outfile: join(dist, 'check-worker.js') },
  // The model's forward passes run in a worker thread of their own (src/model/threaded-session.ts).
  { ...common, entryPoints: [join(root, 'src/model/forward-worker.ts')], outfile: join(dist, 'forward-worker.js') },
];

/** web-tree-sitter's runtime wasm must sit next to the bundles (see initParser in src/grammar/treesitter.ts). */
function copyRuntimeFiles() {
  mkdirSync(dist, { recursive: true });
  const require = createRequire(import.meta.url);
  copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), join(dist, 'tree-sitter.wasm'));
}

function run(command, commandArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
    // Stopping the build stops the compiler too (a watching tsc would otherwise outlive it).
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => {
        child.kill(signal);
        process.exit(130);
      });
    }
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${commandArgs.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
copyRuntimeFiles();
if (watch) {
  for (const options of bundles) await (await esbuild.context(options)).watch();
  // tsc keeps out/ current for the tests; it runs until this process is stopped.
  await run(process.execPath, [tsc, '-p', '.', '--watch', '--preserveWatchOutput']);
} else {
  const t0 = performance.now();
  await Promise.all(bundles.map((options) => esbuild.build(options)));
  if (!bundleOnly) await run(process.execPath, [tsc, '-p', '.']);
  console.log(`build: ${bundleOnly ? 'bundles' : 'bundles + tsc'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
