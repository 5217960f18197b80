// Holefill's commands as a table of factories: each gets the extension's context and returns the
// handler. Add a command by writing its factory (in its own file once it does real work), listing it
// here and contributing it in package.json.
import * as vscode from 'vscode';

export interface HolefillContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
}

type CommandFactory = (context: HolefillContext) => (...args: unknown[]) => unknown;

/** Says so without waiting for the message to be dismissed, so the command itself completes at once. */
function notImplementedYet(title: string): CommandFactory {
  return ({ log }) =>
    () => {
      log.info(`${title}: not implemented yet`);
      void vscode.window.showInformationMessage(`Holefill: ${title} is not implemented yet.`);
    };
}

export const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'holefill.fillHoles': notImplementedYet('Fill Holes'),
  'holefill.checkCompletability': notImplementedYet('Check Completability'),
  'holefill.showLog':
    ({ log }) =>
    () =>
      log.show(true),
};
