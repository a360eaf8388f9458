// extensionTestsPath for the editor benchmark (test/bench/editor.mjs): runs inside the real
// extension host of a workspace with 2,000 iFlows and reports what a user waits for: the first
// read (tree populated, every file's diagnostics published), a keystroke in the mapping file,
// and the extension host's memory.
const fs = require('fs');

exports.run = async function run() {
  const vscode = require('vscode');
  const result = {};
  try {
    const ext = vscode.extensions.getExtension('iflow-sender-auth.iflow-sender-auth');
    const t = performance.now();
    const api = await ext.activate();
    await api.ready;
    result.waitedMs = performance.now() - t;
    result.activatedMs = api.startup.activated;
    result.readyMs = api.startup.ready;
    result.iflows = api.workspace.current.documents().length;
    result.treeRows = api.tree.getChildren().length;
    result.filesWithDiagnostics = vscode.languages.getDiagnostics().filter(([, ds]) => ds.some((d) => d.source === 'iflow-auth')).length;
    result.filesWithFindings = [...api.workspace.allFindings().values()].filter((f) => f.length > 0).length;
    // A keystroke in the mapping file: the model's update of that one path (debounce aside).
    const mapping = api.workspace.mappingUri();
    const editor = await vscode.window.showTextDocument(mapping);
    const samples = [];
    for (let i = 0; i < 12; i++) {
      const at = editor.document.getText().indexOf('"user"');
      await editor.edit((b) => (i % 2 === 0 ? b.insert(editor.document.positionAt(at), ' ') : b.delete(new vscode.Range(editor.document.positionAt(at - 1), editor.document.positionAt(at)))));
      const u = performance.now();
      const update = await api.workspace.update([mapping.toString()]);
      samples.push({ ms: performance.now() - u, relinted: update ? update.relinted.length : -1 });
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
    result.mappingKeystroke = samples.slice(2);
    const mem = process.memoryUsage();
    result.memoryMB = { rss: Math.round(mem.rss / 2 ** 20), heapUsed: Math.round(mem.heapUsed / 2 ** 20) };
  } catch (e) {
    result.error = String((e && e.stack) || e);
  }
  fs.writeFileSync(process.env.BENCH_EDITOR_FILE, JSON.stringify(result));
};
