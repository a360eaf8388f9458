/**
 * The actions (actionsChunk.ts: quick fixes, exemptions, Import/Renew Certificate, the exports, the
 * core's fix planner, and the certificate hover) are only needed when the user acts, so they are a
 * chunk of their own, loaded on first use. At activation only their commands (commands.ts) and
 * their providers (here) are registered; the first call loads the chunk.
 */
import * as vscode from 'vscode';
import { loadChunk } from './chunks';
import type { SenderAuthWorkspace } from './model';

type ActionsChunk = typeof import('./actionsChunk');

/** The actions' chunk, loaded once. */
export const loadActions = (): Promise<ActionsChunk> => loadChunk<ActionsChunk>('actions');

/** *Fix all* of the iFlow diagnostics (the changes that alter no one's access). */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('iflowAuth');

const IFLOWS: vscode.DocumentFilter[] = [{ language: 'iflow' }, { pattern: '**/*.iflw' }];
const QUICK_FIX: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

/** A provider made from the chunk on its first request (and again after a failed load). */
function fromChunk<T>(make: (chunk: ActionsChunk) => T): () => Promise<T> {
  let provider: Promise<T> | undefined;
  return () =>
    (provider ??= loadActions().then(make, (e: unknown) => {
      provider = undefined;
      throw e;
    }));
}

function onDemand(selector: vscode.DocumentSelector, metadata: vscode.CodeActionProviderMetadata, make: (chunk: ActionsChunk) => vscode.CodeActionProvider): vscode.Disposable {
  const get = fromChunk(make);
  return vscode.languages.registerCodeActionsProvider(selector, {
    provideCodeActions: async (document, range, context, token) => (await get()).provideCodeActions(document, range, context, token),
  }, metadata);
}

/** The hover on certificate entries of iFlows and on certificates in the mapping file. */
export function registerHover(workspace: SenderAuthWorkspace): vscode.Disposable {
  const get = fromChunk((c) => new c.CertificateHoverProvider(workspace));
  return vscode.languages.registerHoverProvider([...IFLOWS, { language: 'json' }], {
    provideHover: async (document, position) => (await get()).provideHover(document, position),
  });
}

export function registerCodeActions(workspace: SenderAuthWorkspace): vscode.Disposable[] {
  return [
    onDemand(IFLOWS, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND] }, (c) => new c.SenderAuthCodeActions(workspace)),
    // Any finding of ours (iFlows and the mapping file) can be exempted in .iflow-auth.json.
    onDemand([...IFLOWS, { language: 'json' }, { language: 'jsonc' }], QUICK_FIX, (c) => new c.ExemptionCodeActions(workspace)),
    onDemand([...IFLOWS, { language: 'json' }], QUICK_FIX, (c) => new c.RenewCodeActions({ workspace })),
  ];
}
