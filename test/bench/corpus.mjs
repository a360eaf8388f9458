// Builds (once, cached under test/bench/corpus/) what the benchmark measures:
//   certs/        1,000 client certificates (ECDSA P-256, signed by one bench CA), half DER .cer, half PEM .pem
//   large.iflw    a ~540 KB iFlow: the largest real fixture with its process repeated, plus a
//                 Client Certificate sender channel whose rows resolve to certs/
//   iflows/       1,000 iFlow exports (~50 MB) made from the real fixtures (every 100th is
//                 large.iflw), each with an added Client Certificate channel, and certificates/
//                 (a copy of certs/) so the rows resolve
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(benchDir, '..', '..');
export const corpusDir = join(benchDir, 'corpus');
const VERSION = '1'; // bump when the generated corpus changes
export const CERT_COUNT = 1000;
export const IFLOW_COUNT = 1000;
export const LARGE_TARGET = 540 * 1024;
const IFLOW_DIR = 'src/main/resources/scenarioflows/integrationflow';
const IFL_NS = 'http:///com.sap.ifl.model/Ifl.xsd';

export const certSubject = (i) => `CN=partner-${i}, O=Partner ${i} GmbH, C=DE`;
export const CA_SUBJECT = 'CN=Bench Issuing CA, O=Bench, C=DE';

function walk(dir, pred, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out.sort();
}

/** The real fixtures: { file, folder, text, parameters?, manifest? } */
export function realFixtures() {
  const root = join(repoRoot, 'test', 'fixtures', 'real');
  return walk(root, (p) => p.endsWith('.iflw')).map((file) => {
    const folder = file.slice(0, file.indexOf('/src/main/resources/'));
    const read = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);
    return {
      file, folder, name: relative(root, folder), text: readFileSync(file, 'utf8'),
      parameters: read(join(folder, 'src/main/resources/parameters.prop')),
      manifest: read(join(folder, 'META-INF/MANIFEST.MF')),
    };
  });
}

async function makeCertificates(dir) {
  x509.cryptoProvider.set(webcrypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const caKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const leafKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: CA_SUBJECT, notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2034-01-01T00:00:00Z'),
    keys: caKeys, signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench-ca.pem'), ca.toString('pem'));
  for (let i = 0; i < CERT_COUNT; i++) {
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: (0x1000 + i).toString(16), subject: certSubject(i), issuer: ca.subject,
      // Mostly valid; every 10th expires in 2025 (so certificate rules have something to say).
      notBefore: new Date('2024-06-01T00:00:00Z'), notAfter: new Date(i % 10 === 0 ? '2025-06-01T00:00:00Z' : '2030-06-01T00:00:00Z'),
      signingKey: caKeys.privateKey, publicKey: leafKeys.publicKey, signingAlgorithm: alg,
      extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
    });
    if (i % 2 === 0) writeFileSync(join(dir, `partner-${i}.cer`), new Uint8Array(cert.rawData));
    else writeFileSync(join(dir, `partner-${i}.pem`), cert.toString('pem'));
  }
}

const rows = (ids) => ids.map((i) => `&lt;row&gt;&lt;cell id='clientCertificate.subjectDN'&gt;${certSubject(i)}&lt;/cell&gt;&lt;cell id='clientCertificate.issuerDN'&gt;${CA_SUBJECT}&lt;/cell&gt;&lt;/row&gt;`).join('');

/** Adds a Client Certificate HTTPS sender channel (rows for the given certificates) to the first collaboration. */
export function addCertificateChannel(text, n, certIds) {
  const close = /<\/([\w.-]+:)?collaboration>/.exec(text);
  if (!close) return text;
  const bpmn = close[1] ?? '';
  const m = new RegExp(`xmlns:([\\w.-]+)="${IFL_NS.replace(/[/.]/g, (c) => '\\' + c)}"`).exec(text);
  const ifl = m ? `${m[1]}:` : 'ifl:';
  const prop = (k, v) => `\n                <${ifl}property>\n                    <key>${k}</key>\n                    <value>${v}</value>\n                </${ifl}property>`;
  const flow = `    <${bpmn}messageFlow id="BenchFlow_${n}" name="Partner HTTPS ${n}" sourceRef="Participant_1" targetRef="StartEvent_2">
            <${bpmn}extensionElements>${prop('ComponentType', 'HTTPS')}${prop('direction', 'Sender')}${prop('cmdVariantUri', 'ctype::AdapterVariant/cname::sap:HTTPS/tp::HTTPS/mp::None/direction::Sender/version::1.5.2')}${prop('senderAuthType', 'ClientCertificate')}${prop('userRole', 'ESBMessaging.send')}${prop('clientCertificates', rows(certIds))}${prop('urlPath', `/bench/${n}`)}
            </${bpmn}extensionElements>
        </${bpmn}messageFlow>
    `;
  return text.slice(0, close.index) + flow + text.slice(close.index);
}

/** The largest real fixture grown to ~540 KB by repeating its processes (ids prefixed). */
function makeLarge(fixtures) {
  const biggest = fixtures.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  const text = addCertificateChannel(biggest.text, 0, [1, 2, 3, 4, 5]);
  const procs = [...text.matchAll(/<([\w.-]+:)?process\b[\s\S]*?<\/\1process>/g)].map((m) => m[0]);
  const insertAt = text.lastIndexOf(procs[procs.length - 1]) + procs[procs.length - 1].length;
  const copies = [];
  let size = text.length;
  for (let k = 1; size < LARGE_TARGET; k++) {
    for (const p of procs) {
      const copy = '\n    ' + p.replace(/\b(id|sourceRef|targetRef|processRef|bpmnElement)="/g, (m) => `${m}c${k}_`);
      copies.push(copy);
      size += copy.length;
      if (size >= LARGE_TARGET) break;
    }
  }
  return { base: biggest, text: text.slice(0, insertAt) + copies.join('') + text.slice(insertAt) };
}

/** Builds the corpus if missing; returns its paths. */
export async function ensureCorpus(log = console.log) {
  const stamp = join(corpusDir, 'VERSION');
  const paths = { certs: join(corpusDir, 'certs'), large: join(corpusDir, 'large.iflw'), iflows: join(corpusDir, 'iflows') };
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === VERSION) return paths;
  const t0 = Date.now();
  rmSync(corpusDir, { recursive: true, force: true });
  mkdirSync(corpusDir, { recursive: true });
  await makeCertificates(paths.certs);
  const fixtures = realFixtures();
  const large = makeLarge(fixtures);
  writeFileSync(paths.large, large.text);
  let bytes = 0;
  for (let n = 0; n < IFLOW_COUNT; n++) {
    const big = n % 100 === 99;
    const f = big ? large.base : fixtures[n % fixtures.length];
    const dir = join(paths.iflows, `${String(n).padStart(4, '0')}_${basename(f.folder)}`);
    mkdirSync(join(dir, IFLOW_DIR), { recursive: true });
    const text = big ? large.text : addCertificateChannel(f.text, n, [(n * 3) % CERT_COUNT, (n * 3 + 1) % CERT_COUNT, (n * 3 + 2) % CERT_COUNT]);
    writeFileSync(join(dir, IFLOW_DIR, basename(f.file)), text);
    bytes += Buffer.byteLength(text);
    if (f.parameters !== undefined) writeFileSync(join(dir, 'src/main/resources/parameters.prop'), f.parameters);
    if (f.manifest !== undefined) {
      mkdirSync(join(dir, 'META-INF'), { recursive: true });
      writeFileSync(join(dir, 'META-INF/MANIFEST.MF'), f.manifest);
    }
  }
  mkdirSync(join(paths.iflows, 'certificates'), { recursive: true });
  for (const c of readdirSync(paths.certs)) copyFileSync(join(paths.certs, c), join(paths.iflows, 'certificates', c));
  writeFileSync(stamp, VERSION);
  log(`corpus: ${CERT_COUNT} certificates, large.iflw ${(statSync(paths.large).size / 1024).toFixed(0)} KB, ${IFLOW_COUNT} iFlows ${(bytes / 1e6).toFixed(1)} MB, built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return paths;
}

/** Every .iflw of the corpus with its companions: { file, text, parameters?, manifest? } */
export function loadCorpusIFlows(iflowsDir) {
  return readdirSync(iflowsDir).filter((d) => d !== 'certificates').sort().map((d) => {
    const dir = join(iflowsDir, d);
    const file = walk(join(dir, IFLOW_DIR), (p) => p.endsWith('.iflw'))[0];
    const read = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);
    return { file, text: readFileSync(file, 'utf8'), parameters: read(join(dir, 'src/main/resources/parameters.prop')), manifest: read(join(dir, 'META-INF/MANIFEST.MF')) };
  });
}
