/**
 * Hostile chains: a loop of CAs issuing each other, a bundle of 10,000 look-alikes of the issuing
 * CA, a 10,000-certificate chain, key identifiers that are garbage, a bundle mixing private keys
 * and certificates, trusted roots that are not certificates — in the lint, and as the partner's
 * file given to Renew Certificate…. Required: bounded work (a bounded number of candidates
 * checked, chains no longer than MAX_CHAIN_LENGTH, each certificate once), a clear finding, no
 * crash, no key printed. How fast is for the bench; the mocha timeout only stops a hang.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as assert from 'assert';
import { webcrypto } from 'crypto';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { ChainBuilder, MAX_CHAIN_LENGTH } from '../../../src/core/certs/chain';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { SignatureChecks } from '../../../src/core/certs/signatures';
import { defaultTrustStore } from '../../../src/core/certs/trustedRoots';
import { clientCandidates } from '../../../src/core/certs/review';
import { applyFileEdit } from '../../../src/core/edits/types';
import { readMappingFile } from '../../../src/core/mapping/read';
import { renewMappingEntry } from '../../../src/core/mapping/renew';
import { planRenewal } from '../../../src/core/renewal';
import { bundle, issue, keys, threeLevels, type Made } from '../support/pki';
import { assertLinearWork } from '../support/work';
import { assertNoKeyMaterial, cli, IFLOW_PATH, iflowWith, NOW_ARG, snapshot, tempDir, writeTree } from './support';

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const table = (subject: string, issuer: string): string =>
  escapeXml(`<row><cell id='clientCertificate.subjectDN'>${escapeXml(subject)}</cell><cell id='clientCertificate.issuerDN'>${escapeXml(issuer)}</cell></row>`);
const flow = (m: Made): string => iflowWith([['senderAuthType', 'ClientCertificate'], ['userRole', 'R'], ['clientCertificates', table(m.info.subject, m.info.issuer)]]);
const pem = (der: Uint8Array): string => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

/** Offsets where `needle` occurs in `bytes`. */
function occurrences(bytes: Uint8Array, needle: Uint8Array): number[] {
  const at: number[] = [];
  for (let i = 0; i + needle.length <= bytes.length; i++) if (needle.every((b, k) => bytes[i + k] === b)) at.push(i);
  return at;
}

/** `count` copies of `template` whose bytes at `offsets` spell each copy's number (5 digits). */
function numbered(template: Uint8Array, offsets: number[], count: number, digitsOf: (i: number, k: number) => string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const der = new Uint8Array(template);
    offsets.forEach((o, k) => der.set(new TextEncoder().encode(digitsOf(i, k)), o));
    out.push(der);
  }
  return out;
}

/** `count` look-alikes of `intermediate` as PEM: its name and key id, another key, numbered serials. */
async function lookalikes(root: Made, intermediate: Made, count: number): Promise<string> {
  const fake = await issue({ subject: intermediate.info.subject, issuer: root, ca: true, subjectKeyId: intermediate.info.subjectKeyId, keys: await keys() });
  const serial = fake.cert.serialNumber; // 4 hex digits: patch them as 2 bytes
  const at = occurrences(fake.der, new Uint8Array([0x02, 0x02, ...Buffer.from(serial, 'hex')]));
  assert.strictEqual(at.length, 1);
  const copies: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const der = new Uint8Array(fake.der);
    der[at[0] + 2] = 0x10 + (i >> 8);
    der[at[0] + 3] = i & 0xff;
    copies.push(der);
  }
  return copies.map(pem).join('');
}

async function lintWorkspace(files: Record<string, string | Uint8Array>, extra: string[] = []): Promise<{ code: number; out: string; err: string; findings: Array<{ rule: string; severity: string; message: string }> }> {
  const { dir, cleanup } = tempDir('iflow-chains-');
  try {
    writeTree(dir, files);
    const before = snapshot(dir);
    const r = await cli(['lint', NOW_ARG, '--format', 'json', ...extra, '.'], dir);
    assert.deepStrictEqual(snapshot(dir), before, 'lint writes nothing');
    return { ...r, findings: r.code === 2 ? [] : JSON.parse(r.out).findings };
  } finally {
    cleanup();
  }
}

describe('security: hostile chains', function () {
  this.timeout(180_000);

  it('a loop of two CAs issuing each other: a finding saying so', async () => {
    const a = await keys();
    const b = await keys();
    const aByB = await issue({ subject: 'CN=Loop A', issuerName: 'CN=Loop B', keys: a, signWith: b, ca: true, authorityKeyId: null, subjectKeyId: null });
    const bByA = await issue({ subject: 'CN=Loop B', issuerName: 'CN=Loop A', keys: b, signWith: a, ca: true, authorityKeyId: null, subjectKeyId: null });
    const leaf = await issue({ subject: 'CN=looped', issuerName: 'CN=Loop A', signWith: a, authorityKeyId: null });
    const r = await lintWorkspace({ 'certificates/loop.pem': bundle(aByB, bByA), 'certificates/leaf.pem': leaf.pem, [`F/${IFLOW_PATH}/F.iflw`]: flow(leaf) });
    const chain = r.findings.filter((f) => f.rule === 'incomplete-certificate-chain');
    assert.strictEqual(chain.length, 1, r.out);
    assert.match(chain[0].message, /whose issuers lead back to a certificate already on the chain/);
  });

  it('a bundle of 10,000 look-alikes of the issuing CA: bounded checks, then a clear finding', async () => {
    const { root, intermediate, leaf } = await threeLevels('Target');
    const text = await lookalikes(root, intermediate, 10_000);
    const decoded = decodeCertificates(text, { file: 'lookalikes.pem', kind: 'file' });
    assert.strictEqual(decoded.certificates.length, 10_000);

    // In the core: each round looks at a bounded number of candidates.
    const checks = new SignatureChecks();
    const chains = new ChainBuilder(new CertificateIndex([...decoded.certificates, leaf.info]), defaultTrustStore(), checks, new Date('2026-11-27T00:00:00Z'));
    chains.chainOf(leaf.info);
    assert.ok(checks.pendingCount <= 8, `${checks.pendingCount} links queued`);

    const r = await lintWorkspace({ 'certificates/lookalikes.pem': text, 'certificates/leaf.pem': leaf.pem, [`F/${IFLOW_PATH}/F.iflw`]: flow(leaf) });
    const chain = r.findings.filter((f) => f.rule === 'incomplete-certificate-chain');
    assert.strictEqual(chain.length, 1, r.out);
    assert.strictEqual(chain[0].severity, 'warning');
    assert.match(chain[0].message, /whose signature does not verify with the key of "CN=Target Issuing CA, O=Target, C=DE" \(32 of the 10000 certificates with that name were checked\)/);
  });

  it('a 10,000-certificate chain: followed no further than the bound', async () => {
    // Not CA certificates: the row's certificate is then judged as a client certificate.
    const template = await issue({ subject: 'CN=Link 00000', issuerName: 'CN=Link 00001', authorityKeyId: null, subjectKeyId: null });
    const issuerAt = occurrences(template.der, new TextEncoder().encode('Link 00001'));
    const subjectAt = occurrences(template.der, new TextEncoder().encode('Link 00000'));
    assert.strictEqual(issuerAt.length + subjectAt.length, 2);
    const pad = (n: number): string => `Link ${String(n).padStart(5, '0')}`;
    const ders = numbered(template.der, [issuerAt[0], subjectAt[0]], 10_000, (i, k) => pad(k === 0 ? i + 1 : i));
    const text = ders.map(pem).join('');
    const decoded = decodeCertificates(text, { file: 'links.pem', kind: 'file' });
    assert.strictEqual(decoded.certificates.length, 10_000);
    const first = decoded.certificates[0];
    assert.strictEqual(first.subject, 'CN=Link 00000');
    const chain = new ChainBuilder(new CertificateIndex(decoded.certificates), defaultTrustStore(), new SignatureChecks(), new Date('2026-11-27T00:00:00Z')).chainOf(first);
    assert.strictEqual(chain.certificates.length, MAX_CHAIN_LENGTH);
    assert.deepStrictEqual(chain.gap, { kind: 'too-long' });
    const leafRow = iflowWith([['senderAuthType', 'ClientCertificate'], ['userRole', 'R'], ['clientCertificates', table('CN=Link 00000', 'CN=Link 00001')]]);
    const r = await lintWorkspace({ 'certificates/links.pem': text, [`F/${IFLOW_PATH}/F.iflw`]: leafRow });
    // The patched links do not verify: the chain breaks at its first link once checked.
    assert.ok(r.findings.some((f) => f.rule === 'incomplete-certificate-chain' && /does not verify/.test(f.message)), r.out);
  });

  it('key identifiers that are garbage: an over-long authority key id, and extension values that are not DER', async () => {
    const { root, intermediate } = await threeLevels('Garbage');
    const longKeyId = await issue({ subject: 'CN=long-aki', issuer: intermediate, authorityKeyId: 'ab'.repeat(5000) });
    const notDer = await x509.X509CertificateGenerator.create({
      serialNumber: '0badc0de', subject: 'CN=not-der-ids', issuer: intermediate.cert.subject,
      notBefore: new Date('2026-01-01'), notAfter: new Date('2028-01-01'), publicKey: (await keys()).pair.publicKey, signingKey: intermediate.keys.pair.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
      extensions: [
        new x509.Extension('2.5.29.35', false, new Uint8Array([0xff, 0x00, 0x13, 0x37, 0x42])),
        new x509.Extension('2.5.29.14', false, new Uint8Array([0x30, 0x84, 0xff, 0xff])),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ],
    });
    const notDerPem = notDer.toString('pem');
    const r = await lintWorkspace({
      'certificates/chain.pem': bundle(intermediate, root),
      'certificates/long.pem': longKeyId.pem,
      'certificates/not-der.pem': notDerPem,
      [`A/${IFLOW_PATH}/A.iflw`]: flow(longKeyId),
      [`B/${IFLOW_PATH}/B.iflw`]: iflowWith([['senderAuthType', 'ClientCertificate'], ['userRole', 'R'], ['clientCertificates', table('CN=not-der-ids', intermediate.info.subject)]]),
    });
    const long = r.findings.find((f) => f.rule === 'incomplete-certificate-chain' && f.message.includes('long-aki'));
    assert.ok(long, r.out);
    assert.match(long.message, /only with another key \(its authority key identifier is (ab){20}…\)/);
    assert.ok(long.message.length < 1000);
    // Ids that are not DER are no ids: the chain goes by name (and signature), to the untrusted root.
    assert.ok(r.findings.some((f) => f.rule === 'untrusted-root-ca' && f.message.includes('not-der-ids')), r.out);
    assert.ok(!r.findings.some((f) => /internal error/.test(f.message)), r.out);
  });

  it('a bundle mixing private keys and certificates: the chain is built, the keys are ignored and never printed', async () => {
    const { root, intermediate, leaf } = await threeLevels('Mixed', 'rsa');
    const keyPem = async (m: Made): Promise<string> => {
      const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', m.keys.pair.privateKey as unknown as webcrypto.CryptoKey));
      return `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
    };
    const mixed = `${await keyPem(leaf)}${leaf.pem}\n${await keyPem(intermediate)}${intermediate.pem}\n${root.pem}`;
    const decoded = decodeCertificates(mixed, { file: 'mixed.pem', kind: 'file' });
    assert.strictEqual(decoded.certificates.length, 3);
    assert.strictEqual(decoded.hasPrivateKey, true);
    const r = await lintWorkspace({ 'certificates/mixed.pem': mixed, 'roots/root.pem': root.pem, [`F/${IFLOW_PATH}/F.iflw`]: flow(leaf) }, ['--trusted-roots', 'roots/root.pem']);
    assert.strictEqual(r.code, 1, r.err);
    assert.ok(!r.findings.some((f) => ['untrusted-root-ca', 'incomplete-certificate-chain'].includes(f.rule)), r.out);
    for (const secret of [await keyPem(leaf), await keyPem(intermediate)]) {
      const body = secret.split('\n')[3];
      assert.ok(!r.out.includes(body) && !r.err.includes(body), 'no key bytes printed');
    }
    assertNoKeyMaterial(r.out + r.err, 'CLI output');
  });

  it('--trusted-roots naming a file that is no certificate, or nothing at all: exit 2 with the reason', async () => {
    const leaf = await issue({ subject: 'CN=x' });
    for (const [files, arg, expected] of [
      [{ 'roots/notes.pem': 'these are not roots' }, 'roots/notes.pem', /roots\/notes\.pem: --trusted-roots: no certificate found/],
      [{}, 'roots/missing.pem', /roots\/missing\.pem: --trusted-roots: no such file or directory/],
    ] as const) {
      const r = await lintWorkspace({ ...files, [`F/${IFLOW_PATH}/F.iflw`]: flow(leaf) }, ['--trusted-roots', arg]);
      assert.strictEqual(r.code, 2, r.out);
      assert.match(r.err, expected);
    }
  });
});

describe('security: Renew Certificate… with a hostile renewal file', function () {
  this.timeout(180_000);
  const NOW = new Date('2026-11-27T00:00:00Z');

  /** Plans the renewal of a mapping entry holding `old` with the first leaf of `file`, the way the command does. */
  async function renewWith(old: Made, file: string | Uint8Array, mappingEntries = 1): Promise<{ plan: ReturnType<typeof planRenewal>; checks: SignatureChecks; mappingText: string }> {
    const entries = Array.from({ length: mappingEntries }, (_, i) => ({ user: `U${i}`, roles: ['R'], certificate: i === mappingEntries - 1 ? old.pem : null, subjectDN: old.info.subject, issuerDN: old.info.issuer, usedBy: [] }));
    const mapping = readMappingFile(JSON.stringify({ mappings: entries }, null, 2), 'certificate-user-mappings.json');
    const decoded = decodeCertificates(file, { file: 'renewal.pem', kind: 'file' });
    const renewal = clientCandidates(decoded).find((c) => c.subject === old.info.subject)!;
    assert.ok(renewal, 'the renewal decodes');
    const companions = decoded.certificates.filter((c) => c !== renewal);
    const checks = new SignatureChecks();
    const chains = new ChainBuilder(new CertificateIndex([old.info]), defaultTrustStore(), checks, NOW);
    await chains.verifiedChainOf(renewal, companions);
    const entry = mapping.entries[mappingEntries - 1];
    const plan = planRenewal({ kind: 'mapping', mapping, entry, current: old.info }, renewal, companions, { now: NOW, expiryWarningDays: 30, chains });
    const mappingText = plan.plan.files.length > 0 ? applyFileEdit(plan.plan.files[0]) : mapping.text;
    return { plan, checks, mappingText };
  }
  const said = (p: ReturnType<typeof planRenewal>): string => [...p.review.checks.map((c) => c.text), ...p.plan.notes].join('\n');

  it('a renewal whose CAs issue each other in a loop: the loop named in the review, each certificate once on the chain', async () => {
    const a = await keys();
    const b = await keys();
    const aByB = await issue({ subject: 'CN=Loop A', issuerName: 'CN=Loop B', keys: a, signWith: b, ca: true, authorityKeyId: null, subjectKeyId: null });
    const bByA = await issue({ subject: 'CN=Loop B', issuerName: 'CN=Loop A', keys: b, signWith: a, ca: true, authorityKeyId: null, subjectKeyId: null });
    const old = await issue({ subject: 'CN=looped', issuerName: 'CN=Loop A', signWith: a, authorityKeyId: null, notBefore: '2025-12-01T00:00:00Z', notAfter: '2026-12-10T00:00:00Z' });
    const renewal = await issue({ subject: 'CN=looped', issuerName: 'CN=Loop A', signWith: a, authorityKeyId: null, notBefore: '2026-11-20T00:00:00Z', notAfter: '2027-12-10T00:00:00Z' });
    const r = await renewWith(old, bundle(renewal, aByB, bByA));
    assert.match(said(r.plan), /lead back to a certificate already on the chain/);
    const chain = r.plan.review.chain!;
    assert.strictEqual(new Set(chain.certificates.map((c) => c.sha256)).size, chain.certificates.length);
    assert.strictEqual(r.plan.review.blocked, false, 'a broken chain is a warning: the user decides');
  });

  it('a renewal sent with 10,000 look-alikes of its issuing CA: bounded signature checks, a clear review', async () => {
    const { root, intermediate } = await threeLevels('Renewed');
    const old = await issue({ subject: 'CN=renewed-client, O=Renewed, C=DE', issuer: intermediate, notBefore: '2025-12-01T00:00:00Z', notAfter: '2026-12-10T00:00:00Z' });
    const renewal = await issue({ subject: 'CN=renewed-client, O=Renewed, C=DE', issuer: intermediate, notBefore: '2026-11-20T00:00:00Z', notAfter: '2027-12-10T00:00:00Z' });
    const r = await renewWith(old, `${renewal.pem}\n${await lookalikes(root, intermediate, 10_000)}`);
    assert.match(said(r.plan), /whose signature does not verify with the key of "CN=Renewed Issuing CA, O=Renewed, C=DE" \(32 of the \d+ certificates with that name were checked\)/);
    assert.ok(said(r.plan).length < 5000, 'the review stays readable');
    assert.strictEqual(r.checks.pendingCount, 0, 'every queued link was checked: the rounds ended');
  });

  it('a renewal whose authority key id is garbage (10,000 hex digits): the id shown cut short', async () => {
    const { intermediate } = await threeLevels('Garbled');
    const old = await issue({ subject: 'CN=garbled', issuer: intermediate, notBefore: '2025-12-01T00:00:00Z', notAfter: '2026-12-10T00:00:00Z' });
    const renewal = await issue({ subject: 'CN=garbled', issuer: intermediate, authorityKeyId: 'ab'.repeat(5000), notBefore: '2026-11-20T00:00:00Z', notAfter: '2027-12-10T00:00:00Z' });
    const r = await renewWith(old, renewal.pem);
    assert.ok(!said(r.plan).includes('ab'.repeat(100)), 'no 200-digit id in the review');
  });

  it('a renewal file mixing private keys and certificates: the mapping gets the certificate only, no key anywhere', async () => {
    const { root, intermediate } = await threeLevels('Keys', 'rsa');
    const old = await issue({ subject: 'CN=keyed', issuer: intermediate, notBefore: '2025-12-01T00:00:00Z', notAfter: '2026-12-10T00:00:00Z' });
    const renewal = await issue({ subject: 'CN=keyed', issuer: intermediate, notBefore: '2026-11-20T00:00:00Z', notAfter: '2027-12-10T00:00:00Z' });
    const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', renewal.keys.pair.privateKey as unknown as webcrypto.CryptoKey));
    const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
    const r = await renewWith(old, `${keyPem}${renewal.pem}\n${keyPem}${intermediate.pem}\n${root.pem}`);
    assert.strictEqual(r.plan.plan.files.length, 1);
    assertNoKeyMaterial(r.mappingText, 'mapping file after the renewal');
    assertNoKeyMaterial(said(r.plan), 'review');
    assert.strictEqual(readMappingFile(r.mappingText, 'm.json').entries[0].decoded?.sha256, renewal.info.sha256);
  });

  it('a mapping file of 20,000 entries: the renewal edits one entry, with work linear in the file', async () => {
    const { intermediate } = await threeLevels('Many');
    const old = await issue({ subject: 'CN=many', issuer: intermediate, notBefore: '2025-12-01T00:00:00Z', notAfter: '2026-12-10T00:00:00Z' });
    const renewal = await issue({ subject: 'CN=many', issuer: intermediate, notBefore: '2026-11-20T00:00:00Z', notAfter: '2027-12-10T00:00:00Z' });
    const r = await renewWith(old, renewal.pem, 20_000);
    const edit = r.plan.plan.files[0];
    assert.strictEqual(edit.edits.length, 1);
    assert.ok(edit.edits[0].start > edit.baseText.length * 0.99, 'only the last entry changed');
    // Reading the file and renewing its last entry: 4x the entries, about 4x the work (not 16x).
    const file = (n: number): string => JSON.stringify({ mappings: Array.from({ length: n }, (_, i) => ({ user: `U${i}`, roles: ['R'], certificate: i === n - 1 ? old.pem : null, subjectDN: old.info.subject, issuerDN: old.info.issuer, usedBy: [] })) }, null, 2);
    assertLinearWork('renewing the last entry of a mapping file', file, (text) => {
      const mapping = readMappingFile(text, 'certificate-user-mappings.json');
      return renewMappingEntry(mapping, mapping.entries[mapping.entries.length - 1], renewal.info, old.info);
    }, 5_000);
  });
});
