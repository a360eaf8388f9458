// Builds the bundled examples/ workspace: realistic iFlow exports (made from the real SampleFlow
// export in test/fixtures/real, with its HTTPS sender channel replaced), certificate files from
// test/fixtures/certs, a parameters.prop and a mapping file, so that every rule fires somewhere.
// Run: node scripts/make-examples.mjs   (the output is committed; re-running rewrites it)
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'examples');
const certs = join(repo, 'test/fixtures/certs');
const template = readFileSync(join(repo, 'test/fixtures/real/SampleFlow/src/main/resources/scenarioflows/integrationflow/SampleFlow.iflw'), 'utf8');
const senderStart = template.indexOf('        <bpmn2:messageFlow id="MessageFlow_14"');
const senderEnd = template.indexOf('</bpmn2:messageFlow>', senderStart) + '</bpmn2:messageFlow>'.length;
if (senderStart < 0 || senderEnd < senderStart) throw new Error('template changed: no HTTPS sender MessageFlow_14');
const participantStart = template.indexOf('        <bpmn2:participant id="Participant_1" ifl:type="EndpointSender"');
const participantEnd = template.indexOf('</bpmn2:participant>', participantStart) + '</bpmn2:participant>'.length;
if (participantStart < 0 || participantEnd > senderStart) throw new Error('template changed: no EndpointSender Participant_1 before the sender');

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const table = (rows) => rows.map(([subject, issuer]) =>
  `<row><cell id='clientCertificate.subjectDN'>${esc(subject)}</cell><cell id='clientCertificate.issuerDN'>${esc(issuer)}</cell></row>`).join('');

const ISSUER = 'CN=ACME Issuing CA, O=ACME, C=DE';
const PUBLIC_ISSUER = 'CN=Example Public TLS CA 2025, O=Example Trust Services, C=US';
const adapters = {
  HTTPS: { version: '1.5.2', uri: 'ctype::AdapterVariant/cname::sap:HTTPS/tp::HTTPS/mp::None/direction::Sender/version::1.5.2' },
  'HTTPS 1.0': { type: 'HTTPS', version: '1.0.0', uri: 'ctype::AdapterVariant/cname::sap:HTTPS/tp::HTTPS/mp::None/version::1.0.0' },
  'SOAP 1.0': { type: 'SOAP', version: '1.0.0', uri: 'ctype::AdapterVariant/cname::sap:SOAP/tp::HTTP/mp::SOAP 1.x/version::1.0.0' },
  SOAP: { version: '1.9.0', uri: 'ctype::AdapterVariant/cname::sap:SOAP/tp::HTTP/mp::SOAP 1.x/direction::Sender/version::1.9.0' },
  IDOC: { version: '1.4.1', uri: 'ctype::AdapterVariant/cname::sap:IDOC/tp::HTTP/mp::IDOC SOAP/direction::Sender/version::1.4.1' },
  AS2: { version: '1.16.0', uri: 'ctype::AdapterVariant/cname::AS2/tp::AS2/mp::AS2/direction::Sender/version::1.16.0' },
  ODataSender: { version: '1.6.0', uri: 'ctype::AdapterVariant/cname::sap:ODataSender/tp::HTTPS/mp::OData V2/direction::Sender/version::1.6.0' },
  ProcessDirect: { version: '1.1.2', uri: 'ctype::AdapterVariant/vendor::SAP/cname::ProcessDirect/tp::Not Applicable/mp::Not Applicable/direction::Sender/version::1.1.2' },
};

/** The key that holds each adapter's sender address (the OData sender and ProcessDirect set theirs in props). */
const addressKey = { HTTPS: 'urlPath', SOAP: 'address', IDOC: 'address', AS2: 'address' };

let nextId = 100;
/** One sender messageFlow with the given authorization properties (order as the designer writes them). */
function sender({ name, adapter, props, address = `/${name.toLowerCase()}`, source = 'Participant_1', legacy = false }) {
  const a = adapters[adapter];
  const all = [
    ['ComponentType', a.type ?? adapter], ['Description', ''], ['ComponentNS', 'sap'], ['componentVersion', a.version.split('.').slice(0, 2).join('.')],
    ...(addressKey[a.type ?? adapter] ? [[addressKey[a.type ?? adapter], address]] : []), ['Name', name], ['TransportProtocolVersion', a.version], ['cmdVariantUri', a.uri],
    // Older iFlows: no `direction` (the sender participant makes it a sender channel).
    ...props, ...(legacy ? [] : [['direction', 'Sender']]),
  ];
  return `        <bpmn2:messageFlow id="MessageFlow_${nextId++}" name="${name}" sourceRef="${source}" targetRef="StartEvent_2">
            <bpmn2:extensionElements>
${properties(all)}
            </bpmn2:extensionElements>
        </bpmn2:messageFlow>`;
}

/** `ifl:property` elements as the designer indents them inside a messageFlow or participant. */
const properties = (all) => all.map(([k, v]) => `                <ifl:property>
                    <key>${k}</key>
                    ${v === '' ? '<value/>' : `<value>${v}</value>`}
                </ifl:property>`).join('\n');

/**
 * An EndpointSender participant with older adapter versions' authorization keys
 * (`enableBasicAuthentication`, `role`, `subject0`/`issuer0`, …).
 */
function senderParticipant({ id, name, props }) {
  return `        <bpmn2:participant id="${id}" ifl:type="EndpointSender" name="${name}">
            <bpmn2:extensionElements>
${properties([...props, ['ifl:type', 'EndpointSender']])}
            </bpmn2:extensionElements>
        </bpmn2:participant>`;
}

const roleBased = (role) => [['userRole', role], ['senderAuthType', 'RoleBased'], ['clientCertificates', '']];
const clientCert = (rows, role = 'ESBMessaging.send') => [['userRole', role], ['senderAuthType', 'ClientCertificate'], ['clientCertificates', esc(table(rows))]];

const flows = [
  {
    id: 'Orders_Inbound', name: 'Orders Inbound',
    channels: [{ name: 'HTTPS_Orders', adapter: 'HTTPS', props: clientCert([
      ['CN=acme-client, O=ACME, C=DE', ISSUER],
      ['CN=acme-expiring, O=ACME, C=DE', ISSUER],
      ['CN=globex-orders, O=Globex Corporation, C=US', 'CN=Globex Issuing CA, O=Globex Corporation, C=US'],
      ['C=DE, O=ACME, CN=acme-client', 'C=DE,O=ACME,CN=ACME Issuing CA'],
    ]) }],
  },
  {
    id: 'Invoices_SOAP', name: 'Invoices SOAP',
    channels: [{ name: 'SOAP_Invoices', adapter: 'SOAP', props: clientCert([
      ['CN=acme-expired, O=ACME, C=DE', ISSUER],
      ['CN=acme-future, O=ACME, C=DE', ISSUER],
      ['CN=selfsigned-client, O=Partner GmbH, C=DE', 'CN=selfsigned-client, O=Partner GmbH, C=DE'],
      ['CN=acme-server-only, O=ACME, C=DE', ISSUER],
      ['CN=ACME Issuing CA, O=ACME, C=DE', 'CN=ACME Root CA, O=ACME, C=DE'],
      ['', ''],
    ]) }],
  },
  {
    id: 'Material_Sync', name: 'Material Sync',
    channels: [
      { name: 'HTTPS_Materials', adapter: 'HTTPS', props: roleBased('ESBMessaging.send') },
      { name: 'OData_Materials', adapter: 'ODataSender', props: [['userRole', ''], ['authentication', 'basic']] },
    ],
  },
  {
    id: 'Customer_Replication', name: 'Customer Replication',
    parameters: '# Externalized parameters of Customer Replication\nSenderAuthorization=RoleBased\nSender\\ Role=CustomerReplication.send\n',
    channels: [{ name: 'IDOC_Customers', adapter: 'IDOC', props: [['userRole', '{{Sender Role}}'], ['senderAuthType', '{{SenderAuthorization}}'], ['clientCertificates', '']] }],
  },
  {
    id: 'Partner_Onboarding', name: 'Partner Onboarding',
    parameters: 'PartnerRole=PartnerOnboarding.send\n',
    channels: [
      { name: 'AS2_Partner', adapter: 'AS2', props: [['userRole', '{{PartnerRole}}'], ['senderAuthType', '{{PartnerAuthorization}}'], ['clientCertificates', '']] },
      // Copied from Invoices SOAP with its address: the tenant would refuse to deploy one of them.
      { name: 'SOAP_Legacy', adapter: 'SOAP', address: '/soap_invoices', props: [['userRole', 'PartnerOnboarding.send'], ['senderAuthType', 'Basic']] },
    ],
  },
  {
    // An older iFlow: its sender flows have no `direction`, and the authorization sits on the
    // sender participants. The partner authorizes by a certificate DN issued by a public TLS
    // server CA (a server certificate used as a client certificate), the shop by the implicit role.
    id: 'Legacy_Gateway', name: 'Legacy Gateway',
    participants: [
      { id: 'Participant_1', name: 'Partner_Gateway', props: [['enableBasicAuthentication', 'false'], ['role', ''],
        ['subject0', 'CN=gateway.partner.example, OU=Integration, O=Partner Example B.V., L=Utrecht, C=NL'],
        ['issuer0', 'CN=COMODO RSA Organization Validation Secure Server CA, O=COMODO CA Limited, L=Salford, ST=Greater Manchester, C=GB']] },
      { id: 'Participant_Legacy_Shop', name: 'Shop', props: [['enableBasicAuthentication', 'true'], ['role', '']] },
    ],
    channels: [
      { name: 'SOAP_Partner', adapter: 'SOAP 1.0', legacy: true, address: '/partner/orders', props: [] },
      { name: 'HTTPS_Shop', adapter: 'HTTPS 1.0', legacy: true, source: 'Participant_Legacy_Shop', address: '/shop/orders', props: [] },
    ],
  },
  {
    id: 'Shipment_Notification', name: 'Shipment Notification',
    channels: [
      { name: 'HTTPS_Shipments', adapter: 'HTTPS', props: roleBased('ShipmentNotification.send') },
      { name: 'ProcessDirect_Shipments', adapter: 'ProcessDirect', props: [['address', '/shipments']] },
    ],
  },
  {
    // The load balancer's trust: a private CA SAP does not trust, a public TLS CA's certificate
    // due for renewal after May 2026, and one without the clientAuth EKU.
    id: 'Payments_Inbound', name: 'Payments Inbound',
    channels: [{ name: 'HTTPS_Payments', adapter: 'HTTPS', props: clientCert([
      ['CN=umbrella-payments, O=Umbrella Corporation, C=US', 'CN=Umbrella Issuing CA, O=Umbrella Corporation, C=US'],
      ['CN=globex-payments, O=Globex Corporation, C=US', PUBLIC_ISSUER],
      ['CN=hooli-payments, O=Hooli, C=US', PUBLIC_ISSUER],
    ]) }],
  },
];

rmSync(out, { recursive: true, force: true });
for (const flow of flows) {
  const root = join(out, flow.id);
  const dir = join(root, 'src/main/resources/scenarioflows/integrationflow');
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(root, 'META-INF'), { recursive: true });
  let text = template.slice(0, senderStart) + flow.channels.map(sender).join('\n') + template.slice(senderEnd);
  if (flow.participants) text = text.slice(0, participantStart) + flow.participants.map(senderParticipant).join('\n') + text.slice(participantEnd);
  writeFileSync(join(dir, `${flow.id}.iflw`), text);
  writeFileSync(join(root, 'META-INF/MANIFEST.MF'), `Manifest-Version: 1.0\r\nBundle-SymbolicName: ${flow.id}; singleton:=true\r\nBundle-Name: ${flow.name}\r\nBundle-Version: 1.0.0\r\nSAP-BundleType: IntegrationFlow\r\n\r\n`);
  if (flow.parameters) writeFileSync(join(root, 'src/main/resources/parameters.prop'), flow.parameters);
}

// A file that is not well-formed: a half-saved edit.
const broken = join(out, 'Half_Saved/src/main/resources/scenarioflows/integrationflow');
mkdirSync(broken, { recursive: true });
writeFileSync(join(broken, 'Half_Saved.iflw'), template.slice(0, senderStart + 900));

mkdirSync(join(out, 'certificates'), { recursive: true });
for (const f of ['acme-client.cer', 'acme-expiring.cer', 'acme-expired.pem', 'acme-future.pem', 'selfsigned-client.pem', 'acme-server-only.cer', 'issuing-ca.cer', 'shipping-partner.pem']) {
  const src = f === 'shipping-partner.pem' ? 'acme-ec-client.pem' : f;
  copyFileSync(join(certs, src), join(out, 'certificates', f));
}
for (const f of ['umbrella-payments.pem', 'umbrella-chain.pem', 'public-ca-issuing.pem', 'globex-payments.pem', 'hooli-payments.pem']) {
  copyFileSync(join(certs, 'chains', f), join(out, 'certificates', f));
}
const pem = (name) => readFileSync(join(certs, `${name}.pem`), 'utf8').replace(/\r\n/g, '\n');
const mapping = {
  mappings: [
    { user: 'SHIPPING_PARTNER', roles: ['ShipmentNotification.send'], certificate: pem('acme-ec-client'), subjectDN: 'CN=acme-ec-client, O=ACME, C=DE', issuerDN: ISSUER, notAfter: '2027-03-01T00:00:00.000Z', usedBy: [{ iflow: 'Shipment_Notification/src/main/resources/scenarioflows/integrationflow/Shipment_Notification.iflw', channel: 'HTTPS_Shipments' }] },
    { user: 'SHIPPING_PARTNER_BACKUP', roles: ['ShipmentNotification.send'], certificate: pem('acme-ec-client'), subjectDN: 'CN=acme-ec-client, O=ACME, C=DE', issuerDN: ISSUER, notAfter: '2027-03-01T00:00:00.000Z', usedBy: [] },
    { user: 'INITECH_PARTNER', roles: ['PartnerOnboarding.send'], certificate: null, subjectDN: 'CN=initech-b2b, O=Initech, C=US', issuerDN: 'CN=Initech CA, O=Initech, C=US', usedBy: [] },
    { user: 'LEGACY_SENDER', roles: ['PartnerOnboarding.send'], certificate: '-----BEGIN CERTIFICATE-----\nTUlJQ2xlZ2FjeS1icm9rZW4tY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n', usedBy: [] },
  ],
};
writeFileSync(join(out, 'certificate-user-mappings.json'), `${JSON.stringify(mapping, null, 2)}\n`);
console.log(`examples written to ${out}`);

// ---- The tenant's logs of one day (examples/logs): what *Analyze Access Logs…* and the log editor
// show. Two runtime nodes; a partner calling with Basic authentication all day (each call a normal
// 401 challenge first, its answer sometimes on the other node); ACME's certificate renewed by
// another CA at 13:00 (403s on the Client Certificate channel, SAP's trace naming the DNs); a user
// without its role in the morning; a certificate never mapped; an undeployed iFlow for 20 minutes;
// a client whose certificate the load balancer drops; an old path; a few server errors.
const logs = join(out, 'logs');
mkdirSync(logs, { recursive: true });
const NODES = ['b7f2c1d5e9a04e31', '4a8e0f3c21d94b77'];
const HOST = 'p0123-iflmap.hcisbp.eu1.hana.ondemand.com:443';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
let seed = 20261126;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
const day = Date.UTC(2026, 10, 26);
const clf = (ms) => {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};
const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const requests = [[], []];
const traces = [];
function request(node, ms, { client, caller = '-', method = 'POST', path, status, bytes, duration }) {
  const id = status < 400 ? hex(32) : '-';
  const line = `10.117.18.${4 + node} (${client}) - ${caller} [${clf(ms)}] ${method} ${path} HTTP/1.1 ${status} ${bytes ?? (status < 400 ? 80 + Math.floor(random() * 400) : 0)} ${duration ?? (status < 400 ? 120 + Math.floor(random() * 600) : 2 + Math.floor(random() * 8))} ${HOST} ${id}`;
  requests[node].push([ms, line]);
}
const minute = 60_000;
const at = (h, m = 0, s = 0) => day + ((h * 60 + m) * 60 + s) * 1000;
const node = () => (random() < 0.5 ? 0 : 1);
// The shipping partner, every ~4 minutes, Basic authentication: challenged, then answered.
for (let t = at(0, 1); t < at(24); t += 3 * minute + Math.floor(random() * 2 * minute)) {
  const first = node();
  const failed = t > at(15, 30) && t < at(15, 50);
  // During the receiver's outage the partner's retries send their credentials at once.
  if (!failed) request(first, t, { client: '203.0.113.10', path: '/http/https_shipments', status: 401, bytes: 5 });
  request(random() < 0.7 ? first : 1 - first, t + 1000, { client: '203.0.113.10', caller: 'SHIPPING_PARTNER', path: '/http/https_shipments', status: failed ? 500 : 200, duration: failed ? 30_000 : undefined });
  if (failed && traces.length < 12) traces.push([t + 31_000, `#+00#ERROR#com.sap.it.rt.camel.ErrorHandler##SHIPPING_PARTNER#http-nio-8041-exec-${1 + Math.floor(random() * 9)}###${NODES[first]}#p0123#iflmap#p0123#Message processing failed for /http/https_shipments: com.sap.it.rt.adapter.http.api.exception.HttpResponseException: receiver timed out after 30000 ms\n\tat com.sap.it.rt.adapter.http.common.HttpResponseHandler.handle(HttpResponseHandler.java:214)\n\tat org.apache.camel.processor.Pipeline.process(Pipeline.java:120)|`, first]);
}
// ACME's orders with its client certificate, every 5 minutes; renewed by another CA at 13:00.
for (let t = at(0, 3); t < at(24); t += 5 * minute) {
  const renewed = t >= at(13);
  const undeployed = t >= at(2) && t < at(2, 20);
  const n = node();
  const sent = t + Math.floor(random() * 20_000);
  request(n, sent, { client: '198.51.100.9', caller: renewed ? 'acme-client@ACME Issuing CA G2' : 'acme-client@ACME Issuing CA', path: '/http/https_orders', status: undeployed ? 503 : renewed ? 403 : 200 });
  if (renewed && n === 0 && traces.filter((x) => x[1].includes('subjectAndIssuers')).length < 6) {
    traces.push([sent, '#+00#ERROR#com.sap.it.rt.auth.ClientCertificateAuthorization##acme-client@ACME Issuing CA G2#http-nio-8041-exec-7###b7f2c1d5e9a04e31#p0123#iflmap#p0123#Unauthorized. Subject and issuer (subject: CN=acme-client, O=ACME, C=DE; issuer: CN=ACME Issuing CA G2, O=ACME, C=DE) of the provided certificate is not contained in the accepted subjectAndIssuers list of the integration flow.|', 0]);
  }
}
// A user of the material sync without its role until 10:00.
for (let t = at(6, 7); t < at(20); t += 20 * minute) {
  request(node(), t, { client: '192.0.2.44', caller: 'S0023456789', method: 'PUT', path: '/http/https_materials', status: t < at(10) ? 403 : 200 });
}
// Initech's certificate: mapped in the mapping file, never deployed.
for (const [h, m] of [[9, 12], [9, 14], [11, 40], [16, 5], [16, 6], [16, 8]]) {
  request(node(), at(h, m, 30), { client: '198.51.100.8', caller: 'initech-b2b@Initech CA', path: '/http/https_shipments', status: 403 });
}
// A client whose certificate the load balancer drops (chain not sent whole): 401 without caller, no retry.
for (let t = at(17, 2); t < at(18, 30); t += 6 * minute) request(node(), t, { client: '198.51.100.77', path: '/http/https_orders', status: 401, bytes: 5 });
// An old address, and a method the channel does not take.
for (const [h, m] of [[7, 45], [7, 46], [12, 1], [20, 33]]) request(node(), at(h, m), { client: '192.0.2.15', caller: 'P2000334455', method: 'GET', path: '/http/https_invoices', status: 404 });
request(0, at(21, 10), { client: '198.51.100.15', caller: 'SHIPPING_PARTNER', method: 'GET', path: '/http/https_shipments', status: 405 });

NODES.forEach((id, i) => {
  const sorted = requests[i].sort((a, b) => a[0] - b[0]).map(([, line]) => line);
  writeFileSync(join(logs, `http_access_${id}_2026-11-26.log`), `${sorted.join('\n')}\n`);
});
const stamp = (ms) => new Date(ms).toISOString().replace(/^(\d{4})-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d).*$/, '$1 $2 $3 $4');
const traceHeader = 'FILE_TYPE:DAAA96DE-B0FB-4c6e-AF7B-A445F5BF9BE2\nFILE_ID:1764115200000\nENCODING:[UTF8|NWCJS:ASCII]\nRECORD_SEPARATOR:124\nCOLUMN_SEPARATOR:35\nESC_CHARACTER:92\nCOLUMNS:Time|TZone|Severity|Logger|ACH|User|Thread|Bundle name|JPSpace|JPAppliance|JPComponent|Tenant Alias|Text|\nSEVERITY_MAP:FINEST|Information|FINER|Information|FINE|Information|CONFIG|Information|DEBUG|Information|PATH|Information|INFO|Information|WARNING|Warning|ERROR|Error|SEVERE|Error|FATAL|Error\nHEADER_END\n';
const nodeTrace = traces.filter(([, , n]) => n === 0).sort((a, b) => a[0] - b[0]);
nodeTrace.unshift([at(0, 0, 1), '#+00#INFO#com.sap.it.nm.node.NodeManager##system#main###b7f2c1d5e9a04e31#p0123#iflmap#p0123#Runtime node started; 14 integration flows deployed|', 0]);
writeFileSync(join(logs, `ljs_trace_${NODES[0]}_2026-11-26.log`), `${traceHeader}${nodeTrace.map(([ms, rest]) => `${stamp(ms)}${rest}`).join('\n')}\n`);
console.log(`logs written to ${logs}`);
