import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cachedRoot: string | undefined;

/**
 * The package root (the folder holding Holefill's package.json). Code runs from three places — the
 * esbuild bundles in dist/, tsc output in out/, and the packaged .vsix — so it is found, not assumed.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'holefill') return (cachedRoot = dir);
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Holefill: cannot find the package root above ${__dirname}`);
    dir = parent;
  }
}
