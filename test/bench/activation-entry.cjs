// extensionTestsPath for the activation benchmark (test/bench/activation.mjs): runs inside the
// real extension host of a workspace without iFlows, so the extension is not activated yet, and
// times `await extension.activate()` (module load + activate() + its returned API).
const fs = require('fs');

exports.run = async function run() {
  const vscode = require('vscode');
  const result = {};
  try {
    const ext = vscode.extensions.getExtension('iflow-sender-auth.iflow-sender-auth');
    result.found = !!ext;
    result.wasActive = ext ? ext.isActive : undefined;
    if (ext && !ext.isActive) {
      const t = performance.now();
      await ext.activate();
      result.activateMs = performance.now() - t;
    }
  } catch (e) {
    result.error = String((e && e.stack) || e);
  }
  fs.writeFileSync(process.env.BENCH_ACTIVATION_FILE, JSON.stringify(result));
};
