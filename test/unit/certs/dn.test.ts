import * as assert from 'assert';
import { commonNameOf, dnEquals, normalizeDN } from '../../../src/core/certs/dn';

describe('certs/dn: normalizeDN / dnEquals', () => {
  const base = 'CN=acme-client, O=ACME, C=DE';
  const equal: [string, string][] = [
    [base, 'CN=acme-client,O=ACME,C=DE'],
    [base, '  CN = acme-client ,  O = ACME ;C=DE  '],
    [base, 'cn=acme-client, o=acme, c=de'],
    [base, 'CN=ACME-CLIENT, O=Acme, C=de'],
    [base, 'C=DE, O=ACME, CN=acme-client'],
    [base, 'C=DE,O=ACME,CN=acme-client'],
    [base, '2.5.4.3=acme-client, 2.5.4.10=ACME, 2.5.4.6=DE'],
    [base, 'OID.2.5.4.3=acme-client, O=ACME, C=DE'],
    [base, 'commonName=acme-client, organizationName=ACME, countryName=DE'],
    [base, 'CN="acme-client", O="ACME", C=DE'],
    [base, 'CN=acme\\2Dclient, O=ACME, C=DE'],
    [base, 'CN=#0c0b61636d652d636c69656e74, O=ACME, C=DE'], // UTF8String 'acme-client' as #hex
    ['CN=ACME Issuing CA, O=ACME, C=DE', 'CN=ACME   Issuing  CA, O=ACME, C=DE'],
    ['E=ops@acme.example, CN=x', 'EMAILADDRESS=OPS@acme.example, CN=x'],
    ['E=ops@acme.example, CN=x', '1.2.840.113549.1.9.1=ops@acme.example, CN=x'],
    ['E=ops@acme.example, CN=x', 'emailAddress=ops@acme.example,CN=x'],
    ['E=ops@acme.example, CN=x', '1.2.840.113549.1.9.1=#16106f70734061636d652e6578616d706c65, CN=x'], // Java-style IA5String hex
    ['ST=Bavaria, C=DE', 'S=Bavaria, C=DE'],
    ['ST=Bavaria, C=DE', 'stateOrProvinceName=bavaria, C=DE'],
    ['STREET=Main St 1, L=Berlin', 'street=main st 1, l=berlin'],
    ['SERIALNUMBER=1234, CN=x', '2.5.4.5=1234, CN=x'],
    ['DC=example, DC=com, CN=x', 'dc=EXAMPLE, 0.9.2342.19200300.100.1.25=com, cn=x'],
    ['UID=jdoe, CN=x', 'userid=jdoe, 0.9.2342.19200300.100.1.1=jdoe'.replace(', 0.9.2342.19200300.100.1.1=jdoe', ', CN=x')],
    ['GIVENNAME=Jane, SN=Doe, CN=x', 'G=Jane, SURNAME=Doe, CN=x'],
    ['GIVENNAME=Jane, SN=Doe, CN=x', 'GN=Jane, 2.5.4.4=Doe, CN=x'],
    ['T=Boss, CN=x', 'TITLE=boss, CN=x'],
    ['OU=Sales, L=Berlin, CN=x', 'ou=SALES, l=BERLIN, cn=X'],
    ['O=ACME\\, Inc., C=DE', 'O="ACME, Inc.", C=DE'],
    ['O=ACME\\, Inc., C=DE', 'O=ACME\\2C Inc., C=DE'],
    ['O=ACME\\, Inc., C=DE', 'C=DE, O=ACME\\, Inc.'],
    ['CN=a\\+b, C=DE', 'CN="a+b", C=DE'],
    ['CN=a\\;b', 'CN="a;b"'],
    ['CN=a\\=b', 'CN=a=b'],
    ['CN=\\"q\\"', 'CN="\\"q\\""'],
    ['CN=back\\\\slash', 'CN="back\\\\slash"'],
    ['CN=\\<tag\\>', 'CN="<tag>"'],
    ['CN=\\#hash', 'CN="#hash"'],
    ['CN=M\\C3\\BCller', 'CN=Müller'],
    ['CN=Müller', 'CN=MÜLLER'],
    ['CN=x+OU=y, O=z', 'OU=y + CN=x, O=z'],
    ['CN=x+OU=y, O=z', 'O=z, OU=y+CN=x'],
    ['C=DE, ST=Bavaria, O=ACME\\, Inc., CN=acme-dn-test, E=ops@acme.example',
      'EMAILADDRESS=ops@acme.example, CN=acme-dn-test, O="ACME, Inc.", S=Bavaria, C=DE'],
  ];
  const different: [string, string][] = [
    [base, 'CN=other-client, O=ACME, C=DE'],
    [base, 'CN=acme-client, O=ACME, C=FR'],
    [base, 'CN=acme-client, O=ACME'],
    [base, 'CN=acme-client, OU=ACME, C=DE'],
    [base, 'CN=acme-client+O=ACME, C=DE'],
    [base, 'O=ACME, CN=acme-client, C=DE'], // neither the same order nor the reverse
    [base, 'CN=acme-client, O=ACME, C=DE, DC=x'],
    [base, 'CN=acmeclient, O=ACME, C=DE'],
    [base, ''],
    ['CN=ACME Issuing CA, O=ACME, C=DE', 'CN=ACME Root CA, O=ACME, C=DE'],
    ['O=ACME\\, Inc., C=DE', 'O=ACME, C=DE'],
    ['O=ACME\\, Inc., C=DE', 'O=ACME, O=Inc., C=DE'],
    ['OU=a, OU=b, CN=x', 'OU=b, OU=a, CN=x'],
    ['SN=Doe, CN=x', 'SERIALNUMBER=Doe, CN=x'],
    ['E=a@b.c, CN=x', 'CN=a@b.c, CN=x'],
    ['CN=a\\+b', 'CN=a+b'],
  ];
  for (const [a, b] of equal) {
    it(`equal: ${a}  ≡  ${b}`, () => {
      assert.strictEqual(normalizeDN(a), normalizeDN(b));
      assert.strictEqual(dnEquals(a, b), true);
      assert.strictEqual(dnEquals(b, a), true);
    });
  }
  for (const [a, b] of different) {
    it(`different: ${a}  ≠  ${b}`, () => {
      assert.notStrictEqual(normalizeDN(a), normalizeDN(b));
      assert.strictEqual(dnEquals(a, b), false);
    });
  }
  it('canonical key format', () => {
    assert.strictEqual(normalizeDN('CN=acme-client, O=ACME, C=DE'), 'C=de,O=acme,CN=acme-client');
    assert.strictEqual(normalizeDN('O="ACME, Inc.", S=Bavaria'), 'O=acme\\, inc.,ST=bavaria');
  });
  it('empty and blank DNs normalize to the empty string', () => {
    assert.strictEqual(normalizeDN(''), '');
    assert.strictEqual(normalizeDN('   \t\n'), '');
    assert.strictEqual(dnEquals('', ' '), true);
  });
  it('never throws on malformed input', () => {
    const bad = ['CN="unbalanced', 'CN=\\', '=', ',,,', '+', 'CN', 'CN=a,,O=b', '"', '\\2', 'CN=#zz', 'CN=#', '=x',
      'CN=a\\', 'CN="a"junk, O=b', 'CN=\\ZZ', '\u0000', 'a'.repeat(100000), '+=+=,=;', 'CN=\\E2\\82'];
    for (const s of bad) {
      assert.doesNotThrow(() => normalizeDN(s), s);
      assert.strictEqual(typeof normalizeDN(s), 'string');
    }
    assert.strictEqual(normalizeDN('CN="unbalanced'), normalizeDN('CN=unbalanced'));
    assert.strictEqual(normalizeDN(undefined as unknown as string), '');
  });
});

describe('commonNameOf', () => {
  it('reads the CN in either order, quoted or escaped, and nothing else', () => {
    assert.strictEqual(commonNameOf('CN=acme-client, O=ACME, C=DE'), 'acme-client');
    assert.strictEqual(commonNameOf('C=DE, O=ACME, CN=acme-client'), 'acme-client');
    assert.strictEqual(commonNameOf('cn = "ACME, Inc." ,O=x'), 'ACME, Inc.');
    assert.strictEqual(commonNameOf('CN=a\\,b+OU=x'), 'a,b');
    assert.strictEqual(commonNameOf('2.5.4.3=oid-named'), 'oid-named');
    assert.strictEqual(commonNameOf('CN=, CN=second'), 'second');
    assert.strictEqual(commonNameOf('O=ACME, C=DE'), undefined);
    assert.strictEqual(commonNameOf('acme-client'), undefined);
    assert.strictEqual(commonNameOf(''), undefined);
  });
});

describe('normalizeDN on hex values', () => {
  it('decodes BER strings and never throws on a character beyond Unicode', () => {
    assert.strictEqual(normalizeDN('E=#16106f70734061636d652e6578616d706c65'), 'E=ops@acme.example');
    assert.strictEqual(normalizeDN('CN=#1e0400410042'), 'CN=ab');
    assert.strictEqual(normalizeDN('CN=#1c0400110000'), 'CN=\ufffd');
    assert.strictEqual(normalizeDN('CN=#1e03004100'), 'CN=#1e03004100', 'an odd-length BMPString stays literal');
  });
});
