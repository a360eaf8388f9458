/**
 * Property-based fuzzing of chain building: real chains made at test time (root, intermediate,
 * leaves, a look-alike CA) are mutated as bundles (byte flips, truncation, blocks dropped,
 * duplicated or reordered) and every certificate that still decodes gets its chain built, its
 * links checked with Web Crypto, and its chain built again. Required: no throw, a chain that
 * starts at the certificate and holds each certificate once (so no loop), a status with its
 * reason, and decoding plus chain building whose counted work is bounded by the bundle's size
 * (test/unit/support/work.ts; not timed). Re-run a failure with FUZZ_SEED=<seed>.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { ChainBuilder, chainVerdict, MAX_CHAIN_LENGTH } from '../../../src/core/certs/chain';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { SignatureChecks } from '../../../src/core/certs/signatures';
import { TrustStore } from '../../../src/core/certs/trustedRoots';
import { bundle, issue, keys, threeLevels, type Made } from '../support/pki';
import { assertWorkPerChar } from '../support/work';

const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? '1') || 1);
const RUNS = Math.max(1, Math.round(300 * SCALE));
const NOW = new Date('2026-11-27T00:00:00Z');

describe('fuzz: chains of mutated bundles', function () {
  this.timeout(300_000);
  let blocks: string[] = [];
  let root: Made;

  before(async () => {
    const made = await threeLevels('Fuzz', 'p256');
    root = made.root;
    const second = await issue({ subject: 'CN=fuzz-second, O=Fuzz, C=DE', issuer: made.intermediate, eku: null });
    const lookalike = await issue({ subject: made.intermediate.info.subject, issuer: made.root, ca: true, keys: await keys(), subjectKeyId: made.intermediate.info.subjectKeyId });
    blocks = bundle(made.leaf, second, made.intermediate, lookalike, made.root).split(/(?=-----BEGIN CERTIFICATE-----)/);
  });

  it(`builds a bounded chain for every certificate that decodes (${RUNS} cases)`, async () => {
    const params: fc.Parameters<unknown> = { numRuns: RUNS, endOnFailure: !process.env.FUZZ_SHRINK };
    if (process.env.FUZZ_SEED) params.seed = Number(process.env.FUZZ_SEED);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: blocks.length - 1 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (picks, flips, cut) => {
          const text = picks.map((i) => blocks[i]).join('');
          const bytes = Buffer.from(text, 'latin1');
          for (const [pos, mask] of flips) bytes[pos % bytes.length] ^= mask;
          const input = cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
          const trust = TrustStore.fromSetting(['btp', 'root.pem'], [{ path: 'root.pem', certificates: [root.info] }]);
          const checks = new SignatureChecks();
          const { result: { decoded, chains } } = assertWorkPerChar('decoding and chain building', input.length, () => {
            const decoded = decodeCertificates(new Uint8Array(input), { file: 'fuzz.pem', kind: 'file' });
            const chains = new ChainBuilder(new CertificateIndex(decoded.certificates), trust, checks, NOW);
            for (const c of decoded.certificates) chains.chainOf(c);
            return { decoded, chains };
          });
          await checks.verifyPending();
          for (const c of decoded.certificates) {
            const chain = chains.chainOf(c);
            assert.strictEqual(chain.certificates[0], c);
            assert.ok(chain.certificates.length <= MAX_CHAIN_LENGTH);
            assert.strictEqual(new Set(chain.certificates.map((x) => x.sha256)).size, chain.certificates.length, 'each certificate once');
            assert.strictEqual(chain.signatures.length, chain.certificates.length - 1);
            if (chain.status === 'incomplete') assert.ok(chain.gap);
            if (chain.status === 'trusted') assert.ok(chain.root);
            if (chain.status === 'untrusted') assert.ok(chain.untrusted);
            assert.ok(chainVerdict(chain, trust).length > 10);
          }
        },
      ),
      params,
    );
  });
});
