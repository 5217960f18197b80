// The status bar item: the model in use, the active language's support level (exact / approximate)
// and the last fill's time. Clicking it shows the log.
import * as vscode from 'vscode';
import type { EngineHost } from './engine-host';

export class HolefillStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('holefill.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The text shown now (the integration tests read it). */
  text = '';

  constructor(private readonly engine: EngineHost) {
    this.item.name = 'Holefill';
    this.item.command = 'holefill.showLog';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('holefill') && this.update()),
      engine.onDidFill(() => this.update()),
      engine.onDidLoadLanguage(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const language = document ? this.engine.servedLanguage(document) : undefined;
    if (!document || !language) {
      this.item.hide();
      return;
    }
    // Known once a command, check or completion loaded the language: the item never loads one itself.
    const level = this.engine.supportLevels.get(language);
    const model = this.engine.modelName() ?? 'no model';
    const last = this.engine.lastFill;
    const parts = [`$(wand) ${model}`, `${language} ${level ?? '…'}`];
    if (last) parts.push(`${last.ms.toFixed(0)} ms`);
    this.text = parts.join(' · ');
    this.item.text = this.text;
    this.item.tooltip = new vscode.MarkdownString(
      [
        `**Holefill** — model \`${model}\` (${this.engine.modelDir()})`,
        level === undefined
          ? `${language}: support level known once the language is first used`
          : `${language}: ${level} support${level === 'approximate' ? ' (the grammar over-approximates some external tokens; tree-sitter has the last word)' : ''}`,
        last ? `last fill: ${last.ms.toFixed(0)} ms (model ${last.modelMs.toFixed(0)} ms, check ${last.checkMs.toFixed(0)} ms)` : 'no fill yet',
        'Click for the log.',
      ].join('\n\n'),
    );
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
