// The `holefill` command line: global options, the command table, exit codes. Each sub-command lives in
// its own file; add one by writing it there and listing it in `COMMANDS`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HolefillError } from '../core/errors';
import { packageRoot } from '../core/paths';
import { benchCommand } from './bench';
import { checkCommand } from './check';
import { type CliCommand, type CliIo, ExitCode } from './command';
import { fillCommand } from './fill';

export const COMMANDS: readonly CliCommand[] = [checkCommand, fillCommand, benchCommand];

export function packageVersion(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
}

export function usageText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `holefill ${packageVersion()}: fill holes in code so that the result always parses`,
    '',
    'usage: holefill <command> [arguments]',
    '       holefill --help | --version',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `holefill <command> --help` for the usage of one command.',
    '',
  ].join('\n');
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs the command line `argv` (without node and the script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(usageText());
    return ExitCode.usage;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.out(usageText());
    return ExitCode.ok;
  }
  if (first === '--version' || first === '-v') {
    io.out(`${packageVersion()}\n`);
    return ExitCode.ok;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    io.err(`holefill: ${what}\n\n${usageText()}`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${command.usage}\n\n${command.summary}\n`);
    return ExitCode.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof HolefillError) {
      io.err(`holefill ${command.name}: ${error.message}\n`);
      return ExitCode.usage;
    }
    io.err(`holefill ${command.name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.internal;
  }
}
