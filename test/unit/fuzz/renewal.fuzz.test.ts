/**
 * Property-based fuzzing of Renew Certificate…'s two new inputs. The partner's renewal file:
 * real bundles made at test time (the renewal, its issuing CA, a look-alike CA, the old
 * certificate, a root) are mutated (byte flips, truncation, blocks dropped, duplicated or
 * reordered), and every certificate that still decodes is planned as the renewal of a mapping entry
 * and of a Client Certificate row. Required: no throw, a blocked review writes nothing, every other
 * plan applies and leaves a mapping file the reader accepts (user, roles, usedBy kept) or an iFlow
 * with the same rows but one. And the mapping file's `previousCertificates`, for arbitrary JSON
 * values: the reader never throws and agrees with the JSON schema. Decoding, chain building and
 * reading do work bounded by the input's size (test/unit/support/work.ts; not timed). Re-run a
 * failure with FUZZ_SEED=<seed>; FUZZ_SCALE multiplies the runs.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { ChainBuilder } from '../../../src/core/certs/chain';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { SignatureChecks } from '../../../src/core/certs/signatures';
import { TrustStore } from '../../../src/core/certs/trustedRoots';
import { applyFileEdit } from '../../../src/core/edits/types';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { readMappingFile } from '../../../src/core/mapping/read';
import { planRenewal } from '../../../src/core/renewal';
import { buildIFlow, certificateTable, mappingJson } from '../support/iflowBuilder';
import { bundle, issue, keys, threeLevels, type Made } from '../support/pki';
import { assertWorkPerChar } from '../support/work';

const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? '1') || 1);
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
const params = (): Partial<fc.Parameters<unknown>> => ({
  endOnFailure: !process.env.FUZZ_SHRINK,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});
const NOW = new Date('2026-11-27T00:00:00Z');
const REPO = path.join(__dirname, '../../../..');

describe('fuzz: Renew Certificate… inputs', function () {
  this.timeout(300_000);
  let blocks: string[] = [];
  let old: Made;
  let root: Made;

  before(async () => {
    const made = await threeLevels('Renew', 'p256', { notBefore: '2025-12-10T00:00:00Z', notAfter: '2026-12-10T00:00:00Z' });
    old = made.leaf;
    root = made.root;
    const renewal = await issue({ subject: old.info.subject, issuer: made.intermediate, notBefore: '2026-11-20T00:00:00Z', notAfter: '2027-12-10T00:00:00Z' });
    const lookalike = await issue({ subject: made.intermediate.info.subject, issuer: made.root, ca: true, keys: await keys(), subjectKeyId: made.intermediate.info.subjectKeyId });
    blocks = bundle(renewal, made.intermediate, lookalike, old, made.root).split(/(?=-----BEGIN CERTIFICATE-----)/);
  });

  it(`plans a renewal from every certificate of a mutated renewal file: blocked writes nothing, the rest applies cleanly (${runs(200)} cases)`, async () => {
    const mappingText = mappingJson([
      { user: 'OTHER', roles: ['Other.send'], certificate: null, subjectDN: 'CN=other', issuerDN: 'CN=other CA', usedBy: [] },
      { user: 'PARTNER', roles: ['Orders.send'], certificate: old.pem, subjectDN: old.info.subject, issuerDN: old.info.issuer, notAfter: old.info.notAfter.toISOString(), usedBy: [{ iflow: 'O.iflw', channel: 'HTTPS_In' }] },
    ]);
    const mapping = readMappingFile(mappingText, 'certificate-user-mappings.json');
    const doc = parseIFlow(buildIFlow([{ name: 'HTTPS_In', props: [['userRole', 'R'], ['senderAuthType', 'ClientCertificate'], ['clientCertificates', certificateTable([['CN=first, O=X, C=DE', 'CN=X CA'], [old.info.subject, old.info.issuer]])]] }]), 'Flow.iflw');
    const channel = doc.channels[0];
    const applied = { mapping: 0, channel: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: blocks.length - 1 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.constantFrom('replace' as const, 'add' as const),
        async (picks, flips, cut, rowChange) => {
          const bytes = Buffer.from(picks.map((i) => blocks[i]).join(''), 'latin1');
          for (const [pos, mask] of flips) bytes[pos % bytes.length] ^= mask;
          const input = cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
          const trust = TrustStore.fromSetting(['btp', 'root.pem'], [{ path: 'root.pem', certificates: [root.info] }]);
          const checks = new SignatureChecks();
          const { result: { decoded, chains } } = assertWorkPerChar('decoding the renewal file and building its chains', input.length, () => {
            const decoded = decodeCertificates(new Uint8Array(input), { file: 'renewal.pem', kind: 'file' });
            const chains = new ChainBuilder(new CertificateIndex([old.info]), trust, checks, NOW);
            for (const c of decoded.certificates) chains.chainOf(c, decoded.certificates.filter((x) => x !== c));
            return { decoded, chains };
          });
          for (const renewal of decoded.certificates) {
            const companions = decoded.certificates.filter((c) => c !== renewal);
            chains.chainOf(renewal, companions);
            await checks.verifyPending();
            const options = { now: NOW, expiryWarningDays: 30, chains };
            const m = planRenewal({ kind: 'mapping', mapping, entry: mapping.entries[1], current: old.info }, renewal, companions, options);
            if (m.review.blocked) {
              assert.deepStrictEqual(m.plan.files, [], 'a blocked renewal writes nothing');
              assert.match(m.plan.notes.join(' '), /^Not renewed: /);
            } else {
              const after = readMappingFile(applyFileEdit(m.plan.files[0]), 'certificate-user-mappings.json');
              assert.deepStrictEqual(after.problems, []);
              assert.strictEqual(after.entries[1].decoded?.sha256, renewal.sha256);
              assert.deepStrictEqual([after.entries[1].user, after.entries[1].roles, after.entries[1].usedBy], ['PARTNER', ['Orders.send'], [{ iflow: 'O.iflw', channel: 'HTTPS_In' }]]);
              assert.strictEqual(after.entries[0].range.end, mapping.entries[0].range.end, 'the other entry is untouched');
              applied.mapping++;
            }
            const c = planRenewal({ kind: 'channel', doc, channel, entry: channel.certificates[1], current: old.info }, renewal, companions, options, rowChange);
            if (c.review.blocked) {
              assert.deepStrictEqual(c.plan.files, []);
            } else if (c.plan.files.length > 0) {
              const rows = parseIFlow(applyFileEdit(c.plan.files[0]), 'Flow.iflw').channels[0].certificates.map((e) => [e.subjectDN.value, e.issuerDN.value]);
              assert.deepStrictEqual(rows[0], ['CN=first, O=X, C=DE', 'CN=X CA'], 'the other row is untouched');
              assert.deepStrictEqual(rows.at(-1), [renewal.subject, renewal.issuer], 'the renewal\'s DNs, read back as written');
              assert.strictEqual(rows.length, rowChange === 'add' ? 3 : 2);
              applied.channel++;
            }
          }
        },
      ),
      { numRuns: runs(200), ...params() },
    );
    assert.ok(applied.mapping > 0, 'some cases renewed the mapping entry (the fuzz reaches the writer)');
  });

  it(`previousCertificates: arbitrary values never make the reader throw, and it agrees with the JSON schema (${runs(1000)} cases)`, () => {
    const Ajv = require('ajv');
    const ajv = new Ajv({ strict: false, allErrors: true });
    require('ajv-formats')(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, 'schemas/certificate-user-mappings.schema.json'), 'utf8')));
    const md5 = fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.string(), fc.stringMatching(/^[0-9a-fA-F]{30,34}$/));
    const date = fc.oneof(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.string());
    const previous = fc.oneof(
      fc.array(fc.oneof(
        fc.record({ md5, notAfter: date }, { requiredKeys: [] }),
        fc.record({ md5, extra: fc.jsonValue() }, { requiredKeys: ['md5'] }),
        fc.jsonValue(),
      ), { maxLength: 5 }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(previous, (value) => {
        const data = { mappings: [{ user: 'U', roles: ['R'], certificate: null, subjectDN: 'CN=a', issuerDN: 'CN=b', previousCertificates: value }] };
        const text = JSON.stringify(data, null, 2);
        const { result: read } = assertWorkPerChar('reading previousCertificates', text.length, () => readMappingFile(text, 'm.json'));
        const coreValid = read.error === undefined && read.problems.length === 0;
        assert.strictEqual(coreValid, validate(data) as boolean, `core: ${read.problems.map((p) => p.message).join('; ')}; schema: ${JSON.stringify(validate.errors)}`);
        if (coreValid) assert.strictEqual(read.entries[0].previousCertificates?.length ?? 0, Array.isArray(value) ? value.length : -1);
      }),
      { numRuns: runs(1000), ...params() },
    );
  });
});
