import * as vscode from 'vscode';
import { redactKeyMaterial } from '../core/channels';

/**
 * The extension's log (Output → iFlow Sender Auth, and *Show Log*): what background work read,
 * how long it took, and what failed, with the file. The one place the extension writes a log;
 * messages carry paths, counts and error messages, and key material is cut out of every message.
 */
export class ExtensionLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('iFlow Sender Auth', { log: true });

  info(message: string): void {
    this.channel.info(redactKeyMaterial(message));
  }

  warn(message: string): void {
    this.channel.warn(redactKeyMaterial(message));
  }

  /** A failure of background work: the message and, for an Error, its stack. */
  error(message: string, error?: unknown): void {
    const detail = error === undefined ? '' : `: ${(error as Error)?.stack ?? String(error)}`;
    this.channel.error(redactKeyMaterial(`${message}${detail}`));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
