// Holefill's commands as a table of factories: each gets the extension's context and returns the
// handler. Add a command by writing its factory in its own file, listing it here and contributing it
// in package.json.
import * as vscode from 'vscode';
import { checkCompletabilityCommand, type CompletabilityChecks } from './check';
import type { EngineHost } from './engine-host';
import { acceptFillCommand, discardFillCommand, fillHolesCommand, type ActiveFills } from './fill-holes';
import { openSampleCommand } from './walkthrough';

export interface HolefillContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly engine: EngineHost;
  readonly fills: ActiveFills;
  readonly checks: CompletabilityChecks;
}

type CommandFactory = (context: HolefillContext) => (...args: unknown[]) => unknown;

export const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'holefill.fillHoles': fillHolesCommand,
  'holefill.acceptFill': acceptFillCommand,
  'holefill.discardFill': discardFillCommand,
  'holefill.checkCompletability': checkCompletabilityCommand,
  'holefill.openSample': openSampleCommand,
  'holefill.showLog':
    ({ log }) =>
    () =>
      log.show(true),
};
