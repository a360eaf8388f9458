import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readMappingFile } from '../../../src/core/mapping/read';

const REPO = path.join(__dirname, '../../../..');
const pem = (name: string): string => fs.readFileSync(path.join(REPO, 'test/fixtures/certs', `${name}.pem`), 'utf8');

function validator(): ((data: unknown) => boolean) & { errors?: unknown } {
  const Ajv = require('ajv');
  const ajv = new Ajv({ strict: false, allErrors: true });
  require('ajv-formats')(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, 'schemas/certificate-user-mappings.schema.json'), 'utf8')));
}

const entry = (over: Record<string, unknown> = {}) => ({ user: 'ACME', roles: ['Orders.send'], certificate: pem('acme-client'), ...over });

/** Mapping files the schema and the core must judge alike: [name, file, valid?]. */
const CASES: Array<[string, unknown, boolean]> = [
  ['a full entry', { mappings: [entry({ subjectDN: 'CN=acme-client, O=ACME, C=DE', issuerDN: 'CN=ACME Issuing CA, O=ACME, C=DE', notAfter: '2027-03-01T00:00:00.000Z', usedBy: [{ iflow: 'a.iflw', channel: 'HTTPS' }] })] }, true],
  ['certificate null with DNs', { mappings: [entry({ certificate: null, subjectDN: 'CN=a', issuerDN: 'CN=b' })] }, true],
  ['no mappings yet', { mappings: [] }, true],
  ['no "mappings"', {}, false],
  ['"mappings" not an array', { mappings: {} }, false],
  ['an entry that is not an object', { mappings: ['ACME'] }, false],
  ['no user', { mappings: [{ roles: [], certificate: null }] }, false],
  ['an empty user', { mappings: [entry({ user: '' })] }, false],
  ['a user over 150 characters', { mappings: [entry({ user: 'U'.repeat(151) })] }, false],
  ['roles not an array', { mappings: [entry({ roles: 'Orders.send' })] }, false],
  ['a role that is not a string', { mappings: [entry({ roles: [42] })] }, false],
  ['certificate a number', { mappings: [entry({ certificate: 42 })] }, false],
  ['usedBy without channel', { mappings: [entry({ usedBy: [{ iflow: 'a.iflw' }] })] }, false],
  ['usedBy not an array', { mappings: [entry({ usedBy: 'a.iflw' })] }, false],
  ['no roles', { mappings: [{ user: 'ACME', certificate: null, subjectDN: 'CN=a', issuerDN: 'CN=b' }] }, false],
  ['no certificate field', { mappings: [{ user: 'ACME', roles: [] }] }, false],
  ['an unknown field (a typo)', { mappings: [entry({ role: 'Orders.send' })] }, false],
  ['an unknown top-level field', { mappings: [], mapping: [] }, false],
  ['the previous certificates of a renewal', { mappings: [entry({ previousCertificates: [{ md5: '0123456789abcdef0123456789abcdef', notAfter: '2026-12-10T00:00:00.000Z' }, { md5: 'fedcba9876543210fedcba9876543210' }] })] }, true],
  ['a previous certificate whose md5 is not 32 lower-case hex digits', { mappings: [entry({ previousCertificates: [{ md5: 'ABC' }] })] }, false],
  ['a previous certificate with another field', { mappings: [entry({ previousCertificates: [{ md5: '0123456789abcdef0123456789abcdef', pem: 'x' }] })] }, false],
  ['a previous certificate whose notAfter is no date-time', { mappings: [entry({ previousCertificates: [{ md5: '0123456789abcdef0123456789abcdef', notAfter: 'next year' }] })] }, false],
  ['previousCertificates not an array', { mappings: [entry({ previousCertificates: '0123456789abcdef0123456789abcdef' })] }, false],
];

describe('mapping: JSON schema and the core agree', () => {
  const validate = validator();

  it('the bundled examples mapping file and the fix fixtures are valid', () => {
    for (const file of ['examples/certificate-user-mappings.json', ...fs.readdirSync(path.join(REPO, 'test/fixtures/fixes')).filter((f) => f.endsWith('.json') && !/invalid/.test(f)).map((f) => `test/fixtures/fixes/${f}`)]) {
      const text = fs.readFileSync(path.join(REPO, file), 'utf8');
      assert.ok(validate(JSON.parse(text)), `${file}: ${JSON.stringify(validate.errors)}`);
      const read = readMappingFile(text, file);
      assert.strictEqual(read.error, undefined, file);
      assert.deepStrictEqual(read.problems, [], file);
    }
  });

  for (const [name, data, valid] of CASES) {
    it(`${valid ? 'accept' : 'reject'}: ${name}`, () => {
      assert.strictEqual(validate(data), valid, `schema: ${JSON.stringify(validate.errors)}`);
      const read = readMappingFile(JSON.stringify(data, null, 2), 'm.json');
      const coreValid = read.error === undefined && read.problems.length === 0;
      assert.strictEqual(coreValid, valid, `core: ${read.error?.message ?? read.problems.map((p) => p.message).join('; ')}`);
    });
  }
});
