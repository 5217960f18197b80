// Runs one benchmark: `npm run bench -- <name> [args...]` runs out/bench/<name>.js (compiled from
// bench/<name>.ts), compiling with `tsc -p .` first when a source is newer than it. Without a name it
// lists the benchmarks there are.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const [name, ...args] = process.argv.slice(2);

const available = existsSync(benchDir)
  ? readdirSync(benchDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => f.slice(0, -3)).sort()
  : [];

if (!name || name === '--help' || name === '-h') {
  console.log('usage: npm run bench -- <name> [args...]\n');
  console.log(available.length ? `benchmarks:\n${available.map((b) => `  ${b}`).join('\n')}` : 'no benchmarks yet (bench/<name>.ts)');
  process.exit(0);
}
if (!available.includes(name)) {
  console.error(`bench: no benchmark '${name}' (bench/${name}.ts); there are: ${available.join(', ') || 'none'}`);
  process.exit(2);
}

/** Newest modification time of the TypeScript sources a benchmark can depend on. */
function newestSource(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const compiled = join(root, 'out', 'bench', `${name}.js`);
const stale = !existsSync(compiled) || statSync(compiled).mtimeMs < Math.max(newestSource(join(root, 'src')), newestSource(benchDir));
if (stale) {
  console.error('bench: compiling with tsc -p .');
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
const run = spawnSync(process.execPath, [compiled, ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
