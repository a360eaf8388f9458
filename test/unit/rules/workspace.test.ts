import * as assert from 'assert';
import { lintWorkspace, withWorkspaceFindings } from '../../../src/core/engine';
import { parseIFlow } from '../../../src/core/iflow/parse';
import type { IFlowDocument } from '../../../src/core/model';
import type { Finding } from '../../../src/core/rules/types';
import { buildIFlow, context, slice, userRole, type ChannelSpec } from '../support/iflowBuilder';

function doc(file: string, channels: ChannelSpec[], parameters?: Map<string, string>): IFlowDocument {
  return parseIFlow(buildIFlow(channels), file, { parameters: parameters && { values: parameters } });
}

const https = (name: string, urlPath: string): ChannelSpec => ({ name, adapter: 'HTTPS', props: [['urlPath', urlPath], ...userRole('X.send')] });
const soap = (name: string, address: string, adapter = 'SOAP'): ChannelSpec => ({ name, adapter, props: [['address', address], ...userRole('X.send')] });

describe('workspace-wide rules: duplicate-endpoint', () => {
  it('fires on every channel of a duplicate set, across files, on the address value, naming the others', () => {
    const a = doc('A.iflw', [https('HTTPS_A', '/orders')]);
    const b = doc('B.iflw', [https('HTTPS_B', '/orders'), https('HTTPS_Other', '/other')]);
    const findings = lintWorkspace([a, b], context()).filter((f) => f.rule === 'duplicate-endpoint');
    assert.deepStrictEqual(findings.map((f) => [f.file, f.channel]), [['A.iflw', 'HTTPS_A'], ['B.iflw', 'HTTPS_B']]);
    assert.strictEqual(slice(a, findings[0]), '/orders');
    assert.strictEqual(slice(b, findings[1]), '/orders');
    assert.match(findings[0].message, /"HTTPS_A" has the endpoint \/http\/orders, like "HTTPS_B" in iFlow "B"/);
    assert.strictEqual(findings[0].iflow, 'A');
    assert.strictEqual(findings[1].iflow, 'B');
    assert.strictEqual(findings[0].severity, 'warning');
    assert.deepStrictEqual(findings[0].related?.map((r) => [r.file, b.text.slice(r.range!.start, r.range!.end)]), [['B.iflw', '/orders']]);
  });

  it('within one iFlow too; three channels name each other', () => {
    const a = doc('A.iflw', [https('One', '/x'), https('Two', '/x'), https('Three', '/x?debug=1')]);
    const findings = lintWorkspace([a], context());
    assert.strictEqual(findings.length, 3);
    assert.match(findings[0].message, /like "Two" in this iFlow, "Three" in this iFlow/);
    assert.strictEqual(findings[0].related?.length, 2);
  });

  it('copies of one iFlow are named once, with their number', () => {
    const copies = Array.from({ length: 4 }, (_, i) => doc(`p${i}/Orders.iflw`, [https('HTTPS_Orders', '/orders')]));
    const findings = lintWorkspace(copies, context());
    assert.strictEqual(findings.length, 4);
    assert.match(findings[0].message, /, like "HTTPS_Orders" in iFlow "Orders" \(3 times\): the tenant refuses/);
    assert.strictEqual(findings[0].related?.length, 3, 'each copy is still a related location');
  });

  it('SOAP and IDOC share /cxf; HTTPS at the same address does not collide with them', () => {
    const a = doc('A.iflw', [soap('SOAP_In', '/orders'), soap('IDOC_In', '/orders', 'IDOC'), https('HTTPS_In', '/orders')]);
    const findings = lintWorkspace([a], context());
    assert.deepStrictEqual(findings.map((f) => f.channel), ['SOAP_In', 'IDOC_In']);
  });

  it('compares resolved paths: a parameter that resolves to the same path collides; an unresolved one, a wildcard vs its prefix, and case differences do not', () => {
    const params = new Map([['path', '/orders']]);
    const resolved = lintWorkspace([doc('A.iflw', [https('Literal', '/orders')]), doc('B.iflw', [https('Param', '{{path}}')], params)], context());
    assert.strictEqual(resolved.length, 2);
    const none = lintWorkspace([
      doc('A.iflw', [https('P', '{{unknown}}'), https('Q', '{{unknown}}')]),
      doc('B.iflw', [https('W', '/orders/*'), https('Prefix', '/orders'), https('Upper', '/Orders'), https('Slash', '/orders/')]),
    ], context());
    assert.deepStrictEqual(none, []);
    const wildcards = lintWorkspace([doc('A.iflw', [https('W1', '/orders/*')]), doc('B.iflw', [https('W2', '/orders/*')])], context());
    assert.strictEqual(wildcards.length, 2, 'the same wildcard twice collides');
  });

  it('leaves out iFlows that cannot be read; turned off, nothing', () => {
    const broken = parseIFlow('<bpmn2:definitions', 'Broken.iflw');
    assert.deepStrictEqual(lintWorkspace([broken, doc('A.iflw', [https('A', '/x')])], context()), []);
    const a = doc('A.iflw', [https('One', '/x')]);
    const b = doc('B.iflw', [https('Two', '/x')]);
    assert.deepStrictEqual(lintWorkspace([a, b], context({ options: { severities: { 'duplicate-endpoint': 'off' } } })), []);
    assert.strictEqual(lintWorkspace([a, b], context({ options: { severities: { 'duplicate-endpoint': 'error' } } }))[0].severity, 'error');
    assert.deepStrictEqual(lintWorkspace([], context()), []);
  });

  it('withWorkspaceFindings adds them to their files in source order, leaving the input untouched', () => {
    const at = (file: string, start: number, rule: Finding['rule'] = 'generic-user-role'): Finding => ({ rule, severity: 'info', message: '', file, range: { start, end: start + 1 } });
    const perFile = new Map([['A', [at('A', 5), at('A', 50)]], ['B', [at('B', 1)]]]);
    const merged = withWorkspaceFindings(perFile, [at('A', 20, 'duplicate-endpoint'), at('C', 3, 'duplicate-endpoint')]);
    assert.deepStrictEqual(merged.get('A')!.map((f) => f.range.start), [5, 20, 50]);
    assert.deepStrictEqual(merged.get('C')!.map((f) => f.rule), ['duplicate-endpoint']);
    assert.strictEqual(merged.get('B'), perFile.get('B'));
    assert.strictEqual(perFile.get('A')!.length, 2, 'input not changed');
  });
});
