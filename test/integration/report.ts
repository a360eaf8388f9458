/**
 * The end of every integration run, in any extension host: counts mocha's results and prints one
 * machine-readable line,
 *   INTEGRATION_RESULT {"passed":N,"failed":M,"pending":P}
 * which the runner (test/host/run.mjs) reads from the forwarded console. `save` also gets the JSON
 * (the Node host writes it to a file, in case the console forwarding drops a line). Rejects when a
 * test failed or none passed, which is how a VS Code test runner learns the suite failed.
 */
export async function runAndReport(start: (done: () => void) => Mocha.Runner, save?: (json: string) => void): Promise<void> {
  const counts = { passed: 0, failed: 0, pending: 0 };
  await new Promise<void>((resolve) => {
    const runner = start(() => resolve());
    runner.on('pass', () => counts.passed++);
    runner.on('fail', () => counts.failed++);
    runner.on('pending', () => counts.pending++);
  });
  const json = JSON.stringify(counts);
  save?.(json);
  console.log(`INTEGRATION_RESULT ${json}`);
  if (counts.failed > 0) throw new Error(`${counts.failed} integration test(s) failed.`);
  if (counts.passed === 0) throw new Error('No integration test passed (none found?).');
}
