// What one `holefill` sub-command looks like. Each sub-command lives in its own file and is listed in
// main.ts's command table; main.ts owns option parsing common to all, exit codes and error printing.

/** Where a command writes; tests and callers can capture it instead of the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `holefill --help`. */
  readonly summary: string;
  /** Usage line(s) for `holefill <name> --help`, without the leading "usage: ". */
  readonly usage: string;
  /** Set on placeholders made by notImplementedCommand (the tests check what they print). */
  readonly notImplemented?: true;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit codes of the `holefill` command line. */
export const ExitCode = {
  ok: 0,
  /** The input was fine but the answer is "no" (e.g. a file that cannot be completed). */
  negative: 1,
  /** Bad usage or input the command cannot work with (a HolefillError), or a command not implemented yet. */
  usage: 2,
  /** Anything unexpected (a bug, an I/O failure). */
  internal: 3,
} as const;

/** A placeholder for a command that a later change implements in the same file. */
export function notImplementedCommand(name: string, summary: string, usage: string): CliCommand {
  return {
    name,
    summary: `${summary} (not implemented yet)`,
    usage,
    notImplemented: true,
    async run(_args, io) {
      io.err(`holefill ${name}: not implemented yet\n`);
      return ExitCode.usage;
    },
  };
}
