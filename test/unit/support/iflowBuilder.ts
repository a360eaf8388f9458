import * as fs from 'fs';
import * as path from 'path';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { createRuleContext, defaultLintOptions, lintIFlow, lintMapping } from '../../../src/core/engine';
import { parseParameters } from '../../../src/core/iflow/parameters';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { readMappingFile } from '../../../src/core/mapping/read';
import type { IFlowDocument } from '../../../src/core/model';
import type { Finding, LintOptions, RuleContext } from '../../../src/core/rules/types';

export const FIXTURES = path.join(__dirname, '../../../../test/fixtures');
export const CERTS = path.join(FIXTURES, 'certs');
export const ISSUER = 'CN=ACME Issuing CA, O=ACME, C=DE';
/** An instant the fixture certificates are judged at: acme-client valid, acme-expiring in 13 days. */
export const NOW = new Date('2026-11-27T00:00:00Z');

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The escaped clientCertificates value exactly as SAP's designer writes it. */
export function certificateTable(rows: Array<[string, string]>): string {
  return xmlEscape(rows.map(([s, i]) => `<row><cell id='clientCertificate.subjectDN'>${xmlEscape(s)}</cell><cell id='clientCertificate.issuerDN'>${xmlEscape(i)}</cell></row>`).join(''));
}

export interface ChannelSpec {
  name?: string;
  adapter?: string;
  direction?: string;
  /** Properties as [key, raw XML value]; '' gives `<value/>`. */
  props: Array<[string, string]>;
}

/** A small but complete iFlow: bpmn2 definitions, a collaboration, one messageFlow per channel. */
export function buildIFlow(channels: ChannelSpec[]): string {
  const flows = channels.map((c, i) => {
    const props: Array<[string, string]> = [['ComponentType', c.adapter ?? 'HTTPS'], ...c.props, ['direction', c.direction ?? 'Sender']];
    const body = props.map(([k, v]) => `        <ifl:property>\n          <key>${k}</key>\n          ${v === '' ? '<value/>' : `<value>${v}</value>`}\n        </ifl:property>`).join('\n');
    return `    <bpmn2:messageFlow id="MessageFlow_${i + 1}" name="${c.name ?? `Channel_${i + 1}`}" sourceRef="Participant_${i + 1}" targetRef="StartEvent_1">\n      <bpmn2:extensionElements>\n${body}\n      </bpmn2:extensionElements>\n    </bpmn2:messageFlow>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ifl="http:///com.sap.ifl.model/Ifl.xsd" id="Definitions_1">
  <bpmn2:collaboration id="Collaboration_1" name="Default Collaboration">
${flows.join('\n')}
  </bpmn2:collaboration>
</bpmn2:definitions>
`;
}

export const userRole = (role: string): Array<[string, string]> => [['userRole', role], ['senderAuthType', 'RoleBased']];
export const clientCertificate = (rows: Array<[string, string]>): Array<[string, string]> =>
  [['userRole', 'ESBMessaging.send'], ['senderAuthType', 'ClientCertificate'], ['clientCertificates', certificateTable(rows)]];

export function certificateIndex(...files: string[]): CertificateIndex {
  const index = new CertificateIndex();
  for (const f of files) index.addDecoded(decodeCertificates(fs.readFileSync(path.join(CERTS, f)), { file: `certificates/${f}`, kind: 'file' }));
  return index;
}

export interface LintSetup {
  certificates?: string[];
  mapping?: string;
  parameters?: string;
  options?: Partial<LintOptions>;
}

export function context(setup: LintSetup = {}): RuleContext {
  const mapping = setup.mapping === undefined ? undefined : readMappingFile(setup.mapping, 'certificate-user-mappings.json');
  return createRuleContext({ ...defaultLintOptions(NOW), ...setup.options }, certificateIndex(...(setup.certificates ?? [])), mapping);
}

export function parse(text: string, parameters?: string): IFlowDocument {
  return parseIFlow(text, 'Flow.iflw', { parameters: parameters === undefined ? undefined : parseParameters(parameters, 'parameters.prop') });
}

/** Lints an iFlow built from `channels` (and the mapping file, when given). */
export function lint(channels: ChannelSpec[], setup: LintSetup = {}): { doc: IFlowDocument; findings: Finding[]; mappingFindings: Finding[] } {
  const ctx = context(setup);
  const doc = parse(buildIFlow(channels), setup.parameters);
  return { doc, findings: lintIFlow(doc, ctx), mappingFindings: ctx.mapping ? lintMapping(ctx.mapping, ctx) : [] };
}

export const rulesOf = (findings: Finding[]): string[] => findings.map((f) => f.rule);
export const slice = (doc: { text: string }, f: Finding): string => doc.text.slice(f.range.start, f.range.end);
export const pem = (name: string): string => fs.readFileSync(path.join(CERTS, `${name}.pem`), 'utf8');

export function mappingJson(entries: Array<Record<string, unknown>>): string {
  return `${JSON.stringify({ mappings: entries }, null, 2)}\n`;
}
