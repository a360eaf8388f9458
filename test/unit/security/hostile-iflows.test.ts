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
import { removeCertificateEntries } from '../../../src/core/edits/iflowEdits';
import { applyTextEdits } from '../../../src/core/edits/types';
import { buildIFlow, userRole } from '../support/iflowBuilder';

/** An older iFlow: `flows` sender flows without direction from one EndpointSender participant with these properties. */
function legacyIFlow(participantProps: Array<[string, string]>, flows = 1): string {
  const prop = ([k, v]: [string, string]): string => `<ifl:property><key>${k}</key>${v === '' ? '<value/>' : `<value>${v}</value>`}</ifl:property>`;
  const flow = (i: number): string => `<bpmn2:messageFlow id="F${i}" name="C${i}" sourceRef="P1" targetRef="S"><bpmn2:extensionElements>${prop(['ComponentType', 'HTTPS'])}${prop(['urlPath', `/c${i}`])}</bpmn2:extensionElements></bpmn2:messageFlow>`;
  return `<?xml version="1.0" encoding="UTF-8"?><bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ifl="http:///com.sap.ifl.model/Ifl.xsd"><bpmn2:collaboration id="C">
<bpmn2:participant id="P1" ifl:type="EndpointSender" name="Sender"><bpmn2:extensionElements>
${participantProps.map(prop).join('\n')}
</bpmn2:extensionElements></bpmn2:participant>
${Array.from({ length: flows }, (_, i) => flow(i)).join('\n')}
</bpmn2:collaboration></bpmn2:definitions>`;
}

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

  it('a sender participant with 20,000 subjectN/issuerN pairs (and keys past the number bound): read, linted and an entry removed within a bound', () => {
    const props: Array<[string, string]> = [['enableBasicAuthentication', 'false']];
    for (let i = 0; i < 20_000; i++) props.push([`subject${i}`, `CN=c${i}`], [`issuer${i}`, i % 2 ? '' : 'CN=ca']);
    props.push(['subject99999999', 'CN=too many digits'], ['subject', 'CN=no number']);
    const started = performance.now();
    const doc = parseIFlow(legacyIFlow(props), 'Legacy.iflw');
    const findings = lintIFlow(doc, ctx);
    const after = applyTextEdits(doc.text, removeCertificateEntries(doc, doc.channels[0], [0]));
    const ms = performance.now() - started;
    assert.ok(ms < BOUND_MS * 2, `${ms.toFixed(0)} ms`);
    assert.strictEqual(doc.channels[0].certificates.length, 20_000, 'keys without a number of at most 6 digits are not entries');
    assert.strictEqual(findings.filter((f) => f.rule === 'empty-certificate-entry').length, 10_000);
    for (const f of findings) assert.ok(f.message.length <= MAX_MESSAGE_LENGTH);
    assert.ok(after.includes('<key>subject19998</key><value>CN=c19999</value>'), 'the last entry renumbered');
  });

  it('one sender participant shared by 5,000 flows without direction: every flow is a channel, bounded', () => {
    const started = performance.now();
    const doc = parseIFlow(legacyIFlow([['enableBasicAuthentication', '1'], ['role', '']], 5000), 'Shared.iflw');
    const findings = [...lintIFlow(doc, ctx), ...lintWorkspace([doc], ctx)];
    assert.ok(performance.now() - started < BOUND_MS * 2);
    assert.strictEqual(doc.channels.length, 5000);
    assert.ok(doc.channels.every((c) => c.authorization === 'userRole' && c.roleImplicit));
    assert.strictEqual(findings.filter((f) => f.rule === 'generic-user-role').length, 5000);
  });
});
