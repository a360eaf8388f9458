/**
 * Hostile iFlow content the newer readers meet: sender endpoints (thousands of channels at one
 * address, megabyte addresses) and the workspace-wide rules over many files. Required: a clear
 * answer, messages that stay short, no finding that grows with the square of the input, and work
 * that grows linearly with it (counted, not timed: test/unit/support/work.ts; how fast is for the
 * bench).
 */
import * as assert from 'assert';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { createRuleContext, defaultLintOptions, lintIFlow, lintWorkspace, MAX_MESSAGE_LENGTH } from '../../../src/core/engine';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { removeCertificateEntries } from '../../../src/core/edits/iflowEdits';
import { applyTextEdits } from '../../../src/core/edits/types';
import type { Finding } from '../../../src/core/rules/types';
import { buildIFlow, userRole } from '../support/iflowBuilder';
import { assertLinearWork } from '../support/work';

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

const ctx = createRuleContext(defaultLintOptions(new Date('2026-11-27T00:00:00Z')), new CertificateIndex());

describe('security: hostile iFlows (endpoints, workspace-wide rules)', function () {
  this.timeout(120_000);

  it('5,000 sender channels at one address: every one reported, each naming a bounded number of the others, linear work', () => {
    const n = 5000;
    const sameAddress = (count: number): ReturnType<typeof parseIFlow> => parseIFlow(buildIFlow(Array.from({ length: count }, (_, i) => ({ name: `C${i}`, adapter: 'HTTPS', props: [['urlPath', '/same'], ...userRole('X.send')] as Array<[string, string]> }))), 'Many.iflw');
    // Naming every other channel in every finding would be 25 million names: quadratic work.
    assertLinearWork('channels at one address', sameAddress, (doc) => lintWorkspace([doc], ctx), 500);
    const findings = lintWorkspace([sameAddress(n)], ctx);
    assert.strictEqual(findings.length, n);
    for (const f of findings) {
      assert.ok(f.message.length <= MAX_MESSAGE_LENGTH);
      assert.ok((f.related?.length ?? 0) <= 10, 'related locations are bounded');
    }
    assert.match(findings[0].message, /, 4989 more:/);
  });

  it('the same 500-channel file under 100 names (50,000 channels at 100 addresses): linear work in the files', () => {
    const text = buildIFlow(Array.from({ length: 500 }, (_, i) => ({ name: `C${i}`, adapter: 'SOAP', props: [['address', `/a${i % 100}`], ...userRole('X.send')] as Array<[string, string]> })));
    const doc = parseIFlow(text, 'F0.iflw');
    const copies = (count: number): Array<typeof doc> => Array.from({ length: count }, (_, k) => ({ ...doc, file: `F${k}.iflw` }));
    assertLinearWork('copies of a file', copies, (docs) => lintWorkspace(docs, ctx), 25);
    const findings = lintWorkspace(copies(100), ctx);
    assert.strictEqual(findings.length, 50_000);
  });

  it('a 1 MB address with parameters and a query: the path is read with linear work, messages stay short', () => {
    const addresses = (size: number): string => buildIFlow([
      { name: 'A', adapter: 'HTTPS', props: [['urlPath', `/${'x'.repeat(size)}?${'q'.repeat(1000)}`], ...userRole('X.send')] },
      { name: 'B', adapter: 'HTTPS', props: [['urlPath', `/${'x'.repeat(size)}`], ...userRole('X.send')] },
      { name: 'C', adapter: 'HTTPS', props: [['urlPath', '{{'.repeat(size / 10)], ...userRole('X.send')] },
    ]);
    const lintAll = (text: string): Finding[] => {
      const doc = parseIFlow(text, 'Long.iflw');
      return [...lintIFlow(doc, ctx), ...lintWorkspace([doc], ctx)];
    };
    assertLinearWork('long addresses', addresses, lintAll, 100_000);
    const long = `/${'x'.repeat(1_000_000)}`;
    const doc = parseIFlow(addresses(1_000_000), 'Long.iflw');
    const findings = [...lintIFlow(doc, ctx), ...lintWorkspace([doc], ctx)];
    assert.strictEqual(doc.channels[0].endpoint?.path, `/http${long}`);
    assert.strictEqual(findings.filter((f) => f.rule === 'duplicate-endpoint').length, 2);
    for (const f of findings) assert.ok(f.message.length <= MAX_MESSAGE_LENGTH, f.rule);
  });

  it('a sender participant with 20,000 subjectN/issuerN pairs (and keys past the number bound): read, linted and an entry removed with linear work', () => {
    const pairs = (n: number): string => {
      const props: Array<[string, string]> = [['enableBasicAuthentication', 'false']];
      for (let i = 0; i < n; i++) props.push([`subject${i}`, `CN=c${i}`], [`issuer${i}`, i % 2 ? '' : 'CN=ca']);
      props.push(['subject99999999', 'CN=too many digits'], ['subject', 'CN=no number']);
      return legacyIFlow(props);
    };
    const readLintRemove = (text: string): { doc: ReturnType<typeof parseIFlow>; findings: Finding[]; after: string } => {
      const doc = parseIFlow(text, 'Legacy.iflw');
      return { doc, findings: lintIFlow(doc, ctx), after: applyTextEdits(doc.text, removeCertificateEntries(doc, doc.channels[0], [0])) };
    };
    assertLinearWork('subjectN/issuerN pairs', pairs, readLintRemove, 2000);
    const { doc, findings, after } = readLintRemove(pairs(20_000));
    assert.strictEqual(doc.channels[0].certificates.length, 20_000, 'keys without a number of at most 6 digits are not entries');
    assert.strictEqual(findings.filter((f) => f.rule === 'empty-certificate-entry').length, 10_000);
    for (const f of findings) assert.ok(f.message.length <= MAX_MESSAGE_LENGTH);
    assert.ok(after.includes('<key>subject19998</key><value>CN=c19999</value>'), 'the last entry renumbered');
  });

  it('one sender participant shared by 5,000 flows without direction: every flow is a channel, linear work', () => {
    const shared = (flows: number): string => legacyIFlow([['enableBasicAuthentication', '1'], ['role', '']], flows);
    const lintAll = (text: string): { doc: ReturnType<typeof parseIFlow>; findings: Finding[] } => {
      const doc = parseIFlow(text, 'Shared.iflw');
      return { doc, findings: [...lintIFlow(doc, ctx), ...lintWorkspace([doc], ctx)] };
    };
    assertLinearWork('flows sharing a participant', shared, lintAll, 500);
    const { doc, findings } = lintAll(shared(5000));
    assert.strictEqual(doc.channels.length, 5000);
    assert.ok(doc.channels.every((c) => c.authorization === 'userRole' && c.roleImplicit));
    assert.strictEqual(findings.filter((f) => f.rule === 'generic-user-role').length, 5000);
  });
});
