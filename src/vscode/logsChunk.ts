/**
 * The entry of the log features' chunk (dist/logs.js and dist/web/logs.js, built by
 * scripts/bundle.mjs): the editor's log analysis, *Analyze Access Logs…* and the log analysis of
 * src/core/logs/. logsOnDemand.ts loads it the first time a tenant log is open or a log command runs.
 */
import type * as vscode from 'vscode';
import { LogReports } from './logReport';
import { LogEditorFeatures } from './logs';
import type { SenderAuthWorkspace } from './model';

export interface LogFeatures extends vscode.Disposable {
  /** Open access logs: diagnostics, hovers, links. */
  features: LogEditorFeatures;
  /** *Analyze Access Logs…* and its last report. */
  reports: LogReports;
}

/** `ready`: the workspace's first scan (a log analyzed before it would find no channels). */
export function startLogFeatures(workspace: SenderAuthWorkspace, ready: Promise<void>): LogFeatures {
  const features = new LogEditorFeatures(workspace, ready);
  const reports = new LogReports(features);
  return {
    features,
    reports,
    dispose: () => {
      reports.dispose();
      features.dispose();
    },
  };
}
