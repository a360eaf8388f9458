import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyFileEdit } from '../../../src/core/edits/types';
import { cfExport, EXPORT_INDEX, neoExport, planExportWrite, type FolderEntry } from '../../../src/core/mapping/export';
import { decodeCertificates } from '../../../src/core/certs/decode';
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
  // The examples map one certificate twice (SHIPPING_PARTNER and its _BACKUP): without the backup it exports.
  const withoutBackup = (() => {
    const m = JSON.parse(fs.readFileSync(examples, 'utf8'));
    m.mappings = m.mappings.filter((e: { user: string }) => e.user !== 'SHIPPING_PARTNER_BACKUP');
    return readMappingFile(JSON.stringify(m, null, 2), 'm.json');
  })();

  it('Neo: one payload per complete entry, index with Id and ValidUntil, blocking for the rest', () => {
    const r = neoExport(withoutBackup);
    const names = r.files.map((f) => f.name);
    assert.deepStrictEqual(names, ['SHIPPING_PARTNER.json', 'index.json', 'README.md']);
    const payload = JSON.parse(r.files[0].content);
    assert.deepStrictEqual(Object.keys(payload), ['User', 'Certificate']);
    assert.strictEqual(Buffer.from(payload.Certificate, 'base64').toString('utf8'), withoutBackup.entries[0].decoded!.pem);
    const index = JSON.parse(r.files[1].content);
    assert.strictEqual(index.mappings[0].Id, withoutBackup.entries[0].decoded!.md5);
    assert.strictEqual(index.mappings[0].ValidUntil, Date.parse('2027-03-01T00:00:00Z'));
    assert.strictEqual(r.blocking.length, 2);
    assert.match(r.blocking[0], /INITECH_PARTNER.*no certificate/);
    assert.match(r.blocking[1], /LEGACY_SENDER.*does not decode/);
    assert.strictEqual(r.refused, undefined);
  });

  it('one certificate under two users: both exports are refused, naming them', () => {
    const neo = neoExport(mapping);
    assert.deepStrictEqual(neo.files, []);
    assert.match(neo.refused!, /^one certificate would be mapped to two users, and the second POST would replace the first mapping \(same Id\): "SHIPPING_PARTNER" and "SHIPPING_PARTNER_BACKUP" \(certificate Id [0-9a-f]{32}\)/);
    const cf = cfExport(mapping);
    assert.deepStrictEqual(cf.files, []);
    assert.match(cf.refused!, /go into two service keys, and SAP allows a certificate once across all service instances: "SHIPPING_PARTNER" and "SHIPPING_PARTNER_BACKUP"/);
  });

  it('Cloud Foundry: instance per role set, key per certificate, README', () => {
    const r = cfExport(withoutBackup);
    const byName = new Map(r.files.map((f) => [f.name, f.content]));
    assert.deepStrictEqual(JSON.parse(byName.get('instance-1.json')!), { roles: ['ShipmentNotification.send'] });
    const key = JSON.parse(byName.get('key-SHIPPING_PARTNER.json')!);
    assert.deepStrictEqual(Object.keys(key), ['key-type', 'X.509']);
    assert.strictEqual(key['key-type'], 'certificate_external');
    assert.ok(key['X.509'].startsWith('-----BEGIN CERTIFICATE-----'));
    assert.match(byName.get('README.md')!, /integration-flow/);
    assert.strictEqual(r.blocking.length, 2);
  });

  it('a certificate value holding its chain: the service key and the Neo payload get the leaf only, in either order', () => {
    const chain = fs.readFileSync(path.join(FIXTURES, 'certs', 'chain.pem'), 'utf8');
    const blocks = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g)!;
    for (const value of [chain, [...blocks].reverse().join('')]) {
      const m = readMappingFile(JSON.stringify({ mappings: [{ user: 'ACME', roles: ['A.send'], certificate: value }] }), 'm.json');
      const key = JSON.parse(cfExport(m).files.find((f) => f.name.startsWith('key-'))!.content);
      const pems = key['X.509'].match(/BEGIN CERTIFICATE/g);
      assert.strictEqual(pems.length, 1, 'one certificate');
      const leaf = decodeCertificates(key['X.509'], { file: 'k', kind: 'file' }).certificates[0];
      assert.strictEqual(leaf.commonName, 'acme-client');
      const payload = JSON.parse(neoExport(m).files[0].content);
      assert.strictEqual(decodeCertificates(Buffer.from(payload.Certificate, 'base64').toString('utf8'), { file: 'p', kind: 'file' }).certificates[0].commonName, 'acme-client');
    }
  });
});

describe('mapping: an export folder of its own (planExportWrite)', () => {
  const examples = path.join(FIXTURES, '../../examples/certificate-user-mappings.json');
  const m = JSON.parse(fs.readFileSync(examples, 'utf8'));
  m.mappings = m.mappings.filter((e: { user: string }) => e.user !== 'SHIPPING_PARTNER_BACKUP');
  const result = neoExport(readMappingFile(JSON.stringify(m), 'm.json'));
  const bytes = (s: string) => new TextEncoder().encode(s);
  /** The folder after a plan was carried out. */
  const carryOut = (folder: FolderEntry[], plan: ReturnType<typeof planExportWrite>): FolderEntry[] => {
    const out = new Map(folder.map((f) => [f.name, f]));
    for (const f of plan.write) out.set(f.name, { name: f.name, bytes: bytes(f.content) });
    for (const r of plan.remove) out.delete(r);
    return [...out.values()];
  };

  it('an empty or missing folder: every file, then the index', () => {
    const plan = planExportWrite('neo', result, []);
    assert.strictEqual(plan.refused, undefined);
    assert.deepStrictEqual(plan.write.map((f) => f.name), ['SHIPPING_PARTNER.json', 'index.json', 'README.md', EXPORT_INDEX]);
    const index = JSON.parse(plan.write[3].content);
    assert.strictEqual(index.writtenBy, 'iflow-auth');
    assert.deepStrictEqual(index.files.map((f: { name: string }) => f.name), ['SHIPPING_PARTNER.json', 'index.json', 'README.md']);
  });

  it('a folder holding a file iflow-auth did not write is refused, naming it; force overwrites only what the export writes', () => {
    const folder: FolderEntry[] = [{ name: 'README.md', bytes: bytes('# Our team\n') }, { name: 'notes.txt', bytes: bytes('x') }, { name: 'sub', folder: true }, { name: 'index.json', link: true }];
    const plan = planExportWrite('neo', result, folder);
    assert.deepStrictEqual(plan.write, []);
    assert.deepStrictEqual(plan.remove, []);
    assert.strictEqual(plan.refused, 'the folder holds files iflow-auth did not write (or that changed since it wrote them): README.md, index.json (a symbolic link), notes.txt and 1 more; the export would overwrite README.md, index.json (a symbolic link)');
    assert.deepStrictEqual(plan.foreign, ['README.md', 'index.json (a symbolic link)', 'notes.txt', 'sub/']);
    const forced = planExportWrite('neo', result, folder, { force: true });
    assert.strictEqual(forced.refused, undefined);
    assert.deepStrictEqual(forced.overwrite, ['README.md', 'index.json (a symbolic link)'], 'only the names the export writes');
    assert.ok(forced.write.some((f) => f.name === 'README.md'));
    assert.deepStrictEqual(forced.remove, [], 'files it did not write are never deleted');
  });

  it('a symbolic link is never its own, even where its index lists the name with the bytes it points to', () => {
    const first = carryOut([], planExportWrite('neo', result, []));
    const linked = first.map((f) => (f.name === 'README.md' ? { name: f.name, link: true } : f));
    assert.match(planExportWrite('neo', result, linked).refused!, /: README\.md \(a symbolic link\), which the export would overwrite$/);
  });

  it('its own earlier export is overwritten; a file it no longer writes is removed; one changed since is refused', () => {
    const first = carryOut([], planExportWrite('neo', result, []));
    const again = planExportWrite('neo', result, first);
    assert.strictEqual(again.refused, undefined);
    const stale = [...first, { name: 'OLD_USER.json', bytes: bytes('{}') }];
    // OLD_USER.json is listed in the index as written by iflow-auth with that content.
    const index = JSON.parse(new TextDecoder().decode(first.find((f) => f.name === EXPORT_INDEX)!.bytes));
    index.files.push({ name: 'OLD_USER.json', sha256: ['44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'] });
    const withOld = stale.map((f) => (f.name === EXPORT_INDEX ? { name: f.name, bytes: bytes(JSON.stringify(index)) } : f));
    assert.deepStrictEqual(planExportWrite('neo', result, withOld).remove, ['OLD_USER.json']);
    const edited = first.map((f) => (f.name === 'README.md' ? { name: f.name, bytes: bytes('# edited by hand\n') } : f));
    assert.match(planExportWrite('neo', result, edited).refused!, /: README\.md, which the export would overwrite$/);
  });

  it('an index it did not write is a file like any other; a run cut off half-way is still recognized', () => {
    const foreignIndex = planExportWrite('neo', result, [{ name: EXPORT_INDEX, bytes: bytes('{"files": []}') }]);
    assert.match(foreignIndex.refused!, /iflow-auth-export\.json/);
    // Cut off after the first index and one file: old and new contents both count as its own.
    const first = carryOut([], planExportWrite('neo', result, []));
    const changed = neoExport(readMappingFile(JSON.stringify({ mappings: m.mappings.map((e: { user: string }) => ({ ...e, roles: ['Changed.send'] })) }), 'm.json'));
    const plan = planExportWrite('neo', changed, first);
    const half = first.map((f) => (f.name === EXPORT_INDEX ? { name: f.name, bytes: bytes(plan.indexFirst.content) } : f.name === 'index.json' ? { name: f.name, bytes: bytes(changed.files.find((x) => x.name === 'index.json')!.content) } : f));
    assert.strictEqual(planExportWrite('neo', changed, half).refused, undefined);
  });
});
