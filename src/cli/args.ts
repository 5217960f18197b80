// A small option parser shared by the sub-commands: `--name value`, `--name=value`, boolean flags,
// positionals; unknown options are usage errors (a typo should never be silently ignored).
import { HolefillError } from '../core/errors';

export interface OptionSpec {
  readonly flags: readonly string[]; // boolean options
  readonly values: readonly string[]; // options taking a value
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string>;
}

export function parseArgs(args: readonly string[], spec: OptionSpec): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (spec.flags.includes(name)) {
      if (eq >= 0) throw new HolefillError(`option --${name} takes no value`, 'usage');
      flags.add(name);
    } else if (spec.values.includes(name)) {
      const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new HolefillError(`option --${name} needs a value`, 'usage');
      values.set(name, v);
    } else {
      throw new HolefillError(`unknown option --${name}`, 'usage');
    }
  }
  return { positionals, flags, values };
}

export function intOption(parsed: ParsedArgs, name: string, fallback: number, min = 0): number {
  const v = parsed.values.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new HolefillError(`--${name} must be an integer ≥ ${min}, not '${v}'`, 'usage');
  return n;
}
