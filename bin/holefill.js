#!/usr/bin/env node
// The `holefill` command. Runs the CLI bundle (dist/cli.js); in a checkout that has only been compiled
// with tsc, the compiled sources in out/ serve as well.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = [join(root, 'dist', 'cli.js'), join(root, 'out', 'src', 'cli', 'main.js')].find((file) => existsSync(file));
if (!entry) {
  process.stderr.write(`holefill: not built yet: run \`npm run build\` in ${root}\n`);
  process.exit(2);
}
require(entry)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`holefill: internal error: ${(error && error.stack) || error}\n`);
      process.exitCode = 3;
    },
  );
