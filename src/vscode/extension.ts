// The extension's entry point. It only wires things up: nothing heavy (grammars, the model) is loaded
// until a command or provider first needs it. Everything with a lifetime goes into one disposables list.
import * as vscode from 'vscode';
import type { DecodeProgress } from '../decode/sampler';
import { BUILTIN_LANGUAGES } from '../grammar/languages';
import { CompletabilityChecks, LiveCheck, ShortestCompletionActions } from './check';
import { COMMANDS, type HolefillContext } from './commands';
import { EngineHost } from './engine-host';
import { ActiveFills } from './fill-holes';
import { HoleInlineCompletions } from './inline';
import { HolefillStatus } from './status';

/** What activate() returns; the integration tests read it. */
export interface HolefillApi {
  /** Time spent inside activate(), in milliseconds. */
  readonly activationMs: number;
  /** Cancels every fill in progress, exactly as the progress notification's Cancel button does. */
  cancelFills(): number;
  /** Fires after every step of a Fill Holes run. */
  readonly onFillProgress?: vscode.Event<{ document: vscode.TextDocument; progress: DecodeProgress }>;
  /** The status bar item's text now. */
  statusText(): string;
  /** Inline completion requests answered so far. */
  inlineRequestsServed(): number;
}

export function activate(extension: vscode.ExtensionContext): HolefillApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Holefill', { log: true });
  extension.subscriptions.push(log);
  let api: Omit<HolefillApi, 'activationMs'> = { cancelFills: () => 0, statusText: () => '', inlineRequestsServed: () => 0 };
  try {
    const engine = new EngineHost(extension.globalStorageUri.fsPath, log);
    const fills = new ActiveFills();
    const checks = new CompletabilityChecks(engine, log);
    extension.subscriptions.push(engine, fills, checks);
    const context: HolefillContext = { extension, log, engine, fills, checks };
    for (const [id, factory] of Object.entries(COMMANDS)) {
      extension.subscriptions.push(vscode.commands.registerCommand(id, factory(context)));
    }
    const selector: vscode.DocumentSelector = BUILTIN_LANGUAGES.flatMap((l) => l.editorLanguageIds.map((language) => ({ language })));
    const inline = new HoleInlineCompletions(engine, log);
    const status = new HolefillStatus(engine);
    extension.subscriptions.push(
      vscode.languages.registerInlineCompletionItemProvider(selector, inline),
      vscode.languages.registerCodeActionsProvider(selector, new ShortestCompletionActions(checks), {
        providedCodeActionKinds: ShortestCompletionActions.kinds,
      }),
      new LiveCheck(checks, engine),
      status,
    );
    api = {
      cancelFills: () => fills.cancelAll(),
      onFillProgress: fills.onProgress,
      statusText: () => status.text,
      inlineRequestsServed: () => inline.served,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`activation failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    void vscode.window.showErrorMessage(`Holefill could not start: ${message}`, 'Show Log').then((choice) => {
      if (choice) log.show();
    });
  }
  const activationMs = performance.now() - t0;
  log.info(`activated in ${activationMs.toFixed(1)} ms (version ${String(extension.extension.packageJSON.version)})`);
  return { activationMs, ...api };
}

export function deactivate(): void {
  // Everything, the model's session included, is disposed through extension.subscriptions.
}
