// Inline completions: the cursor is one hole and the rest of the file is fixed text, so the ghost text
// is a constrained fill that leaves the whole file parseable — it never repeats the suffix or leaves a
// bracket open. Debounced, cancelled when the user types on, cached per (document version, offset).
import * as vscode from 'vscode';
import { ghostText, inlineHoleSlots } from '../engine/editor-support';
import type { FillReport } from '../engine/fill';
import type { EngineHost } from './engine-host';
import { isCancellation, messageOf } from './engine-host';
import { readSettings } from './settings';

const DEBOUNCE_MS = 200;
const CACHE_SIZE = 32;

export interface InlineFill {
  /** The ghost text; '' when there is nothing valid to offer. */
  readonly text: string;
  readonly report: FillReport | null;
}

export class HoleInlineCompletions implements vscode.InlineCompletionItemProvider {
  private readonly cache = new Map<string, InlineFill>();
  /** Requests answered, for the integration tests and the log. */
  served = 0;

  constructor(
    private readonly engine: EngineHost,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[]> {
    const settings = readSettings(document);
    if (!settings.inlineCompletionsEnabled || !this.engine.servedLanguage(document)) return [];
    // Text containing hole markers is for Fill Holes; as fixed text the markers would make no fill valid.
    const text = document.getText();
    if (text.includes(settings.holeMarker)) return [];
    const offset = document.offsetAt(position);
    const key = `${document.uri.toString()}@${document.version}:${offset}`;
    let fill = this.cache.get(key);
    if (!fill) {
      // Automatic requests wait for a pause in typing; an explicit trigger runs at once.
      if (context.triggerKind === vscode.InlineCompletionTriggerKind.Automatic) {
        await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS));
        if (token.isCancellationRequested) return [];
      }
      const controller = new AbortController();
      const listener = token.onCancellationRequested(() => controller.abort());
      try {
        fill = await this.fillAt(document, text, offset, controller.signal);
      } catch (error) {
        if (!isCancellation(error)) this.log.warn(`inline completion failed: ${messageOf(error)}`);
        return [];
      } finally {
        listener.dispose();
      }
      this.remember(key, fill);
    }
    this.served++;
    if (!fill.text || token.isCancellationRequested) return [];
    return [new vscode.InlineCompletionItem(fill.text, new vscode.Range(position, position))];
  }

  /** The constrained fill of a hole at `offset` of `text`; '' unless tree-sitter accepts the result. */
  async fillAt(document: vscode.TextDocument, text: string, offset: number, signal?: AbortSignal): Promise<InlineFill> {
    const report = await this.engine.fill(document, text, [[offset, offset]], { signal, holeTokens: inlineHoleSlots(text, offset), quick: true });
    return { text: ghostText(report), report };
  }

  private remember(key: string, fill: InlineFill): void {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, fill);
  }
}
