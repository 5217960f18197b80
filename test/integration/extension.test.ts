// The extension in a real VS Code: it activates on the languages it serves and its commands run.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HolefillApi } from '../../src/vscode/extension';

const EXTENSION_ID = 'holefill.holefill';

function holefill(): vscode.Extension<HolefillApi> {
  const extension = vscode.extensions.getExtension<HolefillApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this editor`);
  return extension;
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const SAMPLES: ReadonlyArray<{ languageId: string; label: string; content: string }> = [
  { languageId: 'cpp', label: 'C++', content: '#include <vector>\n\nint main() {\n  std::vector<int> v{1, 2};\n  return v[0];\n}\n' },
  { languageId: 'json', label: 'JSON', content: '{\n  "name": "holefill",\n  "tags": [1, 2]\n}\n' },
];

describe('activation', () => {
  // Whichever document opens first activates the extension; that one's activation is measured, the
  // other checks that its language is declared and the extension is active with such a document open.
  for (const { languageId, label, content } of SAMPLES) {
    it(`activates for a ${label} document`, async () => {
      const extension = holefill();
      assert.ok(
        (extension.packageJSON.activationEvents as string[]).includes(`onLanguage:${languageId}`),
        `package.json declares no onLanguage:${languageId} activation event`,
      );
      const wasActive = extension.isActive;
      const t0 = performance.now();
      const document = await vscode.workspace.openTextDocument({ language: languageId, content });
      await vscode.window.showTextDocument(document);
      assert.equal(document.languageId, languageId);
      await waitUntil(() => extension.isActive, 60_000, `activation by a ${label} document`);
      if (!wasActive) {
        const { activationMs } = extension.exports;
        assert.equal(typeof activationMs, 'number');
        console.log(
          `holefill activation: ${(performance.now() - t0).toFixed(0)} ms from opening a ${label} document to active, ` +
            `${activationMs.toFixed(1)} ms inside activate(), extension host up ${process.uptime().toFixed(1)} s`,
        );
      }
    });
  }
});

describe('commands', () => {
  const contributed = (): string[] =>
    (holefill().packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);

  before(async () => {
    await holefill().activate();
  });

  it('registers every command it contributes, fill and check among them', async () => {
    const ids = contributed();
    assert.ok(ids.includes('holefill.fillHoles') && ids.includes('holefill.checkCompletability'));
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of ids) assert.ok(registered.has(id), `${id} is contributed but not registered`);
  });

  for (const id of ['holefill.fillHoles', 'holefill.checkCompletability', 'holefill.showLog']) {
    it(`${id} runs without throwing`, async () => {
      await vscode.commands.executeCommand(id);
    });
  }
});
