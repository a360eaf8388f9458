// extensionTestsPath for the activation benchmark (test/bench/activation.mjs): runs inside the
// real extension host of a workspace without iFlows, so the extension is not activated yet, and
// times `await extension.activate()` (module load + activate() + its returned API), reads the
// host's own marks around loading the module and calling activate() (what VS Code reports as the
// activation time), then opens Show Running Extensions for the bench to read VS Code's figure.
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
      result.marks = hostMarks(ext.id);
      if (session) {
        const { profile } = await new Promise((r, j) => session.post('Profiler.stop', (e, p) => (e ? j(e) : r(p))));
        fs.writeFileSync(`${process.env.BENCH_PROFILE.replace(/\.cpuprofile$/, '')}-${Date.now()}.cpuprofile`, JSON.stringify(profile));
      }
    }
  } catch (e) {
    result.error = String((e && e.stack) || e);
  }
  fs.writeFileSync(process.env.BENCH_ACTIVATION_FILE, JSON.stringify(result));
  // VS Code's own figure on screen: Show Running Extensions, which the bench reads from the window
  // while this host still runs (it signals with <result file>.seen; the host ends when run() does).
  if (result.activateMs !== undefined) {
    await vscode.commands.executeCommand('workbench.action.showRuntimeExtensions').then(undefined, () => undefined);
    const seen = `${process.env.BENCH_ACTIVATION_FILE}.seen`;
    for (let waited = 0; waited < 20_000 && !fs.existsSync(seen); waited += 100) await new Promise((r) => setTimeout(r, 100));
  }
};

// The extension host's own performance marks around this extension (VS Code's activation times
// are taken between them): loading the main module, and calling activate(). Absent in a host
// without them: the bench then says the figure was not measured.
function hostMarks(id) {
  const perf = globalThis.MonacoPerformanceMarks;
  if (!perf || typeof perf.getMarks !== 'function') return undefined;
  const at = (name) => { const m = perf.getMarks().find((x) => x.name === `code/extHost/${name}/${id}`); return m ? m.startTime : undefined; };
  return { willLoad: at('willLoadExtensionCode'), didLoad: at('didLoadExtensionCode'), willActivate: at('willActivateExtension'), didActivate: at('didActivateExtension') };
}

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
