/**
 * Entry point of the integration suite: the standard `run()` that a VS Code extension host calls
 * for `extensionTestsPath` (test/host/run.mjs here; @vscode/test-electron / @vscode/test-cli on a
 * desktop with internet). It runs every `out/test/integration/**\/*.test.js` with mocha (bdd) inside
 * the host, against the real `vscode` API.
 *
 * At the end it prints one machine-readable line,
 *   INTEGRATION_RESULT {"passed":N,"failed":M,"pending":P}
 * and, when the host's environment has INTEGRATION_RESULT_FILE, writes the same JSON there, so the
 * runner can count the tests even if the console forwarding drops a line.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.INTEGRATION_TEST_TIMEOUT_MS) || 60_000,
  });
  const grep = process.env.INTEGRATION_GREP;
  if (grep) mocha.grep(grep);
  for (const file of findTests(__dirname)) mocha.addFile(file);
  await mocha.loadFilesAsync();

  const counts = { passed: 0, failed: 0, pending: 0 };
  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => counts.passed++);
      runner.on('fail', () => counts.failed++);
      runner.on('pending', () => counts.pending++);
    } catch (err) {
      reject(err);
    }
  });

  const json = JSON.stringify(counts);
  const resultFile = process.env.INTEGRATION_RESULT_FILE;
  if (resultFile) {
    try {
      fs.writeFileSync(resultFile, json);
    } catch (err) {
      console.error(`could not write ${resultFile}: ${String(err)}`);
    }
  }
  console.log(`INTEGRATION_RESULT ${json}`);
  if (counts.failed > 0) throw new Error(`${counts.failed} integration test(s) failed.`);
  if (counts.passed === 0) throw new Error('No integration test passed (none found?).');
}
