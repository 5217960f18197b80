// Holefill: Check Completability, its diagnostics, the "shortest valid completion" quick fix and the
// live re-check of files with hole markers. A document is checked with its markers as holes (none: the
// text as it is); the diagnostic sits where the text stops having any valid completion.
import * as vscode from 'vscode';
import type { DocumentCheckReport } from '../engine/check-document';
import type { HolefillContext } from './commands';
import type { EngineHost } from './engine-host';
import { messageOf } from './engine-host';
import { expectedList } from './fill-holes';
import { readSettings } from './settings';

/** How long one check may run before it gives up (a verdict of "don't know", no diagnostic). */
const CHECK_BUDGET = { maxMs: 3000, maxItems: 50_000_000 };
const LIVE_DEBOUNCE_MS = 400;
export const QUICK_FIX_TITLE = 'Fill with the shortest valid completion';

export interface CheckOutcome {
  readonly status: 'checked' | 'no-editor' | 'unsupported-language' | 'failed';
  readonly message: string;
  readonly report?: DocumentCheckReport;
  /** The markers checked as holes, as document offsets. */
  readonly holeSpans?: Array<[number, number]>;
}

/** Checks documents, keeps their diagnostics, remembers the last report per document version. */
export class CompletabilityChecks implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('holefill');
  private readonly last = new Map<string, { version: number; outcome: Promise<CheckOutcome> }>();

  constructor(
    private readonly engine: EngineHost,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Checks `document` as it is now (once per version) and updates its diagnostic. */
  check(document: vscode.TextDocument): Promise<CheckOutcome> {
    const key = document.uri.toString();
    const cached = this.last.get(key);
    if (cached?.version === document.version) return cached.outcome;
    const outcome = this.run(document);
    this.last.set(key, { version: document.version, outcome });
    return outcome;
  }

  private async run(document: vscode.TextDocument): Promise<CheckOutcome> {
    if (!this.engine.servedLanguage(document)) {
      return { status: 'unsupported-language', message: `Holefill does not support ${document.languageId} files.` };
    }
    const version = document.version;
    const text = document.getText();
    const marker = readSettings(document).holeMarker;
    let report: DocumentCheckReport;
    let holeSpans: Array<[number, number]>;
    try {
      ({ report, holeSpans } = await this.engine.checkInWorker(document, text, marker, CHECK_BUDGET));
    } catch (error) {
      this.log.error(`check failed: ${messageOf(error)}`);
      return { status: 'failed', message: messageOf(error) };
    }
    if (document.version === version && !document.isClosed) this.setDiagnostic(document, report);
    const verdict = report.completable === null ? `no verdict (budget of ${CHECK_BUDGET.maxMs} ms exceeded)` : report.completable ? 'completable' : 'not completable';
    this.log.info(`check: ${document.uri.toString()} v${version}, ${holeSpans.length} hole(s): ${verdict} in ${report.ms.toFixed(0)} ms`);
    return { status: 'checked', message: verdict, report, holeSpans };
  }

  private setDiagnostic(document: vscode.TextDocument, report: DocumentCheckReport): void {
    const error = report.error;
    if (report.completable !== false || !error) {
      this.diagnostics.delete(document.uri);
      return;
    }
    const start = document.positionAt(error.offset);
    const word = document.getWordRangeAtPosition(start);
    const end = word && word.start.isEqual(start) ? word.end : document.positionAt(Math.min(error.offset + 1, document.getText().length));
    const range = new vscode.Range(start, end.line === start.line ? end : start);
    const diagnostic = new vscode.Diagnostic(
      range,
      error.reason ? `Not valid: ${error.reason}.` : `No valid completion exists past this point; expected ${expectedList(error.expected)}.`,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'holefill';
    this.diagnostics.set(document.uri, [diagnostic]);
  }

  forget(document: vscode.TextDocument): void {
    this.last.delete(document.uri.toString());
    this.diagnostics.delete(document.uri);
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.last.clear();
  }
}

export function checkCompletabilityCommand({ checks }: HolefillContext) {
  return async (): Promise<CheckOutcome> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Holefill: open a file to check it.');
      return { status: 'no-editor', message: 'no active editor' };
    }
    const outcome = await checks.check(editor.document);
    const report = outcome.report;
    if (outcome.status !== 'checked' || !report) {
      void vscode.window.showInformationMessage(outcome.status === 'unsupported-language' ? outcome.message : `Holefill: the check failed: ${outcome.message}`);
      return outcome;
    }
    const holes = `${report.holes} hole${report.holes === 1 ? '' : 's'}`;
    if (report.completable) void vscode.window.showInformationMessage(`Holefill: completable (${holes}, checked in ${report.ms.toFixed(0)} ms).`);
    else if (report.completable === null) void vscode.window.showWarningMessage(`Holefill: no verdict within the check's budget (${holes}).`);
    else if (report.error) {
      void vscode.window.showErrorMessage(
        report.error.reason
          ? `Holefill: not valid: ${report.error.reason} (line ${report.error.line}).`
          : `Holefill: not completable (${holes}): no valid completion past line ${report.error.line}, column ${report.error.column}; expected ${expectedList(report.error.expected)}.`,
      );
    }
    return outcome;
  };
}

/** The quick fix on a line with hole markers: every marker replaced by its part of the witness. */
export class ShortestCompletionActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly checks: CompletabilityChecks) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    const marker = readSettings(document).holeMarker;
    const lines = new Set<number>();
    for (let line = range.start.line; line <= range.end.line; line++) lines.add(line);
    if (![...lines].some((line) => document.lineAt(line).text.includes(marker))) return [];
    const outcome = await this.checks.check(document);
    const witness = outcome.report?.witness;
    if (!witness || !outcome.holeSpans || outcome.holeSpans.length === 0) return [];
    const action = new vscode.CodeAction(QUICK_FIX_TITLE, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    outcome.holeSpans.forEach(([s, e], i) => action.edit!.replace(document.uri, new vscode.Range(document.positionAt(s), document.positionAt(e)), witness[i] ?? ''));
    action.isPreferred = true;
    return [action];
  }
}

/** Re-checks documents with hole markers while they are edited, debounced (setting holefill.liveCheck.enabled). */
export class LiveCheck implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly checks: CompletabilityChecks,
    private readonly engine: EngineHost,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.schedule(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d);
        checks.forget(d);
      }),
    );
    for (const editor of vscode.window.visibleTextEditors) this.schedule(editor.document);
  }

  private wanted(document: vscode.TextDocument): boolean {
    const settings = readSettings(document);
    return settings.liveCheckEnabled && this.engine.servedLanguage(document) !== undefined && document.getText().includes(settings.holeMarker);
  }

  private schedule(document: vscode.TextDocument): void {
    this.cancel(document);
    if (!this.wanted(document)) {
      // The markers are gone (or live checking is off): a marker-era diagnostic would be stale.
      if (readSettings(document).liveCheckEnabled) this.checks.diagnostics.delete(document.uri);
      return;
    }
    const key = document.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) void this.checks.check(document);
      }, LIVE_DEBOUNCE_MS),
    );
  }

  private cancel(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
