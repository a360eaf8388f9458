/**
 * Shared by the log tests: the fixture logs (test/fixtures/logs, real Neo formats), a workspace of
 * hand-made channels (the iFlow model's endpoints are tested with the iFlows), the examples'
 * mapping file and the fixture certificates, and a runner that collects every verdict.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { analyzeLogs, type AnalysisResult, type AnalyzeOptions } from '../../../src/core/logs/analyzer';
import { memorySource, openLogInputs, type LogInput } from '../../../src/core/logs/input';
import type { AnalyzedRequest, LogEndpoint } from '../../../src/core/logs/types';
import { createLogWorkspace, type LogWorkspace } from '../../../src/core/logs/workspace';
import { readMappingFile } from '../../../src/core/mapping/read';

export const FIXTURES = path.join(__dirname, '../../../../test/fixtures');
export const LOGS = path.join(FIXTURES, 'logs');
export const NODE_A = 'http_access_b7f2c1d5e9a04e31_2026-11-26.log';
export const NODE_B = 'http_access_4a8e0f3c21d94b77_2026-11-26.log';
export const TRACE_A = 'ljs_trace_b7f2c1d5e9a04e31_2026-11-26.log';
export const HOST = 'p0123-iflmap.hcisbp.eu1.hana.ondemand.com:443';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const fixture = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(LOGS, name)));

/** A Neo access-log line, as the tenant writes it. */
export function neoLine(o: { client: string; caller?: string; time: string; method?: string; path: string; status: number; lb?: string }): string {
  return `${o.lb ?? '10.117.18.4'} (${o.client}) - ${o.caller ?? '-'} [${o.time} +0000] ${o.method ?? 'POST'} ${o.path} HTTP/1.1 ${o.status} 5 12 ${HOST} -`;
}

export function certificates(): CertificateIndex {
  const index = new CertificateIndex();
  for (const name of ['acme-client.pem', 'acme-expired.pem', 'selfsigned-client.pem', 'issuing-ca.pem', 'root-ca.pem', 'acme-ec-client.pem']) {
    index.addDecoded(decodeCertificates(fs.readFileSync(path.join(FIXTURES, 'certs', name)), { file: `certificates/${name}`, kind: 'file' }));
  }
  return index;
}

const find = (index: CertificateIndex, cn: string) => index.all().find((c) => c.commonName === cn);

/** The channels of the fixture logs' tenant. */
export function endpoints(index = certificates()): LogEndpoint[] {
  const row = (i: number, cn: string, issuer = 'ACME Issuing CA', o = 'ACME') => ({
    index: i, subjectDN: `CN=${cn}, O=${o}, C=DE`, issuerDN: `CN=${issuer}, O=${issuer === cn ? o : 'ACME'}, C=DE`, resolved: true, certificate: find(index, cn),
  });
  return [
    {
      file: 'Orders_Inbound/src/main/resources/scenarioflows/integrationflow/Orders_Inbound.iflw', iflow: 'Orders Inbound', channel: 'HTTPS_Orders', adapter: 'HTTPS',
      authorization: 'clientCertificate', role: 'ESBMessaging.send', path: '/http/https_orders', wildcard: false, range: { start: 100, end: 113 },
      certificates: [row(0, 'acme-client'), row(1, 'acme-expired'), { ...row(2, 'selfsigned-client', 'selfsigned-client', 'Partner GmbH'), subjectDN: 'CN=selfsigned-client, O=Partner GmbH, C=DE', issuerDN: 'CN=selfsigned-client, O=Partner GmbH, C=DE' }],
    },
    {
      file: 'Shipment_Notification/src/main/resources/scenarioflows/integrationflow/Shipment_Notification.iflw', iflow: 'Shipment Notification', channel: 'HTTPS_Shipments', adapter: 'HTTPS',
      authorization: 'userRole', role: 'ShipmentNotification.send', path: '/http/https_shipments', wildcard: false, csrfProtection: true, certificates: [],
    },
    {
      file: 'Vendor_Stock/src/main/resources/scenarioflows/integrationflow/Vendor_Stock.iflw', iflow: 'Vendor Stock', channel: 'SOAP_Stock', adapter: 'SOAP',
      authorization: 'userRole', role: 'Stock.send', path: '/cxf/vendor/*', wildcard: true, certificates: [],
    },
  ];
}

export function workspace(options: { endpoints?: LogEndpoint[]; mapping?: boolean } = {}): LogWorkspace {
  const index = certificates();
  const mappingText = fs.readFileSync(path.join(FIXTURES, '../../examples/certificate-user-mappings.json'), 'utf8');
  const mapping = options.mapping === false ? undefined : readMappingFile(mappingText, 'certificate-user-mappings.json');
  for (const e of mapping?.entries ?? []) if (e.decoded) index.add(e.decoded);
  return createLogWorkspace({ endpoints: options.endpoints ?? endpoints(index), mapping, certificates: index });
}

export interface Run extends AnalysisResult {
  all: AnalyzedRequest[];
  at(file: string, line: number): AnalyzedRequest;
}

/** Analyzes files given as name → bytes (plain, .gz or .zip, as the tenant hands them out). */
export async function analyze(files: Record<string, Uint8Array | string>, ws = workspace(), options: Partial<AnalyzeOptions> = {}): Promise<Run> {
  const inputs: LogInput[] = [];
  const notes: AnalysisResult['notes'] = [];
  for (const [name, content] of Object.entries(files)) {
    const opened = await openLogInputs(name, memorySource(typeof content === 'string' ? enc(content) : content), { chunkSize: 4096 });
    inputs.push(...opened.inputs);
    notes.push(...opened.notes);
  }
  const all: AnalyzedRequest[] = [];
  const result = await analyzeLogs(inputs, ws, { ...options, onRequest: (r) => all.push(r) });
  return {
    ...result,
    notes: [...notes, ...result.notes],
    all,
    at(file: string, line: number): AnalyzedRequest {
      const r = all.find((x) => x.record.file === file && x.record.line === line);
      if (!r) throw new Error(`no request at ${file}:${line}`);
      return r;
    },
  };
}
