/**
 * What tells a tenant log in the editor, kept apart from the log features themselves (logs.ts,
 * logReport.ts) so that the extension can decide at activation, without loading them, whether a
 * document needs them (logsOnDemand.ts).
 */
import type * as vscode from 'vscode';
import { parseLogFileName } from '../core/logs/fileNames';

export const ACCESS_LOG_LANGUAGE = 'iflow-access-log';
export const TRACE_LOG_LANGUAGE = 'iflow-trace-log';

/** The documents the log hovers, links and definitions serve. */
export const ACCESS_LOG_SELECTOR: vscode.DocumentSelector = [{ language: ACCESS_LOG_LANGUAGE }, { pattern: '**/http_access_*.log' }];

/** The command behind the report's links: opens a log at a line, or an iFlow at an offset. */
export const OPEN_LOG_LOCATION = 'iflowAuth.openLogLocation';

export const isAccessLog = (d: vscode.TextDocument): boolean =>
  d.languageId === ACCESS_LOG_LANGUAGE || parseLogFileName(d.uri.path)?.kind === 'access';
