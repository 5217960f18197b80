// The walkthrough's sample: a copy of samples/sum.cpp (two hole markers) in an untitled editor, so
// filling it never touches the installed extension's files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { packageRoot } from '../core/paths';

export function openSampleCommand() {
  return async (): Promise<vscode.TextEditor> => {
    const content = readFileSync(join(packageRoot(), 'samples', 'sum.cpp'), 'utf8');
    const document = await vscode.workspace.openTextDocument({ language: 'cpp', content });
    return vscode.window.showTextDocument(document);
  };
}
