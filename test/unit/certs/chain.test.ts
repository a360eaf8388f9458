import * as assert from 'assert';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { ChainBuilder, chainMark, chainPath, chainVerdict, MAX_CHAIN_LENGTH, type Chain } from '../../../src/core/certs/chain';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { SignatureChecks, verifySignature } from '../../../src/core/certs/signatures';
import { defaultTrustStore, TrustStore } from '../../../src/core/certs/trustedRoots';
import type { CertificateInfo } from '../../../src/core/certs/types';
import { bundle, issue, keys, pkcs7, threeLevels, type Made } from '../support/pki';

const NOW = new Date('2026-11-27T00:00:00Z');
const ISRG_X1 = 'CN=ISRG Root X1,O=Internet Security Research Group,C=US';
const ISRG_X1_KEY_ID = '79b459e67bb6e5e40173800888c81a58f6e99b6e';

const ownRoots = (...roots: Made[]): TrustStore => TrustStore.fromSetting(['roots.pem'], [{ path: 'roots.pem', certificates: roots.map((r) => r.info) }]);

function builder(certificates: CertificateInfo[], trust: TrustStore = defaultTrustStore(), signatures = new SignatureChecks()): ChainBuilder {
  return new ChainBuilder(new CertificateIndex(certificates), trust, signatures, NOW);
}

/** Builds, checks every link the build queued, and builds again (what the CLI and the editor do). */
async function verified(b: ChainBuilder, cert: CertificateInfo): Promise<Chain> {
  for (let round = 0; round < 4; round++) {
    b.chainOf(cert);
    if (b.signatures.pendingCount === 0) break;
    await b.signatures.verifyPending();
  }
  return b.chainOf(cert);
}

const names = (chain: Chain): string[] => chain.certificates.map((c) => c.commonName ?? c.subject);

describe('certs/chain', function () {
  this.timeout(60_000);

  it('root → intermediate → leaf: trusted when the root is one of the trusted roots, every signature verified', async () => {
    const { root, intermediate, leaf } = await threeLevels('Acme', 'rsa');
    const b = builder([leaf.info, intermediate.info, root.info], ownRoots(root));
    const chain = await verified(b, leaf.info);
    assert.strictEqual(chain.status, 'trusted');
    assert.deepStrictEqual(names(chain), ['acme-client', 'Acme Issuing CA', 'Acme Root CA']);
    assert.deepStrictEqual(chain.signatures, ['valid', 'valid']);
    assert.strictEqual(chain.root?.origin, 'roots.pem');
    assert.strictEqual(chainPath(chain), 'acme-client → Acme Issuing CA → Acme Root CA');
    assert.strictEqual(chainMark(chain), undefined);
  });

  it('the same chain against SAP\'s BTP trust store: untrusted, and the message names the store', async () => {
    const { root, intermediate, leaf } = await threeLevels('Acme');
    const chain = builder([leaf.info, intermediate.info, root.info]).chainOf(leaf.info);
    assert.strictEqual(chain.status, 'untrusted');
    assert.deepStrictEqual(chain.untrusted, { reason: 'not-listed' });
    assert.match(chainVerdict(chain, defaultTrustStore()), /ends at the self-signed root "Acme Root CA", which is not among the trusted roots \(SAP's BTP trust store\)/);
    assert.strictEqual(chainMark(chain), 'untrusted root');
  });

  it('missing links: incomplete, naming the issuer that was not found', async () => {
    const { root, intermediate, leaf } = await threeLevels('Acme');
    const noIntermediate = builder([leaf.info, root.info], ownRoots(root)).chainOf(leaf.info);
    assert.strictEqual(noIntermediate.status, 'incomplete');
    assert.deepStrictEqual(noIntermediate.gap, { kind: 'issuer-not-found', issuer: 'CN=Acme Issuing CA, O=Acme, C=DE' });
    const noRoot = builder([leaf.info, intermediate.info]).chainOf(leaf.info);
    assert.strictEqual(noRoot.status, 'incomplete');
    assert.deepStrictEqual(names(noRoot), ['acme-client', 'Acme Issuing CA']);
    assert.match(chainVerdict(noRoot, defaultTrustStore()), /stops at "Acme Issuing CA", whose issuer "CN=Acme Root CA, O=Acme, C=DE" is not in the workspace/);
    assert.strictEqual(chainMark(noRoot), 'chain incomplete');
    // A trusted root the tool does not hold is matched by its name and key id.
    const rootOnlyTrusted = builder([leaf.info, intermediate.info], ownRoots(root)).chainOf(leaf.info);
    assert.strictEqual(rootOnlyTrusted.status, 'trusted');
  });

  it('a PEM bundle and a PKCS#7 hold the whole chain', async () => {
    const { root, intermediate, leaf } = await threeLevels('Bundle');
    for (const input of [bundle(leaf, intermediate, root), pkcs7(leaf, intermediate, root)]) {
      const decoded = decodeCertificates(input, { file: 'partner-chain', kind: 'file' });
      assert.strictEqual(decoded.certificates.length, 3);
      const chain = await verified(builder(decoded.certificates, ownRoots(root)), decoded.certificates[0]);
      assert.strictEqual(chain.status, 'trusted');
      assert.deepStrictEqual(chain.signatures, ['valid', 'valid']);
    }
  });

  it('companions (the rest of the leaf\'s own file) complete the chain without joining the index', async () => {
    const { root, intermediate, leaf } = await threeLevels('Companion');
    const b = builder([], ownRoots(root));
    assert.strictEqual(b.chainOf(leaf.info).status, 'incomplete');
    assert.strictEqual(b.chainOf(leaf.info, [intermediate.info]).status, 'trusted');
  });

  it('a forged issuer name without the issuer\'s key: followed by name at first, broken once the signature is checked', async () => {
    const { root, intermediate } = await threeLevels('Acme');
    const forged = await issue({
      subject: 'CN=mallory, O=Acme, C=DE', issuer: intermediate, signWith: await keys('p256'),
      // Even the authority key id is copied from the real issuing CA.
      authorityKeyId: intermediate.info.subjectKeyId,
    });
    const b = builder([forged.info, intermediate.info, root.info], ownRoots(root));
    assert.strictEqual(b.chainOf(forged.info).status, 'trusted', 'names and key ids alone cannot tell');
    const chain = await verified(b, forged.info);
    assert.strictEqual(chain.status, 'incomplete');
    assert.strictEqual(chain.gap?.kind, 'bad-signature');
    assert.match(chainVerdict(chain, b.trust), /stops at the certificate itself, whose signature does not verify with the key of "CN=Acme Issuing CA, O=Acme, C=DE"/);
  });

  it('an authority key id that names another key: the certificate with the issuer\'s name is not taken', async () => {
    const { root, intermediate } = await threeLevels('Acme');
    const garbage = await issue({ subject: 'CN=odd, O=Acme, C=DE', issuer: intermediate, authorityKeyId: 'ff'.repeat(200) });
    const chain = builder([garbage.info, intermediate.info, root.info], ownRoots(root)).chainOf(garbage.info);
    assert.strictEqual(chain.status, 'incomplete');
    assert.strictEqual(chain.gap?.kind, 'other-key');
    const text = chainVerdict(chain, defaultTrustStore());
    assert.match(text, /whose issuer "CN=Acme Issuing CA, O=Acme, C=DE" is in the workspace only with another key/);
    assert.ok(text.length < 400, 'a long key id is shortened');
  });

  it('a loop of two CAs issuing each other ends, saying so', async () => {
    const a = await keys();
    const bKeys = await keys();
    const aByB = await issue({ subject: 'CN=Loop A', issuerName: 'CN=Loop B', keys: a, signWith: bKeys, ca: true, authorityKeyId: null, subjectKeyId: null });
    const bByA = await issue({ subject: 'CN=Loop B', issuerName: 'CN=Loop A', keys: bKeys, signWith: a, ca: true, authorityKeyId: null, subjectKeyId: null });
    const leaf = await issue({ subject: 'CN=looped', issuerName: 'CN=Loop A', signWith: a, authorityKeyId: null });
    const chain = await verified(builder([leaf.info, aByB.info, bByA.info]), leaf.info);
    assert.strictEqual(chain.status, 'incomplete');
    assert.strictEqual(chain.gap?.kind, 'loop');
    assert.deepStrictEqual(names(chain), ['looped', 'Loop A', 'Loop B']);
  });

  it('follows no further than MAX_CHAIN_LENGTH certificates', async () => {
    let issuer = await issue({ subject: 'CN=Deep 0', ca: true });
    const all = [issuer.info];
    for (let i = 1; i <= MAX_CHAIN_LENGTH + 2; i++) {
      issuer = await issue({ subject: `CN=Deep ${i}`, issuer, ca: true });
      all.push(issuer.info);
    }
    const chain = builder(all).chainOf(issuer.info);
    assert.strictEqual(chain.status, 'incomplete');
    assert.deepStrictEqual(chain.gap, { kind: 'too-long' });
    assert.strictEqual(chain.certificates.length, MAX_CHAIN_LENGTH);
  });

  it('a trusted root of the shipped facts that is not held: judged by subject DN and key identifier', async () => {
    const leaf = await issue({ subject: 'CN=partner.example, O=Partner, C=US', issuerName: ISRG_X1, authorityKeyId: ISRG_X1_KEY_ID, signWith: await keys() });
    const chain = builder([]).chainOf(leaf.info);
    assert.strictEqual(chain.status, 'trusted');
    assert.strictEqual(chain.root?.name, 'ISRG Root X1');
    assert.strictEqual(chain.root?.publicTls, true);
    assert.strictEqual(chainPath(chain), 'partner.example → ISRG Root X1');
    // The same name with another key id is not that root.
    const other = await issue({ subject: 'CN=partner2.example', issuerName: ISRG_X1, authorityKeyId: '00'.repeat(20), signWith: await keys() });
    assert.strictEqual(builder([]).chainOf(other.info).status, 'incomplete');
  });

  it('a self-signed certificate with a trusted root\'s name and key id but another key is not that root', async () => {
    const impostor = await issue({ subject: ISRG_X1, ca: true, subjectKeyId: ISRG_X1_KEY_ID, authorityKeyId: ISRG_X1_KEY_ID });
    const leaf = await issue({ subject: 'CN=victim.example', issuer: impostor });
    const chain = builder([leaf.info, impostor.info]).chainOf(leaf.info);
    assert.strictEqual(chain.status, 'untrusted');
    assert.strictEqual(chain.untrusted?.reason, 'other-key');
    assert.match(chainVerdict(chain, defaultTrustStore()), /has the name of the trusted root "ISRG Root X1" but neither its fingerprint nor its key/);
  });

  it('a re-issued root with the same key is the trusted root', async () => {
    const rootKeys = await keys('p384');
    const root = await issue({ subject: 'CN=Reissue Root, C=DE', keys: rootKeys, ca: true, notAfter: '2035-01-01T00:00:00Z' });
    const reissued = await issue({ subject: 'CN=Reissue Root, C=DE', keys: rootKeys, ca: true, notAfter: '2045-01-01T00:00:00Z' });
    const leaf = await issue({ subject: 'CN=reissue-client', issuer: reissued });
    const chain = await verified(builder([leaf.info, reissued.info], ownRoots(root)), leaf.info);
    assert.strictEqual(chain.status, 'trusted');
    assert.deepStrictEqual(chain.signatures, ['valid']);
  });

  it('a trusted root that has expired: untrusted, saying when it expired', async () => {
    const root = await issue({ subject: 'CN=Old Root', ca: true, notBefore: '2000-01-01T00:00:00Z', notAfter: '2026-01-01T00:00:00Z' });
    const leaf = await issue({ subject: 'CN=old-client', issuer: root, notAfter: '2027-01-01T00:00:00Z' });
    const chain = builder([leaf.info, root.info], ownRoots(root)).chainOf(leaf.info);
    assert.strictEqual(chain.status, 'untrusted');
    assert.strictEqual(chain.untrusted?.reason, 'expired');
    assert.match(chainVerdict(chain, defaultTrustStore()), /which roots\.pem names but which expired on 2026-01-01/);
  });

  it('prefers the issuer whose signature verifies, then the one valid now, among certificates with the same name', async () => {
    const root = await issue({ subject: 'CN=Two Root', ca: true });
    const oldIssuing = await issue({ subject: 'CN=Two Issuing', issuer: root, ca: true, subjectKeyId: null, notAfter: '2026-06-01T00:00:00Z' });
    const newIssuing = await issue({ subject: 'CN=Two Issuing', issuer: root, ca: true, subjectKeyId: null, notAfter: '2035-01-01T00:00:00Z' });
    const leaf = await issue({ subject: 'CN=two-client', issuer: oldIssuing, authorityKeyId: null });
    const b = builder([leaf.info, newIssuing.info, oldIssuing.info, root.info], ownRoots(root));
    assert.strictEqual(b.chainOf(leaf.info).certificates[1], newIssuing.info, 'unchecked: the one valid now');
    const chain = await verified(b, leaf.info);
    assert.strictEqual(chain.certificates[1], oldIssuing.info, 'checked: the one whose key signed it');
    assert.strictEqual(chain.status, 'trusted');
  });

  describe('signatures through Web Crypto', () => {
    for (const kind of ['rsa', 'rsa-pss', 'p256', 'p384'] as const) {
      it(`${kind}: valid, and invalid once a byte of the signed part changes`, async () => {
        const root = await issue({ subject: `CN=${kind} Root`, keys: await keys(kind), ca: true });
        const leaf = await issue({ subject: `CN=${kind} leaf`, issuer: root });
        assert.strictEqual(await verifySignature(leaf.info, root.info), 'valid');
        // The subject's CN "… leaf" becomes "… leag": the bytes the issuer signed changed.
        const tampered = new Uint8Array(leaf.der);
        const name = new TextEncoder().encode(`${kind} leaf`);
        const at = tampered.findIndex((_, i) => name.every((b, k) => tampered[i + k] === b));
        tampered[at + name.length - 1] += 1;
        const info = decodeCertificates(tampered, { file: 't', kind: 'file' }).certificates[0];
        assert.strictEqual(info.commonName, `${kind} leag`);
        assert.strictEqual(await verifySignature(info, root.info), 'invalid');
        const stranger = await issue({ subject: 'CN=stranger', keys: await keys(kind), ca: true });
        assert.strictEqual(await verifySignature(leaf.info, stranger.info), 'invalid');
      });
    }
    it('a key of another kind than the signature: invalid; a signature Web Crypto cannot check: unsupported', async () => {
      const rsaRoot = await issue({ subject: 'CN=R', keys: await keys('rsa'), ca: true });
      const ecRoot = await issue({ subject: 'CN=E', keys: await keys('p256'), ca: true });
      const leaf = await issue({ subject: 'CN=l', issuer: rsaRoot });
      assert.strictEqual(await verifySignature(leaf.info, ecRoot.info), 'invalid');
      // An unknown signature algorithm OID (patched into the outer signatureAlgorithm).
      const der = new Uint8Array(leaf.der);
      const oid = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]; // sha256WithRSAEncryption
      let last = -1;
      for (let i = 0; i + oid.length <= der.length; i++) if (oid.every((b, k) => der[i + k] === b)) last = i;
      der[last + 8] = 0x7f;
      const patched = decodeCertificates(der, { file: 'p', kind: 'file' }).certificates[0];
      assert.strictEqual(await verifySignature(patched, rsaRoot.info), 'unsupported');
    });
    it('checks are cached, and a link is queued once', async () => {
      const { root, intermediate, leaf } = await threeLevels('Cache');
      const checks = new SignatureChecks();
      const b = builder([leaf.info, intermediate.info, root.info], ownRoots(root), checks);
      b.chainOf(leaf.info);
      b.chainOf(leaf.info);
      assert.strictEqual(checks.pendingCount, 2);
      assert.strictEqual(await checks.verifyPending(), 0);
      assert.strictEqual(checks.pendingCount, 0);
      assert.strictEqual(checks.verdict(leaf.info, intermediate.info), 'valid');
      assert.strictEqual(checks.pendingCount, 0);
    });
  });
});
