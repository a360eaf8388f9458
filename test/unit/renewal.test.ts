import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CertificateIndex } from '../../src/core/certs/certificateIndex';
import { ChainBuilder } from '../../src/core/certs/chain';
import { reviewRenewal, type ReviewOptions } from '../../src/core/certs/review';
import { SignatureChecks } from '../../src/core/certs/signatures';
import { TrustStore } from '../../src/core/certs/trustedRoots';
import { applyFileEdit } from '../../src/core/edits/types';
import { parseParameters } from '../../src/core/iflow/parameters';
import { parseIFlow } from '../../src/core/iflow/parse';
import { neoExport } from '../../src/core/mapping/export';
import { readMappingFile } from '../../src/core/mapping/read';
import { planRenewal } from '../../src/core/renewal';
import { buildIFlow, certificateTable, mappingJson } from './support/iflowBuilder';
import { issue, keys, threeLevels, type Keys, type Made } from './support/pki';

const NOW = new Date('2026-11-27T00:00:00Z');

interface World {
  root: Made;
  intermediate: Made;
  old: Made;
  options: ReviewOptions;
  /** The same subject, issued later with `over`. */
  renew(over?: Partial<Parameters<typeof issue>[0]>): Promise<Made>;
}

async function world(): Promise<World> {
  const oldKeys: Keys = await keys();
  const { root, intermediate, leaf: old } = await threeLevels('Partner', 'p256', { keys: oldKeys, notBefore: '2025-12-10T00:00:00Z', notAfter: '2026-12-10T00:00:00Z', file: 'certificates/partner-2025.pem' });
  const trust = TrustStore.fromSetting(['btp', 'roots.pem'], [{ path: 'roots.pem', certificates: [root.info] }]);
  const chains = new ChainBuilder(new CertificateIndex([old.info, intermediate.info, root.info]), trust, new SignatureChecks(), NOW);
  return {
    root, intermediate, old,
    options: { now: NOW, expiryWarningDays: 30, chains },
    renew: (over = {}) => issue({ subject: old.info.subject, issuer: intermediate, notBefore: '2026-11-20T00:00:00Z', notAfter: '2027-12-10T00:00:00Z', file: 'partner-2026.pem', ...over }),
  };
}

const texts = (r: { checks: Array<{ level: string; text: string }> }, level: string): string[] => r.checks.filter((c) => c.level === level).map((c) => c.text);

describe('renewal', function () {
  this.timeout(60_000);

  describe('the review against the certificate it replaces', () => {
    it('a proper renewal: same DNs, issued later, a new key, clientAuth, a trusted chain — and what Cloud Foundry accepts', async () => {
      const w = await world();
      const renewal = await w.renew();
      const r = reviewRenewal(w.old.info, renewal.info, [], 'mapping', w.options);
      assert.deepStrictEqual(texts(r, 'problem'), []);
      assert.deepStrictEqual(texts(r, 'warning'), []);
      assert.strictEqual(r.blocked, false);
      assert.strictEqual(r.needsConfirmation, false);
      const ok = texts(r, 'ok').join('\n');
      assert.match(ok, /same Subject DN: CN=partner-client, O=Partner, C=DE/);
      assert.match(ok, /same Issuer DN: CN=Partner Issuing CA, O=Partner, C=DE/);
      assert.match(ok, /issued later: notBefore 2026-11-20 \(the previous one: 2025-12-10\)/);
      assert.match(ok, /a new key \(EC 256\)/);
      assert.match(ok, /Client Authentication EKU \(1\.3\.6\.1\.5\.5\.7\.3\.2\)/);
      assert.match(ok, /trusted chain: partner-client → Partner Issuing CA → Partner Root CA \(roots\.pem\)/);
      assert.match(ok, /Cloud Foundry with certificate pinning off: SAP accepts a renewal only with the same Subject and Issuer DN and a later issue date — met/);
      assert.match(ok, /overlaps the previous one: both are valid from 2026-11-27 until 2026-12-10, the time the partner has to switch/);
    });

    it('a gap between the two certificates is a warning (calls fail in between); an expired previous one has no overlap to speak of', async () => {
      const w = await world();
      const late = await w.renew({ notBefore: '2026-12-20T00:00:00Z' });
      const r = reviewRenewal(w.old.info, late.info, [], 'mapping', w.options);
      assert.match(texts(r, 'warning').join('\n'), /a gap: the previous certificate expires 2026-12-10, the new one becomes valid only 2026-12-20; calls fail in between/);
      assert.strictEqual(r.needsConfirmation, true);
      assert.strictEqual(r.blocked, false, 'a staged renewal is not unusable');
      const afterExpiry = reviewRenewal(w.old.info, (await w.renew()).info, [], 'mapping', { ...w.options, now: new Date('2026-12-15T00:00:00Z') });
      assert.ok(!afterExpiry.checks.some((c) => /overlaps|a gap/.test(c.text)), afterExpiry.checks.map((c) => c.text).join('\n'));
      // Issued after the previous one expired, valid now: the gap is past, nothing to warn about.
      const pastGap = reviewRenewal(w.old.info, late.info, [], 'mapping', { ...w.options, now: new Date('2026-12-21T00:00:00Z') });
      assert.ok(!pastGap.checks.some((c) => /a gap/.test(c.text)), pastGap.checks.map((c) => c.text).join('\n'));
    });

    it('another CA, the same key, an earlier issue date: warnings the user must confirm; Cloud Foundry\'s condition not met', async () => {
      const w = await world();
      const otherCa = await issue({ subject: 'CN=Other Issuing CA, O=Partner, C=DE', issuer: w.root, ca: true });
      const renewal = await w.renew({ issuer: otherCa, keys: w.old.keys, notBefore: '2025-11-01T00:00:00Z' });
      const r = reviewRenewal(w.old.info, renewal.info, [otherCa.info], 'mapping', w.options);
      assert.strictEqual(r.blocked, false);
      assert.strictEqual(r.needsConfirmation, true);
      const warnings = texts(r, 'warning').join('\n');
      assert.match(warnings, /Issuer DN changed \(renewed by another CA\?\): CN=Partner Issuing CA, O=Partner, C=DE → CN=Other Issuing CA, O=Partner, C=DE/);
      assert.match(warnings, /not issued later: notBefore 2025-11-01, the previous one 2025-12-10/);
      assert.match(warnings, /the same key as the previous certificate \(re-certified, not re-keyed\)/);
      assert.match(texts(r, 'info').join('\n'), /Cloud Foundry with certificate pinning off: .* — not met: create the service key with the new certificate/);
      assert.strictEqual(r.sameSubject, true);
      assert.strictEqual(r.sameIssuer, false);
    });

    it('unusable renewals are blocked: expired, server-only, self-signed, the same certificate', async () => {
      const w = await world();
      const expired = await w.renew({ notBefore: '2025-01-01T00:00:00Z', notAfter: '2026-01-01T00:00:00Z' });
      const serverOnly = await w.renew({ eku: ['1.3.6.1.5.5.7.3.1'] });
      const selfSigned = await issue({ subject: w.old.info.subject, notBefore: '2026-11-01T00:00:00Z' });
      for (const [made, why] of [[expired, /expired 330 days ago/], [serverOnly, /not valid for client authentication: its extended key usage is serverAuth/], [selfSigned, /self-signed/], [w.old, /the same certificate as the one in use/]] as const) {
        const r = reviewRenewal(w.old.info, made.info, [], 'mapping', w.options);
        assert.strictEqual(r.blocked, true, made.info.subject);
        assert.match(texts(r, 'problem').join('\n'), why);
      }
    });

    it('no clientAuth EKU at all, an untrusted chain: warnings, quoting SAP', async () => {
      const w = await world();
      const noEku = await w.renew({ eku: null });
      assert.match(texts(reviewRenewal(w.old.info, noEku.info, [], 'mapping', w.options), 'warning').join('\n'), /no extended key usage, so no Client Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.2\): SAP: "Certificates without this EKU are rejected during the TLS handshake"/);
      const otherRoot = await issue({ subject: 'CN=Elsewhere Root', ca: true });
      const untrusted = await w.renew({ issuer: otherRoot });
      assert.match(texts(reviewRenewal(w.old.info, untrusted.info, [otherRoot.info], 'mapping', w.options), 'warning').join('\n'), /untrusted root: the chain ends at the self-signed root "Elsewhere Root"/);
    });

    it('on a Client Certificate channel it says whether the iFlow must change', async () => {
      const w = await world();
      const same = reviewRenewal(w.old.info, (await w.renew()).info, [], 'clientCertificateTable', w.options);
      assert.match(texts(same, 'info').join('\n'), /only the DNs are checked, and they are the same, so the iFlow needs no change/);
      const otherCa = await issue({ subject: 'CN=Other Issuing CA, O=Partner, C=DE', issuer: w.root, ca: true });
      const changed = reviewRenewal(w.old.info, (await w.renew({ issuer: otherCa })).info, [otherCa.info], 'clientCertificateTable', w.options);
      assert.match(texts(changed, 'info').join('\n'), /the DNs differ, so its table changes \(the row gets the new DNs, or a row is added beside it\) and the iFlow must be redeployed/);
    });
  });

  describe('the mapping entry, renewed in place', () => {
    const entries = (old: Made) => [
      { user: 'OTHER', roles: ['Other.send'], certificate: null, subjectDN: 'CN=other', issuerDN: 'CN=other CA', usedBy: [] },
      {
        user: 'PARTNER', roles: ['Orders.send', 'Invoices.send'], certificate: old.pem, subjectDN: old.info.subject, issuerDN: old.info.issuer,
        notAfter: old.info.notAfter.toISOString(), usedBy: [{ iflow: 'Orders/Orders.iflw', channel: 'HTTPS_In' }],
      },
    ];

    it('new certificate and derived fields; user, roles and usedBy kept byte for byte; the previous MD5 recorded; the Neo export lists it', async () => {
      const w = await world();
      const renewal = await w.renew();
      const text = mappingJson(entries(w.old));
      const mapping = readMappingFile(text, 'certificate-user-mappings.json');
      const target = { kind: 'mapping' as const, mapping, entry: mapping.entries[1], current: w.old.info };
      const { plan, review } = planRenewal(target, renewal.info, [], w.options);
      assert.strictEqual(review.blocked, false);
      assert.strictEqual(plan.files.length, 1);
      assert.strictEqual(plan.title, 'Renew certificate "partner-client" (user "PARTNER")');
      const after = applyFileEdit(plan.files[0]);
      const read = readMappingFile(after, 'certificate-user-mappings.json');
      assert.deepStrictEqual(read.problems, []);
      const e = read.entries[1];
      assert.strictEqual(e.decoded?.sha256, renewal.info.sha256);
      assert.deepStrictEqual([e.user, e.roles, e.usedBy], ['PARTNER', ['Orders.send', 'Invoices.send'], [{ iflow: 'Orders/Orders.iflw', channel: 'HTTPS_In' }]]);
      assert.strictEqual(e.notAfter, '2027-12-10T00:00:00.000Z');
      assert.deepStrictEqual(e.previousCertificates, [{ md5: w.old.info.md5, notAfter: '2026-12-10T00:00:00.000Z' }]);
      // Everything but the renewed fields is untouched: the first entry, the user/roles/usedBy text.
      const usedBy = text.slice(text.indexOf('"usedBy"', text.indexOf('"PARTNER"')));
      assert.ok(after.endsWith(usedBy), 'the end of the entry from usedBy on is the same text');
      assert.strictEqual(after.slice(0, text.indexOf('"PARTNER"')), text.slice(0, text.indexOf('"PARTNER"')));
      assert.match(plan.notes.join(' '), /user, roles and usedBy are kept.*previousCertificates: once the partner sends the new one, delete its tenant mapping/);

      const neo = neoExport(read);
      const readme = neo.files.find((f) => f.name === 'README.md')!.content;
      assert.match(readme, /## After the partner has switched: delete the previous mappings/);
      assert.ok(readme.includes(`| PARTNER | ${w.old.info.md5} |`));
      const index = JSON.parse(neo.files.find((f) => f.name === 'index.json')!.content);
      assert.deepStrictEqual(index.deleteAfterSwitch, [{ User: 'PARTNER', Id: w.old.info.md5 }]);

      // A second renewal keeps the first previous certificate and adds the second.
      const again = readMappingFile(after, 'certificate-user-mappings.json');
      const third = await w.renew({ notBefore: '2026-11-25T00:00:00Z', notAfter: '2028-01-01T00:00:00Z' });
      const second = planRenewal({ kind: 'mapping', mapping: again, entry: again.entries[1], current: renewal.info }, third.info, [], w.options);
      const twice = readMappingFile(applyFileEdit(second.plan.files[0]), 'm.json').entries[1];
      assert.deepStrictEqual(twice.previousCertificates?.map((p) => p.md5), [w.old.info.md5, renewal.info.md5]);
    });

    it('nothing is written over an invalid mapping file, nor for a blocked renewal', async () => {
      const w = await world();
      const renewal = await w.renew();
      const valid = readMappingFile(mappingJson(entries(w.old)), 'm.json');
      const broken = { ...valid, error: { message: 'not valid JSON', range: { start: 0, end: 1 } } };
      const refused = planRenewal({ kind: 'mapping', mapping: broken, entry: valid.entries[1], current: w.old.info }, renewal.info, [], w.options);
      assert.deepStrictEqual(refused.plan.files, []);
      assert.match(refused.refused ?? '', /not valid/);
      const expired = await w.renew({ notBefore: '2025-01-01T00:00:00Z', notAfter: '2026-01-01T00:00:00Z' });
      const blocked = planRenewal({ kind: 'mapping', mapping: valid, entry: valid.entries[1], current: w.old.info }, expired.info, [], w.options);
      assert.deepStrictEqual(blocked.plan.files, []);
      assert.match(blocked.plan.notes.join(' '), /Not renewed: the new certificate cannot log in \(expired/);
    });
  });

  describe('a Client Certificate channel', () => {
    const flow = (rows: Array<[string, string]>) => buildIFlow([{ name: 'HTTPS_In', props: [['userRole', 'ESBMessaging.send'], ['senderAuthType', 'ClientCertificate'], ['clientCertificates', certificateTable(rows)]] }]);

    it('the same DNs: nothing to change; other DNs: only the row\'s changed cell, the rest byte for byte', async () => {
      const w = await world();
      const doc = parseIFlow(flow([['CN=first, O=X, C=DE', 'CN=X CA'], [w.old.info.subject, w.old.info.issuer]]), 'Flow.iflw');
      const channel = doc.channels[0];
      const target = { kind: 'channel' as const, doc, channel, entry: channel.certificates[1], current: w.old.info };
      const same = planRenewal(target, (await w.renew()).info, [], w.options);
      assert.deepStrictEqual(same.plan.files, []);
      assert.match(same.plan.notes.join(' '), /needs no change: it checks only the Subject and Issuer DN/);

      const otherCa = await issue({ subject: 'CN=Other & Sons Issuing CA, O=Partner, C=DE', issuer: w.root, ca: true });
      const moved = planRenewal(target, (await w.renew({ issuer: otherCa })).info, [otherCa.info], w.options);
      assert.strictEqual(moved.plan.files.length, 1);
      const after = applyFileEdit(moved.plan.files[0]);
      const reparsed = parseIFlow(after, 'Flow.iflw').channels[0].certificates;
      assert.deepStrictEqual(reparsed.map((e) => [e.subjectDN.value, e.issuerDN.value]), [
        ['CN=first, O=X, C=DE', 'CN=X CA'],
        [w.old.info.subject, 'CN=Other & Sons Issuing CA, O=Partner, C=DE'],
      ]);
      const edit = moved.plan.files[0].edits[0];
      assert.strictEqual(doc.text.slice(0, edit.start) + doc.text.slice(edit.end), after.slice(0, edit.start) + after.slice(edit.start + edit.newText.length), 'only the issuer cell changed');
      assert.match(edit.newText, /Other &amp;amp; Sons/, 'escaped for the cell, then for the value');
      assert.match(moved.plan.notes.join(' '), /must be redeployed/);
    });

    it('other DNs: the user may add a row beside the previous one instead (both accepted until it is removed)', async () => {
      const w = await world();
      const doc = parseIFlow(flow([['CN=first, O=X, C=DE', 'CN=X CA'], [w.old.info.subject, w.old.info.issuer]]), 'Flow.iflw');
      const channel = doc.channels[0];
      const target = { kind: 'channel' as const, doc, channel, entry: channel.certificates[1], current: w.old.info };
      const otherCa = await issue({ subject: 'CN=Other Issuing CA, O=Partner, C=DE', issuer: w.root, ca: true });
      const renewal = (await w.renew({ issuer: otherCa })).info;
      assert.deepStrictEqual(planRenewal(target, renewal, [otherCa.info], w.options).rowChanges, ['replace', 'add']);
      const added = planRenewal(target, renewal, [otherCa.info], w.options, 'add');
      const after = applyFileEdit(added.plan.files[0]);
      assert.deepStrictEqual(parseIFlow(after, 'Flow.iflw').channels[0].certificates.map((e) => [e.subjectDN.value, e.issuerDN.value]), [
        ['CN=first, O=X, C=DE', 'CN=X CA'],
        [w.old.info.subject, w.old.info.issuer],
        [w.old.info.subject, 'CN=Other Issuing CA, O=Partner, C=DE'],
      ]);
      assert.match(added.plan.notes.join(' '), /now also names .* beside entry 2 .* both certificates are accepted; remove entry 2 once the partner has switched/);

      // Already listed (someone added the row before): nothing to write either way.
      const listed = parseIFlow(after, 'Flow.iflw');
      const again = planRenewal({ ...target, doc: listed, channel: listed.channels[0], entry: listed.channels[0].certificates[1] }, renewal, [otherCa.info], w.options);
      assert.deepStrictEqual([again.plan.files, again.rowChanges], [[], []]);
      assert.match(again.plan.notes.join(' '), /needs no change: entry 3 already names/);
    });

    it('an older adapter version keeping its entries on the sender participant: the subjectN/issuerN property changes, or a pair is added', async () => {
      const w = await world();
      const file = path.join(__dirname, '../../../test/fixtures/legacy/Legacy_Certificates/src/main/resources/scenarioflows/integrationflow/Legacy_Certificates.iflw');
      const doc = parseIFlow(fs.readFileSync(file, 'utf8'), file);
      const channel = doc.channels[0];
      const otherCa = await issue({ subject: 'CN=Other & Sons Issuing CA, O=Partner, C=DE', issuer: w.root, ca: true });
      const renewal = (await w.renew({ issuer: otherCa })).info;
      const entries = (text: string) => parseIFlow(text, file).channels[0].certificates.map((e) => [e.subjectDN.value, e.issuerDN.value]);
      const before = entries(doc.text);

      const replaced = planRenewal({ kind: 'channel', doc, channel, entry: channel.certificates[0], current: w.old.info }, renewal, [otherCa.info], w.options);
      const afterReplace = applyFileEdit(replaced.plan.files[0]);
      assert.deepStrictEqual(entries(afterReplace), [[before[0][0], renewal.issuer], ...before.slice(1)]);
      assert.ok(afterReplace.includes('<value>CN=Other &amp; Sons Issuing CA, O=Partner, C=DE</value>'), 'escaped once: a property value, not a table cell');

      // The third entry has no issuer2 property: it is added on the participant.
      const missing = planRenewal({ kind: 'channel', doc, channel, entry: channel.certificates[2], current: w.old.info }, renewal, [otherCa.info], w.options);
      assert.deepStrictEqual(entries(applyFileEdit(missing.plan.files[0]))[2], [before[2][0], renewal.issuer]);

      const added = planRenewal({ kind: 'channel', doc, channel, entry: channel.certificates[0], current: w.old.info }, renewal, [otherCa.info], w.options, 'add');
      const afterAdd = applyFileEdit(added.plan.files[0]);
      assert.deepStrictEqual(entries(afterAdd), [...before, [renewal.subject, renewal.issuer]]);
      assert.match(afterAdd, /<key>subject3<\/key>[\s\S]*<key>issuer3<\/key>/);
    });

    it('a cell that is a {{parameter}} is changed in parameters.prop', async () => {
      const w = await world();
      const otherCa = await issue({ subject: 'CN=Other Issuing CA, O=Partner, C=DE', issuer: w.root, ca: true });
      const params = '# partner\nPartner\\ Issuer=' + w.old.info.issuer.replace(/,/g, '\\,') + '\n';
      const doc = parseIFlow(flow([[w.old.info.subject, '{{Partner Issuer}}']]), 'Flow.iflw', { parameters: parseParameters(params, 'parameters.prop') });
      const channel = doc.channels[0];
      const r = planRenewal({ kind: 'channel', doc, channel, entry: channel.certificates[0], current: w.old.info, parametersFile: { file: 'parameters.prop', text: params } }, (await w.renew({ issuer: otherCa })).info, [otherCa.info], w.options);
      assert.deepStrictEqual(r.plan.files.map((f) => f.file), ['parameters.prop']);
      assert.strictEqual(parseParameters(applyFileEdit(r.plan.files[0]), 'parameters.prop').values.get('Partner Issuer'), 'CN=Other Issuing CA, O=Partner, C=DE');
    });
  });
});
