import * as assert from 'assert';
import * as tls from 'tls';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { normalizeDN } from '../../../src/core/certs/dn';
import { parseTrustedRootsSetting, rootsOfSet, trustedRootData, TrustStore } from '../../../src/core/certs/trustedRoots';
import type { CertificateInfo } from '../../../src/core/certs/types';
import { DEFAULT_TRUSTED_ROOTS } from '../../../src/core/defaults';
import { issue } from '../support/pki';

/** The root certificates Node ships (Mozilla's store), read by our own decoder. */
function nodeRoots(): CertificateInfo[] {
  return tls.rootCertificates.flatMap((pem, i) => decodeCertificates(pem, { file: `node-root-${i}`, kind: 'file' }).certificates);
}

const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

describe('certs/trustedRoots', () => {
  describe('the shipped data file', () => {
    it('says what it is, where its facts come from and when', () => {
      assert.match(trustedRootData().about, /not a copy|no certificate or key is copied/i);
      assert.strictEqual(trustedRootData().sources.length, 2);
      for (const s of trustedRootData().sources) {
        assert.match(s.url, /^https:\/\//);
        assert.match(s.released ?? s.changed ?? '', /^\d{4}-\d{2}-\d{2}$/, s.name);
      }
    });

    it('every root is well-formed: lists, fingerprints, key ids, validity', () => {
      assert.ok(trustedRootData().roots.length > 50);
      for (const r of trustedRootData().roots) {
        assert.ok(r.lists.length > 0 && r.lists.every((l) => ['btp-required', 'btp-optional', 'neo'].includes(l)), r.name);
        if (r.lists.includes('btp-required')) assert.ok(r.lists.includes('btp-optional'), `${r.name}: the required roots are part of the store`);
        if (r.sha256) assert.match(r.sha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, r.name);
        if (r.sha1) assert.match(r.sha1, /^([0-9A-F]{2}:){19}[0-9A-F]{2}$/, r.name);
        if (r.subjectKeyIdentifier) assert.match(r.subjectKeyIdentifier, /^[0-9a-f]+$/, r.name);
        assert.ok(r.sha256 || r.sha1, `${r.name}: a fingerprint identifies it`);
        if (r.notBefore && r.notAfter) assert.ok(new Date(r.notBefore) < new Date(r.notAfter), r.name);
        assert.ok(normalizeDN(r.subject).length > 0, r.name);
      }
    });

    it('its public TLS roots are the certificates Node ships: same fingerprints, names, key ids and validity', () => {
      const shipped = nodeRoots();
      assert.ok(shipped.length > 100, `Node ships ${shipped.length} roots`);
      const bySha = new Map(shipped.map((c) => [c.sha256, c]));
      let exact = 0;
      for (const r of trustedRootData().roots.filter((x) => x.publicTls)) {
        const same = r.sha256 ? bySha.get(r.sha256) : undefined;
        if (same) {
          exact++;
          assert.strictEqual(normalizeDN(same.subject), normalizeDN(r.subject), `${r.name}: subject`);
          assert.strictEqual(same.subjectKeyId, r.subjectKeyIdentifier ?? undefined, `${r.name}: key id`);
          assert.strictEqual(iso(same.notBefore), r.notBefore, `${r.name}: notBefore`);
          assert.strictEqual(iso(same.notAfter), r.notAfter, `${r.name}: notAfter`);
          continue;
        }
        // SAP lists another issue of a root Node ships: the same name and the same key.
        const reissue = shipped.find((c) => normalizeDN(c.subject) === normalizeDN(r.subject) && c.subjectKeyId === r.subjectKeyIdentifier);
        assert.ok(reissue, `${r.name} (publicTls) is not among Node's roots, not even as the same key under the same name`);
      }
      assert.ok(exact >= 45, `${exact} public roots matched by fingerprint`);
    });

    it('no root it marks as not public is among Node\'s roots', () => {
      const shipped = new Set(nodeRoots().map((c) => c.sha256));
      for (const r of trustedRootData().roots.filter((x) => !x.publicTls)) {
        assert.ok(!r.sha256 || !shipped.has(r.sha256), `${r.name} is marked not public but Node ships it`);
      }
    });

    it('the trust store matches every Node root it lists by fingerprint, and the re-issue by its key', () => {
      const store = TrustStore.fromSetting(['btp', 'neo']);
      const shipped = nodeRoots();
      const comodo = shipped.find((c) => c.commonName === 'COMODO Certification Authority')!;
      assert.ok(comodo, 'Node ships COMODO Certification Authority');
      const match = store.matchCertificate(comodo);
      assert.strictEqual(match?.kind, 'root');
      assert.notStrictEqual(match?.root.sha256, comodo.sha256, 'SAP lists the other issue of the same key');
      for (const r of trustedRootData().roots.filter((x) => x.publicTls && x.sha256)) {
        const cert = shipped.find((c) => c.sha256 === r.sha256);
        if (cert) assert.strictEqual(store.matchCertificate(cert)?.kind, 'root', r.name);
      }
    });
  });

  describe('the trustedRoots setting', () => {
    it('btp is the default: every root of SAP\'s BTP trust store, required and optional', () => {
      assert.deepStrictEqual(DEFAULT_TRUSTED_ROOTS, ['btp']);
      const btp = rootsOfSet('btp');
      assert.strictEqual(btp.length, trustedRootData().roots.filter((r) => r.lists.includes('btp-optional')).length);
      assert.ok(btp.some((r) => r.name === 'ISRG Root X1'));
      assert.ok(!btp.some((r) => r.name === 'Baltimore CyberTrust Root'), 'only on Neo\'s list');
      const required = rootsOfSet('btp-required');
      assert.ok(required.length > 0 && required.length < btp.length);
      assert.ok(required.every((r) => r.lists.includes('btp-required')));
      assert.ok(rootsOfSet('neo').some((r) => r.name === 'Baltimore CyberTrust Root'));
    });

    it('names and paths are told apart; a list replaces the default, naming btp in it extends', async () => {
      assert.deepStrictEqual(parseTrustedRootsSetting(['BTP', ' neo ', 'certs/roots.pem', 'btp', '']), { sets: ['btp', 'neo'], paths: ['certs/roots.pem'] });
      const own = await issue({ subject: 'CN=Own Root', ca: true });
      const onlyOwn = TrustStore.fromSetting(['certs/own.pem'], [{ path: 'certs/own.pem', certificates: [own.info] }]);
      assert.strictEqual(onlyOwn.roots.length, 1);
      assert.strictEqual(onlyOwn.description, 'your roots in certs/own.pem');
      assert.strictEqual(onlyOwn.matchCertificate(own.info)?.kind, 'root');
      const extended = TrustStore.fromSetting(['btp', 'certs/own.pem'], [{ path: 'certs/own.pem', certificates: [own.info] }]);
      assert.strictEqual(extended.roots.length, rootsOfSet('btp').length + 1);
      assert.strictEqual(extended.description, "SAP's BTP trust store and your roots in certs/own.pem");
      assert.deepStrictEqual(extended.userCertificates(), [own.info]);
    });
  });
});
