// Holefill's editor features in a real VS Code with the embedded model: Fill Holes (markers,
// selections, cancel, an edit during the fill), Check Completability and its quick fix, inline
// completions. The oracle for "parses" is the vendored tree-sitter parser, loaded here in the test.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TreeSitterParser } from '../../src/grammar/treesitter';
import type { CheckOutcome } from '../../src/vscode/check';
import type { HolefillApi } from '../../src/vscode/extension';
import type { FillOutcome } from '../../src/vscode/fill-holes';

const MARKER = '<|hole|>';

async function api(): Promise<HolefillApi> {
  const extension = vscode.extensions.getExtension<HolefillApi>('holefill.holefill');
  assert.ok(extension, 'holefill.holefill is not installed');
  return extension.activate();
}

async function open(language: string, content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(document);
}

async function assertParses(languageId: string, text: string): Promise<void> {
  const verdict = (await TreeSitterParser.forBuiltin(languageId)).validate(text);
  assert.ok(verdict.valid, `tree-sitter rejects the ${languageId} result at ${JSON.stringify(verdict.firstProblem)}:\n${text}`);
}

/** Every fixed piece (the text between markers) is in `result`, in order, and nothing else but the fills. */
function assertFixedTextKept(original: string, result: string, fills: readonly string[]): void {
  const fixed = original.split(MARKER);
  assert.equal(fills.length, fixed.length - 1, 'one fill per marker');
  assert.equal(result, fixed.map((f, i) => f + (fills[i] ?? '')).join(''), 'the result is the fixed text with the fills in the holes');
  assert.ok(!result.includes(MARKER), 'no marker is left');
}

async function screenshot(name: string, view?: string): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  if (view) await vscode.commands.executeCommand(view);
  // scripts/test-integration.mjs takes the screenshot when it sees this line on the console.
  console.log(`holefill-screenshot: ${name}`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('holefill').update(key, value, vscode.ConfigurationTarget.Global);
}

const FILL_CASES = [
  {
    label: 'C++',
    language: 'cpp',
    content: '#include <vector>\n\nint sum(const std::vector<int>& v) {\n  int total = 0;\n  for (int x : v) {\n    total += <|hole|>;\n  }\n  return <|hole|>;\n}\n',
  },
  { label: 'JSON', language: 'json', content: '{\n  "name": "holefill",\n  "version": <|hole|>,\n  "tags": [<|hole|>]\n}\n' },
];

describe('Fill Holes', () => {
  before(api);
  afterEach(async () => {
    await setSetting('maskSlotsPerHole', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const { label, language, content } of FILL_CASES) {
    it(`fills the markers of a ${label} document: fixed text kept, result parses`, async () => {
      const editor = await open(language, content);
      const outcome = (await vscode.commands.executeCommand('holefill.fillHoles')) as FillOutcome;
      assert.equal(outcome.status, 'applied', outcome.message);
      const result = editor.document.getText();
      assertFixedTextKept(content, result, outcome.report!.holes);
      await assertParses(language, result);
      console.log(`    ${label} fill: ${JSON.stringify(outcome.report!.holes)} in ${outcome.report!.ms.toFixed(0)} ms`);
      const status = (await api()).statusText();
      assert.match(status, new RegExp(` · ${language} (exact|approximate) · \\d+ ms$`), `status bar: ${status}`);
      if (language === 'cpp') await screenshot('fill-cpp');
      // One undoable edit: a single undo brings the markers back.
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), content);
    });
  }

  it('rewrites a selection and keeps the text around it', async () => {
    const content = 'int main() {\n  int x = 1 + 2;\n  return x;\n}\n';
    const editor = await open('cpp', content);
    const start = content.indexOf('1 + 2');
    const end = start + '1 + 2'.length;
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
    const outcome = (await vscode.commands.executeCommand('holefill.fillHoles')) as FillOutcome;
    assert.equal(outcome.status, 'applied', outcome.message);
    const result = editor.document.getText();
    const fill = outcome.report!.holes[0];
    assert.equal(result, content.slice(0, start) + fill + content.slice(end));
    await assertParses('cpp', result);
  });

  it('cancelling leaves the document unchanged', async () => {
    const holefill = await api();
    // Many mask slots make many steps, so the fill is still running when it is cancelled.
    await setSetting('maskSlotsPerHole', 64);
    const content = '{\n  "a": <|hole|>,\n  "b": <|hole|>\n}\n';
    const editor = await open('json', content);
    let steps = 0;
    const listener = holefill.onFillProgress!(() => {
      if (steps++ === 0) assert.equal(holefill.cancelFills(), 1, 'one fill in progress');
    });
    try {
      const outcome = (await vscode.commands.executeCommand('holefill.fillHoles')) as FillOutcome;
      assert.equal(outcome.status, 'cancelled', outcome.message);
    } finally {
      listener.dispose();
    }
    assert.ok(steps >= 1, 'the fill reported progress before it was cancelled');
    assert.equal(editor.document.getText(), content);
  });

  it('an edit during the fill wins: the fill is not applied', async () => {
    const holefill = await api();
    await setSetting('maskSlotsPerHole', 64);
    const content = '{\n  "a": <|hole|>\n}\n';
    const editor = await open('json', content);
    let edited: Thenable<boolean> | undefined;
    const listener = holefill.onFillProgress!(() => {
      edited ??= editor.edit((b) => b.insert(new vscode.Position(0, 0), ' '));
    });
    let outcome: FillOutcome;
    try {
      outcome = (await vscode.commands.executeCommand('holefill.fillHoles')) as FillOutcome;
    } finally {
      listener.dispose();
    }
    assert.ok(edited, 'the fill reported progress');
    assert.ok(await edited, 'the user edit was applied');
    assert.equal(outcome.status, 'document-changed', outcome.message);
    assert.equal(editor.document.getText(), ' ' + content);
  });

  it('preview mode: the fill waits in the holes; Accept Fill applies it, Discard Fill and an edit drop it', async () => {
    await setSetting('fillMode', 'preview');
    try {
      const content = '{\n  "name": "holefill",\n  "version": <|hole|>\n}\n';
      const editor = await open('json', content);
      let outcome = (await vscode.commands.executeCommand('holefill.fillHoles')) as FillOutcome;
      assert.equal(outcome.status, 'previewing', outcome.message);
      assert.equal(editor.document.getText(), content, 'nothing is applied before the user accepts');
      await screenshot('fill-preview');
      outcome = (await vscode.commands.executeCommand('holefill.acceptFill')) as FillOutcome;
      assert.equal(outcome.status, 'applied', outcome.message);
      assertFixedTextKept(content, editor.document.getText(), outcome.report!.holes);
      await assertParses('json', editor.document.getText());
      outcome = (await vscode.commands.executeCommand('holefill.acceptFill')) as FillOutcome;
      assert.equal(outcome.status, 'no-preview', 'a preview is applied once');

      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), content);
      outcome = (await vscode.commands.executeCommand('holefill.fillHoles')) as FillOutcome;
      assert.equal(outcome.status, 'previewing', outcome.message);
      outcome = (await vscode.commands.executeCommand('holefill.discardFill')) as FillOutcome;
      assert.equal(outcome.status, 'discarded', outcome.message);
      assert.equal(editor.document.getText(), content);

      outcome = (await vscode.commands.executeCommand('holefill.fillHoles')) as FillOutcome;
      assert.equal(outcome.status, 'previewing', outcome.message);
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), ' ')));
      outcome = (await vscode.commands.executeCommand('holefill.acceptFill')) as FillOutcome;
      assert.equal(outcome.status, 'no-preview', 'an edit drops the preview');
      assert.equal(editor.document.getText(), ' ' + content);
    } finally {
      await setSetting('fillMode', undefined);
    }
  });

  it('says so plainly for an unsupported language', async () => {
    await open('plaintext', `hello ${MARKER}`);
    const outcome = (await vscode.commands.executeCommand('holefill.fillHoles')) as FillOutcome;
    assert.equal(outcome.status, 'unsupported-language');
    assert.match(outcome.message, /does not support plaintext/);
  });
});

describe('Check Completability', () => {
  before(api);
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('puts a diagnostic on a broken file, at the stray bracket', async () => {
    const content = 'int main() { ) }\n';
    const editor = await open('cpp', content);
    const outcome = (await vscode.commands.executeCommand('holefill.checkCompletability')) as CheckOutcome;
    assert.equal(outcome.report?.completable, false);
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'holefill');
    assert.equal(diagnostics.length, 1);
    assert.equal(editor.document.offsetAt(diagnostics[0].range.start), content.indexOf('{ )') + 2);
    assert.match(diagnostics[0].message, /expected/);
    console.log(`    diagnostic: ${diagnostics[0].message}`);
    await screenshot('diagnostic', 'workbench.actions.view.problems');
  });

  it('puts no diagnostic on a completable file with holes', async () => {
    const editor = await open('cpp', `int main() {\n  int x = ${MARKER};\n  return x;\n}\n`);
    const outcome = (await vscode.commands.executeCommand('holefill.checkCompletability')) as CheckOutcome;
    assert.equal(outcome.report?.completable, true);
    assert.equal(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'holefill').length, 0);
  });

  it('the quick fix fills the markers with the shortest valid completion, which parses', async () => {
    const content = `int main() {\n  int x = ${MARKER};\n  if (x) { ${MARKER} }\n  return x;\n}\n`;
    const editor = await open('cpp', content);
    const line = new vscode.Range(1, 0, 1, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, line);
    const fix = actions.find((a) => a.title === 'Fill with the shortest valid completion');
    assert.ok(fix?.edit, `no quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const result = editor.document.getText();
    assert.ok(!result.includes(MARKER));
    await assertParses('cpp', result);
    console.log(`    quick fix: ${JSON.stringify(result)}`);
  });

  it('live check marks a file whose markers cannot be filled, and clears it when fixed', async () => {
    const editor = await open('cpp', `int main() {\n  int x = ${MARKER};\n  return x;\n}\n`);
    // No fill of a later hole can repair a stray bracket before it (one after it could be absorbed,
    // e.g. by a hole that opens a for loop).
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), ') '));
    const holefillDiagnostics = () => vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'holefill');
    await waitUntil(() => holefillDiagnostics().length === 1, 10_000, 'the live diagnostic');
    await editor.edit((b) => b.delete(new vscode.Range(0, 0, 0, 2)));
    await waitUntil(() => holefillDiagnostics().length === 0, 10_000, 'the live diagnostic to go');
  });
});

describe('inline completions', () => {
  before(api);
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('ghost text committed with inlineSuggest.commit leaves the file parseable', async () => {
    const holefill = await api();
    const content = 'int main() {\n  int x = \n  return x;\n}\n';
    const editor = await open('cpp', content);
    const cursor = new vscode.Position(1, '  int x = '.length);
    editor.selection = new vscode.Selection(cursor, cursor);
    const served = holefill.inlineRequestsServed();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitUntil(() => holefill.inlineRequestsServed() > served, 60_000, 'an inline completion');
    await screenshot('ghost-text');
    // The ghost text shows a moment after the provider answers; commit until the document changes.
    await waitUntilAsync(async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return editor.document.getText() !== content;
    }, 10_000, 'the ghost text to be committed');
    const result = editor.document.getText();
    assert.ok(result.startsWith(content.slice(0, editor.document.offsetAt(cursor))), 'the text before the cursor is kept');
    assert.ok(result.endsWith(content.slice(editor.document.offsetAt(cursor))), 'the text after the cursor is kept');
    await assertParses('cpp', result);
    console.log(`    inline: ${JSON.stringify(result)}`);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  await waitUntilAsync(async () => condition(), timeoutMs, what);
}

async function waitUntilAsync(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
