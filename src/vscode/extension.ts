// The extension's entry point. It only wires things up: nothing heavy (grammars, the model) is loaded
// until a command or provider first needs it. Everything with a lifetime goes into one disposables list.
import * as vscode from 'vscode';
import { COMMANDS, type HolefillContext } from './commands';

/** What activate() returns; the integration tests read it. */
export interface HolefillApi {
  /** Time spent inside activate(), in milliseconds. */
  readonly activationMs: number;
}

export function activate(extension: vscode.ExtensionContext): HolefillApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Holefill', { log: true });
  extension.subscriptions.push(log);
  try {
    const context: HolefillContext = { extension, log };
    for (const [id, factory] of Object.entries(COMMANDS)) {
      extension.subscriptions.push(vscode.commands.registerCommand(id, factory(context)));
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`activation failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    void vscode.window.showErrorMessage(`Holefill could not start: ${message}`, 'Show Log').then((choice) => {
      if (choice) log.show();
    });
  }
  const activationMs = performance.now() - t0;
  log.info(`activated in ${activationMs.toFixed(1)} ms (version ${String(extension.extension.packageJSON.version)})`);
  return { activationMs };
}

export function deactivate(): void {
  // Everything is disposed through extension.subscriptions.
}
