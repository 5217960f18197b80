// `holefill bench NAME [args]`: the project's benchmarks (bench/NAME.ts, compiled to out/bench/) from a
// source checkout, the same as `npm run bench -- NAME`. An installed extension ships no benchmarks.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HolefillError } from '../core/errors';
import { packageRoot } from '../core/paths';
import type { CliCommand } from './command';

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'Run a benchmark (grammar, check, soundness, fill, model, inline, sweep, lexer-agreement) from a source checkout',
  usage: 'holefill bench NAME [benchmark arguments]',
  async run(args, io) {
    const dir = join(packageRoot(), 'out', 'bench');
    const available = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort() : [];
    const [name, ...rest] = args;
    if (!available.length) throw new HolefillError('no compiled benchmarks here: run `npm run build` in a source checkout', 'usage');
    if (!name) throw new HolefillError(`which benchmark? one of: ${available.join(', ')}`, 'usage');
    if (!available.includes(name)) throw new HolefillError(`no benchmark '${name}'; there are: ${available.join(', ')}`, 'usage');
    const result = spawnSync(process.execPath, [join(dir, `${name}.js`), ...rest], { stdio: 'inherit' });
    if (result.error) io.err(`holefill bench: ${result.error.message}\n`);
    return result.status ?? 3;
  },
};
