/**
 * Hostile iFlow content the newer readers meet: sender endpoints (thousands of channels at one
 * address, megabyte addresses) and the workspace-wide rules over many files. Required: a clear
 * answer within a bound, messages that stay short, no finding that grows with the square of the
 * input.
 */
import * as assert from 'assert';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { createRuleContext, defaultLintOptions, lintIFlow, lintWorkspace, MAX_MESSAGE_LENGTH } from '../../../src/core/engine';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { buildIFlow, userRole } from '../support/iflowBuilder';

/** Bound for one hostile input; the real cost is well below. */
const BOUND_MS = 5000;

const ctx = createRuleContext(defaultLintOptions(new Date('2026-11-27T00:00:00Z')), new CertificateIndex());

describe('security: hostile iFlows (endpoints, workspace-wide rules)', function () {
  this.timeout(120_000);

  it('5,000 sender channels at one address: every one reported, each naming a bounded number of the others, within a bound', () => {
    const n = 5000;
    const text = buildIFlow(Array.from({ length: n }, (_, i) => ({ name: `C${i}`, adapter: 'HTTPS', props: [['urlPath', '/same'], ...userRole('X.send')] as Array<[string, string]> })));
    const doc = parseIFlow(text, 'Many.iflw');
    // Naming every other channel in every finding would be 25 million names: far past the bound.
    const started = performance.now();
    const findings = lintWorkspace([doc], ctx);
    const ms = performance.now() - started;
    assert.ok(ms < BOUND_MS, `${ms.toFixed(0)} ms`);
    assert.strictEqual(findings.length, n);
    for (const f of findings) {
      assert.ok(f.message.length <= MAX_MESSAGE_LENGTH);
      assert.ok((f.related?.length ?? 0) <= 10, 'related locations are bounded');
    }
    assert.match(findings[0].message, /, 4989 more:/);
  });

  it('the same 500-channel file under 100 names (50,000 channels at 100 addresses): bounded', () => {
    const text = buildIFlow(Array.from({ length: 500 }, (_, i) => ({ name: `C${i}`, adapter: 'SOAP', props: [['address', `/a${i % 100}`], ...userRole('X.send')] as Array<[string, string]> })));
    const doc = parseIFlow(text, 'F0.iflw');
    const docs = Array.from({ length: 100 }, (_, k) => ({ ...doc, file: `F${k}.iflw` }));
    const started = performance.now();
    const findings = lintWorkspace(docs, ctx);
    const ms = performance.now() - started;
    assert.ok(ms < BOUND_MS, `${ms.toFixed(0)} ms`);
    assert.strictEqual(findings.length, 50_000);
  });

  it('a 1 MB address with parameters and a query: the path is read, messages stay short', () => {
    const long = `/${'x'.repeat(1_000_000)}`;
    const text = buildIFlow([
      { name: 'A', adapter: 'HTTPS', props: [['urlPath', `${long}?${'q'.repeat(1000)}`], ...userRole('X.send')] },
      { name: 'B', adapter: 'HTTPS', props: [['urlPath', long], ...userRole('X.send')] },
      { name: 'C', adapter: 'HTTPS', props: [['urlPath', '{{'.repeat(100_000)], ...userRole('X.send')] },
    ]);
    const started = performance.now();
    const doc = parseIFlow(text, 'Long.iflw');
    const findings = [...lintIFlow(doc, ctx), ...lintWorkspace([doc], ctx)];
    assert.ok(performance.now() - started < BOUND_MS);
    assert.strictEqual(doc.channels[0].endpoint?.path, `/http${long}`);
    assert.strictEqual(findings.filter((f) => f.rule === 'duplicate-endpoint').length, 2);
    for (const f of findings) assert.ok(f.message.length <= MAX_MESSAGE_LENGTH, f.rule);
  });
});
