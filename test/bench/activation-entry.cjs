// extensionTestsPath for the activation benchmark (test/bench/activation.mjs): runs inside the
// real extension host of a workspace without iFlows, so the extension is not activated yet, and
// times `await extension.activate()` (module load + activate() + its returned API).
// BENCH_PROFILE=<file>: a CPU profile of the extension host during it (.cpuprofile, for Chrome
// DevTools or VS Code), one per run: <file>-<time>.cpuprofile.
const fs = require('fs');

exports.run = async function run() {
  const vscode = require('vscode');
  const result = {};
  try {
    const ext = vscode.extensions.getExtension('iflow-sender-auth.iflow-sender-auth');
    result.found = !!ext;
    result.wasActive = ext ? ext.isActive : undefined;
    if (ext && !ext.isActive) {
      const session = process.env.BENCH_PROFILE ? await startProfile() : undefined;
      const t = performance.now();
      const cpu = process.cpuUsage();
      const api = await ext.activate();
      result.activateMs = performance.now() - t;
      // CPU time of the extension host process meanwhile: what a loaded machine does not inflate
      // (wall time there includes waiting for a core).
      const used = process.cpuUsage(cpu);
      result.cpuMs = (used.user + used.system) / 1000;
      // Of which activate() itself (the extension's own clock); the rest is loading the main bundle.
      result.bodyMs = api && api.startup ? api.startup.activated : undefined;
      if (session) {
        const { profile } = await new Promise((r, j) => session.post('Profiler.stop', (e, p) => (e ? j(e) : r(p))));
        fs.writeFileSync(`${process.env.BENCH_PROFILE.replace(/\.cpuprofile$/, '')}-${Date.now()}.cpuprofile`, JSON.stringify(profile));
      }
    }
  } catch (e) {
    result.error = String((e && e.stack) || e);
  }
  fs.writeFileSync(process.env.BENCH_ACTIVATION_FILE, JSON.stringify(result));
};

async function startProfile() {
  const inspector = require('inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((r, j) => session.post(method, params, (e) => (e ? j(e) : r())));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  return session;
}
