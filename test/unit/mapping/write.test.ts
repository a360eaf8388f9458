import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyFileEdit } from '../../../src/core/edits/types';
import { cfExport, neoExport } from '../../../src/core/mapping/export';
import { draftFromEntry, mergeIntoMapping, type MappingDraft } from '../../../src/core/mapping/merge';
import { readMappingFile } from '../../../src/core/mapping/read';
import { deriveUserName } from '../../../src/core/mapping/userName';
import { renameRoleInMapping } from '../../../src/core/mapping/write';
import { certIndex, FIXTURES, read } from '../fixes/helpers';

const pem = (name: string): string => certIndex(name).all()[0].pem;
const usage = { iflow: 'A/src/main/resources/scenarioflows/integrationflow/A.iflw', channel: 'HTTPS' };
const draft = (over: Partial<MappingDraft>): MappingDraft => ({
  user: 'ACME_CLIENT', roles: ['R.send'], certificate: null, subjectDN: 'CN=acme-client, O=ACME, C=DE', issuerDN: 'CN=ACME Issuing CA, O=ACME, C=DE', usedBy: [usage], ...over,
});

describe('mapping: deriveUserName', () => {
  it('upper-cases the CN, maps other characters to _, collapses and trims them', () => {
    assert.strictEqual(deriveUserName('acme-client'), 'ACME_CLIENT');
    assert.strictEqual(deriveUserName('CN=globex & sons.io, O=Globex, C=US'), 'GLOBEX_SONS_IO');
    assert.strictEqual(deriveUserName('C=DE, O=X, CN=last one'), 'LAST_ONE');
    assert.strictEqual(deriveUserName('--__--'), 'CERTIFICATE_USER');
    assert.strictEqual(deriveUserName(''), 'CERTIFICATE_USER');
    assert.strictEqual(deriveUserName('a'.repeat(400)).length, 150);
  });
});

describe('mapping: mergeIntoMapping', () => {
  const existing = read('fixes', 'certificate-user-mappings.json');
  const mapping = readMappingFile(existing, 'm.json');

  it('creates a new file: 2-space JSON with a final newline', () => {
    const r = mergeIntoMapping(undefined, 'm.json', [draft({ certificate: pem('acme-client.pem') })]);
    assert.ok(r.ok);
    assert.strictEqual(r.edit.create, true);
    const text = applyFileEdit(r.edit);
    assert.ok(text.startsWith('{\n  "mappings": [\n    {\n      "user": "ACME_CLIENT"'));
    assert.ok(text.endsWith('}\n'));
    const m = readMappingFile(text, 'm.json');
    assert.strictEqual(m.entries[0].decoded?.commonName, 'acme-client');
    assert.deepStrictEqual(m.problems, []);
  });

  it('merges into the matching entry (DN match, null certificate filled), appends the others, keeps order and formatting', () => {
    const r = mergeIntoMapping(mapping, 'm.json', [
      draft({ certificate: pem('acme-client.pem'), notAfter: '2027-03-01T00:00:00.000Z' }),
      draft({ user: 'ACME_EXPIRING', certificate: pem('acme-expiring.pem'), subjectDN: 'CN=acme-expiring, O=ACME, C=DE' }),
      draft({ user: 'GLOBEX_SONS', subjectDN: 'CN=globex, O=Globex, C=US', issuerDN: 'CN=Globex CA, C=US' }),
    ]);
    assert.ok(r.ok);
    const text = applyFileEdit(r.edit);
    const m = readMappingFile(text, 'm.json');
    assert.deepStrictEqual(m.entries.map((e) => e.user), ['ACME_CLIENT', 'GLOBEX_SONS', 'ACME_EXPIRING', 'GLOBEX_SONS_2']);
    const first = m.entries[0];
    assert.deepStrictEqual(first.roles, ['Other.send', 'R.send']);
    assert.deepStrictEqual(first.usedBy, [usage]);
    assert.strictEqual(first.decoded?.commonName, 'acme-client');
    assert.strictEqual(first.subjectDN, 'CN=acme-client,O=ACME,C=DE', 'semantically equal DN text kept');
    assert.strictEqual(first.notAfter, '2027-03-01T00:00:00.000Z', 'notAfter added from the certificate');
    assert.ok(text.startsWith('{\n    "$schema": "./schemas/certificate-user-mappings.schema.json",\n    "mappings": [\n        {\n            "user": "ACME_CLIENT",'), '4-space indentation kept');
    assert.ok(text.includes('"roles": ["Globex.send"],'), 'untouched entry kept byte for byte');
    assert.ok(/"notAfter": "2027-03-01T00:00:00.000Z",\s*"usedBy"/.test(text), 'notAfter placed before usedBy');
    // The same drafts again: nothing changes (no duplicates).
    const again = mergeIntoMapping(m, 'm.json', [draft({ certificate: pem('acme-client.pem') })]);
    assert.ok(again.ok);
    assert.deepStrictEqual(again.edit.edits, []);
  });

  it('keeps CRLF and tabs', () => {
    const crlf = existing.replace(/ {4}/g, '\t').replace(/\n/g, '\r\n');
    const r = mergeIntoMapping(readMappingFile(crlf, 'm.json'), 'm.json', [draft({ user: 'NEW', subjectDN: 'CN=new', issuerDN: 'CN=CA' })]);
    assert.ok(r.ok);
    const text = applyFileEdit(r.edit);
    assert.ok(!/[^\r]\n/.test(text), 'CRLF only');
    assert.ok(text.includes('\r\n\t\t{\r\n\t\t\t"user": "NEW"'));
    assert.strictEqual(readMappingFile(text, 'm.json').entries.length, 3);
  });

  it('refuses an invalid file and leaves it alone', () => {
    const bad = readMappingFile(read('fixes', 'invalid-mapping.json'), 'bad.json');
    const r = mergeIntoMapping(bad, 'bad.json', [draft({})]);
    assert.strictEqual(r.ok, false);
    assert.match((r as { reason: string }).reason, /bad\.json.*not valid JSON.*never overwritten/);
    const shape = mergeIntoMapping(readMappingFile('{"mappings": {}}', 's.json'), 's.json', [draft({})]);
    assert.strictEqual(shape.ok, false);
  });

  it('draftFromEntry takes the resolved certificate, or the DNs with certificate null', () => {
    const cert = certIndex('acme-client.pem').all()[0];
    const resolved = { entry: {} as never, subjectDN: { value: 'CN=acme-client, O=ACME, C=DE', unresolved: [], resolved: [] }, issuerDN: { value: 'x', unresolved: [], resolved: [] }, matches: [cert], certificate: cert };
    const d = draftFromEntry(resolved, usage, 'R');
    assert.strictEqual(d.user, 'ACME_CLIENT');
    assert.strictEqual(d.certificate, cert.pem);
    assert.ok(!d.certificate!.includes('PRIVATE'));
    assert.strictEqual(d.notAfter, cert.notAfter.toISOString());
    const none = draftFromEntry({ ...resolved, matches: [], certificate: undefined }, usage, 'R');
    assert.strictEqual(none.certificate, null);
    assert.strictEqual(none.issuerDN, 'x');
  });
});

describe('mapping: renameRoleInMapping', () => {
  const text = JSON.stringify({ mappings: [
    { user: 'ONLY_HERE', roles: ['ESBMessaging.send', 'X'], certificate: null, usedBy: [usage] },
    { user: 'SHARED', roles: ['ESBMessaging.send'], certificate: null, usedBy: [usage, { iflow: 'B.iflw', channel: 'C' }] },
    { user: 'UNKNOWN', roles: ['ESBMessaging.send'], certificate: null },
  ] }, null, 2);
  it('replaces for entries used only by the channel, adds alongside for shared ones, leaves others', () => {
    const edit = renameRoleInMapping(readMappingFile(text, 'm.json'), 'ESBMessaging.send', 'A.send', { iflow: `ws/${usage.iflow}`.slice(3), channel: 'HTTPS' });
    const m = readMappingFile(applyFileEdit(edit!), 'm.json');
    assert.deepStrictEqual(m.entries.map((e) => e.roles), [['A.send', 'X'], ['ESBMessaging.send', 'A.send'], ['ESBMessaging.send']]);
  });
  it('without a usage renames everywhere; undefined when nothing changes', () => {
    const m = readMappingFile(applyFileEdit(renameRoleInMapping(readMappingFile(text, 'm.json'), 'ESBMessaging.send', 'B')!), 'm.json');
    assert.ok(m.entries.every((e) => e.roles.includes('B') && !e.roles.includes('ESBMessaging.send')));
    assert.strictEqual(renameRoleInMapping(readMappingFile(text, 'm.json'), 'nope', 'B'), undefined);
  });
});

describe('mapping: exports', () => {
  const examples = path.join(FIXTURES, '../../examples/certificate-user-mappings.json');
  const mapping = readMappingFile(fs.readFileSync(examples, 'utf8'), 'm.json');

  it('Neo: one payload per complete entry, index with Id and ValidUntil, blocking for the rest', () => {
    const r = neoExport(mapping);
    const names = r.files.map((f) => f.name);
    assert.deepStrictEqual(names, ['SHIPPING_PARTNER.json', 'SHIPPING_PARTNER_BACKUP.json', 'index.json', 'README.md']);
    const payload = JSON.parse(r.files[0].content);
    assert.deepStrictEqual(Object.keys(payload), ['User', 'Certificate']);
    assert.strictEqual(Buffer.from(payload.Certificate, 'base64').toString('utf8'), mapping.entries[0].decoded!.pem);
    const index = JSON.parse(r.files[2].content);
    assert.strictEqual(index.mappings[0].Id, mapping.entries[0].decoded!.md5);
    assert.strictEqual(index.mappings[0].ValidUntil, Date.parse('2027-03-01T00:00:00Z'));
    assert.strictEqual(r.blocking.length, 2);
    assert.match(r.blocking[0], /INITECH_PARTNER.*no certificate/);
    assert.match(r.blocking[1], /LEGACY_SENDER.*does not decode/);
    assert.match(r.files[3].content, /same certificate/);
  });

  it('Cloud Foundry: instance per role set, key per certificate, README', () => {
    const r = cfExport(mapping);
    const byName = new Map(r.files.map((f) => [f.name, f.content]));
    assert.deepStrictEqual(JSON.parse(byName.get('instance-1.json')!), { roles: ['ShipmentNotification.send'] });
    const key = JSON.parse(byName.get('key-SHIPPING_PARTNER.json')!);
    assert.deepStrictEqual(Object.keys(key), ['key-type', 'X.509']);
    assert.strictEqual(key['key-type'], 'certificate_external');
    assert.ok(key['X.509'].startsWith('-----BEGIN CERTIFICATE-----'));
    assert.match(byName.get('README.md')!, /integration-flow/);
    assert.strictEqual(r.blocking.length, 2);
  });
});
