// Placeholder so the extension loads and the test host can run; the real activation replaces it.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
