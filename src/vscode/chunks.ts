/**
 * Loads a separately bundled chunk of the extension (scripts/bundle.mjs) on first use, the same way
 * in the Node extension host and in the browser's web worker: the worker host gives an extension's
 * code no loader of its own files (its `require` knows only 'vscode'; there is no importScripts),
 * so the chunk's text is read through vscode.workspace.fs, as the host itself fetches the main
 * bundle, and run as a CommonJS module. Its imports of modules the main bundle holds are answered
 * with the main bundle's instances (chunkShared.ts). Only the extension's own files are run this
 * way (a plain chunk name under the extension's folder): nothing of the workspace ever is.
 */
import * as vscode from 'vscode';
import { chunkFolder, sharedModules } from './chunkShared';

/** How a chunk names a module of the main bundle (scripts/bundle.mjs writes the same prefix). */
const SHARED_PREFIX = 'shared:';

const loaded = new Map<string, Promise<unknown>>();
let extensionRoot: vscode.Uri | undefined;

/** Where the chunks are: the extension's folder (at activation). */
export function setChunkRoot(extensionUri: vscode.Uri): void {
  extensionRoot = extensionUri;
}

/** The exports of chunk `name` (dist/<name>.js), loaded once. */
export function loadChunk<T>(name: string): Promise<T> {
  if (!/^[a-z]+$/.test(name)) return Promise.reject(new Error(`not a chunk name: ${name}`));
  let chunk = loaded.get(name);
  if (!chunk) {
    if (!extensionRoot) return Promise.reject(new Error(`chunk ${name} asked for before activation`));
    chunk = evaluate(vscode.Uri.joinPath(extensionRoot, chunkFolder, `${name}.js`));
    loaded.set(name, chunk);
    // A failed load may be retried (a file briefly unreadable during an update).
    chunk.catch(() => loaded.delete(name));
  }
  return chunk as Promise<T>;
}

async function evaluate(uri: vscode.Uri): Promise<unknown> {
  const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const module = { exports: {} as unknown };
  const require = (id: string): unknown => {
    if (id === 'vscode') return vscode;
    const shared = id.startsWith(SHARED_PREFIX) ? sharedModules[id.slice(SHARED_PREFIX.length)] : undefined;
    if (shared === undefined) throw new Error(`${uri.path} requires '${id}', which the extension's main bundle does not provide`);
    return shared;
  };
  // The sourceURL names the file in stack traces and the debugger (its source map sits beside it).
  const run = new Function('module', 'exports', 'require', `${source}\n//# sourceURL=${uri.toString(true)}`) as (m: typeof module, e: unknown, r: typeof require) => void;
  run(module, module.exports, require);
  return module.exports;
}
