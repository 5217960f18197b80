// Holefill: Fill Holes. All holes of the active editor are filled jointly under the grammar's
// constraint, with a cancellable progress notification and the committed text shown in the holes as
// it arrives. The result is one undoable edit, applied only if the document is still the version the
// fill started from — at once, or (holefill.fillMode "preview") after the user accepts it.
import * as vscode from 'vscode';
import { HolefillError } from '../core/errors';
import type { DecodeProgress } from '../decode/sampler';
import type { FillReport } from '../engine/fill';
import type { HolefillContext } from './commands';
import { isCancellation, messageOf } from './engine-host';
import { holesOf, type EditorHoles } from './holes';
import { readSettings } from './settings';

export type FillStatus =
  | 'applied'
  | 'cancelled'
  | 'document-changed'
  | 'not-completable'
  | 'no-valid-fill'
  | 'unsupported-language'
  | 'no-editor'
  | 'no-holes'
  | 'failed'
  /** fillMode "preview": the fill is shown in the holes until Accept Fill or Discard Fill. */
  | 'previewing'
  | 'discarded'
  | 'no-preview';

/** What the command returns (the integration tests read it). */
export interface FillOutcome {
  readonly status: FillStatus;
  readonly message: string;
  readonly holes: number;
  readonly report?: FillReport;
}

/** A finished fill shown in its holes, waiting for Accept Fill or Discard Fill. */
interface PendingPreview {
  readonly document: vscode.TextDocument;
  readonly version: number;
  readonly found: EditorHoles;
  readonly report: FillReport;
}

/**
 * The fills in progress (cancelled all at once by the API, watched through their progress) and the one
 * finished fill waiting in preview, if any.
 */
export class ActiveFills implements vscode.Disposable {
  private readonly controllers = new Set<AbortController>();
  private readonly progress = new vscode.EventEmitter<{ document: vscode.TextDocument; progress: DecodeProgress }>();
  readonly onProgress = this.progress.event;
  private pending: PendingPreview | undefined;
  private readonly changeListener: vscode.Disposable;

  constructor() {
    // An edit moves the text under the preview: drop it rather than show (or later apply) a stale fill.
    this.changeListener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (this.pending && e.document === this.pending.document && e.contentChanges.length > 0) {
        this.takePreview();
        void vscode.window.showInformationMessage('Holefill: the document changed, so the previewed fill was discarded.');
      }
    });
  }

  /** Shows a finished fill in its holes until it is accepted or discarded (replaces an earlier preview). */
  setPreview(preview: PendingPreview): void {
    this.takePreview();
    this.pending = preview;
    showPreview(preview.document, preview.found, preview.report.holes, previewReadyDecoration());
    void vscode.commands.executeCommand('setContext', 'holefill.fillPreviewing', true);
  }

  /** Ends the preview, if any, and returns it. */
  takePreview(): PendingPreview | undefined {
    const preview = this.pending;
    this.pending = undefined;
    if (preview) {
      clearPreview(preview.document, previewReadyDecoration());
      void vscode.commands.executeCommand('setContext', 'holefill.fillPreviewing', false);
    }
    return preview;
  }

  start(): AbortController {
    const controller = new AbortController();
    this.controllers.add(controller);
    return controller;
  }

  end(controller: AbortController): void {
    this.controllers.delete(controller);
  }

  report(document: vscode.TextDocument, progress: DecodeProgress): void {
    this.progress.fire({ document, progress });
  }

  /** Cancels every fill in progress, as its notification's Cancel button does. */
  cancelAll(): number {
    for (const c of this.controllers) c.abort(new HolefillError('cancelled by the user', 'cancelled'));
    return this.controllers.size;
  }

  dispose(): void {
    this.cancelAll();
    this.takePreview();
    this.changeListener.dispose();
    this.progress.dispose();
    previewDecorationType?.dispose();
    previewDecorationType = undefined;
    previewReadyDecorationType?.dispose();
    previewReadyDecorationType = undefined;
  }
}

/** The committed text of each hole, shown after its range while the fill runs (made on first use). */
let previewDecorationType: vscode.TextEditorDecorationType | undefined;
function previewDecoration(): vscode.TextEditorDecorationType {
  previewDecorationType ??= vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorGhostText.foreground'), fontStyle: 'italic' },
  });
  return previewDecorationType;
}

/** A finished fill waiting for the user: like the live preview, framed so it reads as a proposal. */
let previewReadyDecorationType: vscode.TextEditorDecorationType | undefined;
function previewReadyDecoration(): vscode.TextEditorDecorationType {
  previewReadyDecorationType ??= vscode.window.createTextEditorDecorationType({
    after: {
      color: new vscode.ThemeColor('editorGhostText.foreground'),
      fontStyle: 'italic',
      border: '1px dashed',
      borderColor: new vscode.ThemeColor('editorGhostText.foreground'),
    },
  });
  return previewReadyDecorationType;
}

function outcome(status: FillStatus, message: string, holes = 0, report?: FillReport): FillOutcome {
  return { status, message, holes, report };
}

/** Maps an offset of the engine's text back to the document (markers were taken out of it). */
function documentOffset(found: EditorHoles, document: vscode.TextDocument, sourceOffset: number): number {
  if (found.from !== 'markers') return sourceOffset;
  let shift = 0;
  found.holes.forEach(([s], i) => {
    if (s < sourceOffset) shift += document.offsetAt(found.replaces[i].end) - document.offsetAt(found.replaces[i].start);
  });
  return sourceOffset + shift;
}

export function fillHolesCommand(context: HolefillContext) {
  return async (): Promise<FillOutcome> => {
    const { log, engine, fills } = context;
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Holefill: open a file to fill its holes.');
      return outcome('no-editor', 'no active editor');
    }
    const document = editor.document;
    if (!engine.servedLanguage(document)) {
      const message = `Holefill does not support ${document.languageId} files (supported: JSON, C, C++, Go, Python, JavaScript, TypeScript, Rust, and holefill.customGrammars).`;
      void vscode.window.showInformationMessage(message);
      return outcome('unsupported-language', message);
    }
    const settings = readSettings(document);
    const found = holesOf(editor, settings.holeMarker);
    if (!found) {
      const message = `Holefill: no holes. Select text to rewrite, place several cursors, or write ${settings.holeMarker} where code should go.`;
      void vscode.window.showInformationMessage(message);
      return outcome('no-holes', message);
    }
    fills.takePreview(); // a new fill replaces a preview still waiting
    const version = document.version;
    const controller = fills.start();
    const holeCount = found.holes.length;
    log.info(`fill: ${holeCount} hole(s) from ${found.from} in ${document.uri.toString()} (version ${version})`);
    try {
      const report = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Holefill: filling ${holeCount} hole${holeCount === 1 ? '' : 's'}`,
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort(new HolefillError('cancelled by the user', 'cancelled')));
          let reported = 0;
          try {
            return await engine.fill(document, found.source, found.holes, {
              signal: controller.signal,
              onProgress: (p) => {
                const done = (100 * p.committed) / Math.max(1, p.committed + p.masked);
                progress.report({ message: `step ${p.step}/${p.totalSteps}`, increment: done - reported });
                reported = done;
                showPreview(document, found, p.holesText, previewDecoration());
                fills.report(document, p);
              },
            });
          } finally {
            clearPreview(document, previewDecoration());
          }
        },
      );
      if (settings.fillMode === 'preview' && report.completable && report.valid && document.version === version) {
        return offerPreview(context, { document, version, found, report });
      }
      return await apply(context, document, version, found, report);
    } catch (error) {
      if (isCancellation(error)) {
        log.info('fill: cancelled; the document is unchanged');
        return outcome('cancelled', 'cancelled; the document is unchanged', holeCount);
      }
      if (error instanceof HolefillError && error.code === 'unsupported-language') {
        void vscode.window.showInformationMessage(`Holefill: ${error.message}`);
        return outcome('unsupported-language', error.message, holeCount);
      }
      log.error(`fill failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void vscode.window.showErrorMessage(`Holefill: the fill failed: ${messageOf(error)}`, 'Show Log').then((c) => c && log.show());
      return outcome('failed', messageOf(error), holeCount);
    } finally {
      fills.end(controller);
    }
  };
}

/** fillMode "preview": shows the fill in its holes and asks; the buttons run Accept Fill / Discard Fill. */
function offerPreview(context: HolefillContext, preview: PendingPreview): FillOutcome {
  const holeCount = preview.found.holes.length;
  context.fills.setPreview(preview);
  context.log.info(`fill: previewing ${holeCount} hole(s) (${preview.report.ms.toFixed(0)} ms); waiting for Accept Fill or Discard Fill`);
  void vscode.window
    .showInformationMessage(`Holefill: apply the fill of ${holeCount} hole${holeCount === 1 ? '' : 's'} shown in the editor?`, 'Apply', 'Discard')
    .then((choice) => {
      if (choice === 'Apply') return vscode.commands.executeCommand('holefill.acceptFill');
      if (choice === 'Discard') return vscode.commands.executeCommand('holefill.discardFill');
      return undefined;
    });
  return outcome('previewing', 'the fill is shown in the holes: Accept Fill applies it, Discard Fill drops it', holeCount, preview.report);
}

/** Holefill: Accept Fill — applies the previewed fill (if the document is still as it was). */
export function acceptFillCommand(context: HolefillContext) {
  return async (): Promise<FillOutcome> => {
    const preview = context.fills.takePreview();
    if (!preview) return outcome('no-preview', 'no fill is waiting in preview');
    return apply(context, preview.document, preview.version, preview.found, preview.report);
  };
}

/** Holefill: Discard Fill — drops the previewed fill; the document stays as it is. */
export function discardFillCommand(context: HolefillContext) {
  return async (): Promise<FillOutcome> => {
    const preview = context.fills.takePreview();
    if (!preview) return outcome('no-preview', 'no fill is waiting in preview');
    context.log.info('fill: preview discarded; the document is unchanged');
    return outcome('discarded', 'the previewed fill was discarded; the document is unchanged', preview.found.holes.length, preview.report);
  };
}

async function apply(context: HolefillContext, document: vscode.TextDocument, version: number, found: EditorHoles, report: FillReport): Promise<FillOutcome> {
  const { log } = context;
  const holeCount = found.holes.length;
  log.info(
    `fill: ${report.stopReason}, valid ${report.valid}, ${report.ms.toFixed(0)} ms (model ${report.modelMs.toFixed(0)} ms, check ${report.checkMs.toFixed(0)} ms), ` +
      `${report.forwardPasses} forward passes, ${report.rejections} rejections, ${report.witnessHoles} hole(s) finished by the witness`,
  );
  if (!report.completable) {
    const error = report.diagnosis?.error;
    let where = '';
    if (error) {
      const at = document.positionAt(documentOffset(found, document, error.offset));
      where = ` at line ${at.line + 1}, column ${at.character + 1}: expected ${expectedList(error.expected)}`;
    }
    const message = `Holefill: these holes cannot be filled to valid code — the text goes wrong${where}.`;
    void vscode.window.showErrorMessage(message);
    return outcome('not-completable', message, holeCount, report);
  }
  if (!report.valid) {
    const message = `Holefill: no fill that tree-sitter accepts was found (${report.stopReason}); the document is unchanged.`;
    void vscode.window.showWarningMessage(message);
    return outcome('no-valid-fill', message, holeCount, report);
  }
  const changed = `Holefill: the document changed during the fill, so the fill was not applied.`;
  if (document.isClosed || document.version !== version) {
    log.info(`fill: document version ${document.version} ≠ ${version}; not applied`);
    void vscode.window.showInformationMessage(changed);
    return outcome('document-changed', changed, holeCount, report);
  }
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  let applied: boolean;
  if (editor) {
    // TextEditor.edit is refused by the editor when the document moved past this version meanwhile.
    applied = await editor.edit((builder) => found.replaces.forEach((range, i) => builder.replace(range, report.holes[i])));
  } else {
    const edit = new vscode.WorkspaceEdit();
    found.replaces.forEach((range, i) => edit.replace(document.uri, range, report.holes[i]));
    applied = document.version === version && (await vscode.workspace.applyEdit(edit));
  }
  if (!applied) {
    void vscode.window.showInformationMessage(changed);
    return outcome('document-changed', changed, holeCount, report);
  }
  return outcome('applied', `filled ${holeCount} hole(s) in ${report.ms.toFixed(0)} ms`, holeCount, report);
}

/** The first ten expected lexemes, for messages. */
export function expectedList(expected: readonly string[]): string {
  if (expected.length === 0) return 'nothing more';
  const shown = expected.slice(0, 10).join(', ');
  return expected.length > 10 ? `${shown}, … (${expected.length} in all)` : shown;
}

function showPreview(document: vscode.TextDocument, found: EditorHoles, texts: readonly string[], decoration: vscode.TextEditorDecorationType): void {
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor.document !== document) continue;
    editor.setDecorations(
      decoration,
      found.replaces.map((range, i) => ({
        range: new vscode.Range(range.start, range.start),
        renderOptions: { after: { contentText: (texts[i] ?? '').replace(/\n/g, '⏎') || '…' } },
      })),
    );
  }
}

function clearPreview(document: vscode.TextDocument, decoration: vscode.TextEditorDecorationType): void {
  for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) editor.setDecorations(decoration, []);
}
