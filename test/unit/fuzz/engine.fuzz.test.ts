/**
 * Property-based fuzzing of the engine (issue "hostile input never crashes, hangs, leaks, or
 * loses data"). The real fixtures are mutated (byte flips, truncation, duplicated and deleted
 * tags, random entities and escapes, huge attribute values, CDATA, BOMs, UTF-16, CRLF) and the
 * engine must always answer: parseIFlow + lintIFlow never throw, every finding's range lies
 * inside the text, a broken file gives exactly one `invalid-iflow` finding with a position, no
 * rule fails internally, and no case does more than a bounded work per character of input
 * (counted, not timed: assertWorkPerChar in test/unit/support/work.ts), so a mutation that makes
 * a reader start over or expand shows up on any machine. How fast it runs is for the bench.
 *
 * More than 10,000 cases per run in total (see RUNS). fast-check prints the seed and the
 * shrunk counterexample on failure; re-run one with FUZZ_SEED=<seed> (and FUZZ_PATH=<path>).
 * FUZZ_SCALE=<factor> multiplies the number of runs (e.g. 10 for a long local session).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { createRuleContext, defaultLintOptions, lintIFlow, lintMapping, lintWorkspace } from '../../../src/core/engine';
import { parseManifest } from '../../../src/core/iflow/manifest';
import { parseParameters } from '../../../src/core/iflow/parameters';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { readMappingFile } from '../../../src/core/mapping/read';
import type { Finding, RuleContext } from '../../../src/core/rules/types';
import { assertWorkPerChar } from '../support/work';
import { applyMutations, byteMutate, FIXTURES, realSeeds, smallSeeds, TEXT_OPS, textMutations, type Seed } from './corpus';

/** Counts one case's work (bounded by the input's size, see assertWorkPerChar); returns the work per character. */
export function checkedWork(what: string, size: number, run: () => unknown): number {
  return assertWorkPerChar(what, size, run).work / Math.max(1, size);
}

const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? '1') || 1);
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
/** Cases per property; the sum is the per-run total (≥ 10,000). */
export const RUNS = {
  textMutationsSmall: runs(5000),
  byteMutationsSmall: runs(2200),
  textMutationsReal: runs(600),
  certificateTable: runs(1200),
  parametersAndManifest: runs(600),
  certificateBytes: runs(800),
  mappingFile: runs(800),
};

const seedParams = (): Partial<fc.Parameters<unknown>> => {
  // No shrinking in CI: a slow case shrinks through thousands of slow cases (a run hung for
  // minutes that way). FUZZ_SHRINK=1 shrinks when reproducing a failure locally.
  const p: Partial<fc.Parameters<unknown>> = { endOnFailure: !process.env.FUZZ_SHRINK };
  if (process.env.FUZZ_SEED) p.seed = Number(process.env.FUZZ_SEED);
  if (process.env.FUZZ_PATH) p.path = process.env.FUZZ_PATH;
  return p;
};

const NOW = new Date('2026-11-27T00:00:00Z');
const CERT_DIR = path.join(FIXTURES, 'certs');

function context(): RuleContext {
  const index = new CertificateIndex();
  for (const f of fs.readdirSync(CERT_DIR).filter((n) => /\.(cer|pem|p7b)$/.test(n))) {
    index.addDecoded(decodeCertificates(fs.readFileSync(path.join(CERT_DIR, f)), { file: `certs/${f}`, kind: 'file' }));
  }
  const mappingFile = path.join(FIXTURES, '../../examples/certificate-user-mappings.json');
  const mapping = readMappingFile(fs.readFileSync(mappingFile, 'utf8'), 'certificate-user-mappings.json');
  return createRuleContext({ ...defaultLintOptions(NOW), severities: { 'role-without-mapping': 'info' } }, index, mapping);
}

function assertRange(r: { start: number; end: number } | undefined, length: number, what: string): void {
  assert.ok(r, `${what}: has a range`);
  assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end), `${what}: integer offsets ${JSON.stringify(r)}`);
  assert.ok(r.start >= 0 && r.start <= r.end && r.end <= length, `${what}: 0 ≤ ${r.start} ≤ ${r.end} ≤ ${length}`);
}

function assertNoInternalError(findings: Finding[]): void {
  for (const f of findings) assert.ok(!/^internal error in rule/.test(f.message), `a rule failed internally: ${f.rule}: ${f.message}`);
}

/** The fuzz property: answers, in bounds, never throws, with bounded work. Returns the work per character. */
export function checkIFlowText(text: string, ctx: RuleContext, parse?: { parameters?: string; manifest?: string }): number {
  const file = 'fuzz/src/main/resources/scenarioflows/integrationflow/Fuzz.iflw';
  const twinFile = `${file}.copy`;
  let doc!: ReturnType<typeof parseIFlow>;
  let findings!: Finding[];
  let workspaceFindings!: Finding[];
  const size = text.length + (parse?.parameters?.length ?? 0) + (parse?.manifest?.length ?? 0);
  const perChar = checkedWork('one case', size, () => {
    doc = parseIFlow(text, file, parse && {
      manifest: parse.manifest,
      parameters: parse.parameters === undefined ? undefined : parseParameters(parse.parameters, 'fuzz/src/main/resources/parameters.prop'),
    });
    findings = lintIFlow(doc, ctx);
    // The workspace-wide rules over the file twice (under two names): every endpoint collides.
    workspaceFindings = lintWorkspace([doc, { ...doc, file: twinFile }], ctx);
  });
  assert.ok(Array.isArray(findings), 'findings is an array');
  assert.strictEqual(doc.text, text, 'the document keeps the text it was given');
  if (doc.error) {
    assert.strictEqual(doc.channels.length, 0, 'an invalid iFlow has no channels');
    assert.strictEqual(findings.length, 1, `an invalid iFlow gives exactly one finding, got ${findings.map((f) => f.rule).join(', ')}`);
    assert.strictEqual(findings[0].rule, 'invalid-iflow');
    assert.ok(findings[0].message.length > 0, 'with a message');
    assertRange(findings[0].range, text.length, 'invalid-iflow');
    return perChar;
  }
  assertNoInternalError(findings);
  assertNoInternalError(workspaceFindings);
  for (const f of workspaceFindings) {
    assert.ok(f.file === file || f.file === twinFile, `${f.rule}: in one of the two files`);
    assertRange(f.range, text.length, f.rule);
  }
  const withPath = doc.channels.filter((c) => c.endpoint?.path !== undefined).length;
  assert.strictEqual(workspaceFindings.filter((f) => f.rule === 'duplicate-endpoint').length, withPath * 2, 'each resolved endpoint collides with its twin');
  for (const f of findings) {
    assert.ok(typeof f.message === 'string' && f.message.length > 0, `${f.rule}: has a message`);
    if (f.file === file) assertRange(f.range, text.length, f.rule);
  }
  for (const c of doc.channels) {
    assertRange(c.range, text.length, `channel ${c.id}`);
    assertRange(c.elementRange, text.length, `channel ${c.id} element`);
    for (const p of c.properties.values()) {
      assertRange(p.range, text.length, `${c.id}/${p.key}`);
      assert.strictEqual(text.slice(p.range.start, p.range.end), p.raw, `${c.id}/${p.key}: the range slices to the raw value`);
    }
    if (c.endpoint) assertRange(c.endpoint.property.range, text.length, `${c.id} endpoint`);
    // Older adapter versions: mode and role may sit on the sender participant.
    for (const p of [c.modeProperty, c.roleProperty]) {
      if (!p) continue;
      assertRange(p.range, text.length, `${c.id}/${p.key}`);
      assert.strictEqual(text.slice(p.range.start, p.range.end), p.raw, `${c.id}/${p.key}: the range slices to the raw value`);
    }
    for (const e of c.certificates) {
      assertRange(e.range, text.length, `${c.id} row ${e.index}`);
      assertRange(e.subjectDN.range, text.length, `${c.id} row ${e.index} subject`);
      assertRange(e.issuerDN.range, text.length, `${c.id} row ${e.index} issuer`);
    }
  }
  return perChar;
}

describe('fuzz: the engine on mutated fixtures', function () {
  // Bounded in time: the whole suite takes well under a minute on the 2-core CI machine; the
  // mocha timeout only stops a runaway run.
  this.timeout(240_000);
  let ctx: RuleContext;
  let small: Seed[];
  let real: Seed[];
  let mostPerChar = 0;
  let total = 0;
  const record = (perChar: number): void => {
    total++;
    if (perChar > mostPerChar) mostPerChar = perChar;
  };

  before(() => {
    ctx = context();
    small = smallSeeds();
    real = realSeeds();
    assert.ok(small.length >= 20, `small seeds: ${small.length}`);
    assert.ok(real.length >= 15, `real seeds: ${real.length}`);
    // Every seed is fine before mutation (so a failure is the mutation's doing).
    for (const s of [...small, ...real]) checkIFlowText(s.text, ctx);
  });

  after(() => {
    const sum = Object.values(RUNS).reduce((a, b) => a + b, 0);
    if (process.env.FUZZ_VERBOSE) console.log(`      fuzz: ${total} engine cases (${sum} planned over all properties), at most ${mostPerChar.toFixed(1)} characters of work per character of input`);
  });

  it('plans at least 10,000 cases per run', () => {
    const sum = Object.values(RUNS).reduce((a, b) => a + b, 0);
    if (SCALE >= 1) assert.ok(sum >= 10_000, `${sum} cases`);
    assert.ok(Object.keys(TEXT_OPS).length >= 20);
  });

  it(`text mutations of small seeds (${RUNS.textMutationsSmall} cases)`, () => {
    fc.assert(
      fc.property(fc.nat(), textMutations, (pick, muts) => {
        const seed = small[pick % small.length];
        record(checkIFlowText(applyMutations(seed.text, muts).text, ctx));
      }),
      { numRuns: RUNS.textMutationsSmall, ...seedParams() },
    );
  });

  it(`byte flips, truncation, UTF-8/UTF-16/BOM encodings of small seeds (${RUNS.byteMutationsSmall} cases)`, () => {
    fc.assert(
      fc.property(
        fc.nat(), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 8 }), fc.option(fc.nat(), { nil: undefined }),
        fc.option(textMutations, { nil: undefined }),
        (pick, encoding, flips, cut, muts) => {
          const seed = small[pick % small.length];
          const base = muts ? applyMutations(seed.text, muts).text : seed.text;
          const m = byteMutate(base, encoding, flips, cut);
          if (m) record(checkIFlowText(m.text, ctx));
        },
      ),
      { numRuns: RUNS.byteMutationsSmall, ...seedParams() },
    );
  });

  it(`text mutations of whole real iFlows (${RUNS.textMutationsReal} cases)`, () => {
    fc.assert(
      fc.property(fc.nat(), textMutations, (pick, muts) => {
        const seed = real[pick % real.length];
        record(checkIFlowText(applyMutations(seed.text, muts).text, ctx));
      }),
      { numRuns: RUNS.textMutationsReal, ...seedParams() },
    );
  });

  it(`arbitrary clientCertificates tables and values (${RUNS.certificateTable} cases)`, () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('&lt;row&gt;', '&lt;/row&gt;', "&lt;cell id='clientCertificate.subjectDN'&gt;", "&lt;cell id='clientCertificate.issuerDN'&gt;",
        '&lt;/cell&gt;', '&amp;amp;', '&amp;lt;', '&#x26;', '{{p}}', '{{', 'CN=acme-client, O=ACME, C=DE', 'CN=ACME Issuing CA, O=ACME, C=DE',
        '-----BEGIN CERTIFICATE-----', 'MIIBIjANBgkq', '-----END CERTIFICATE-----', '\\,', '+', '=', '#04', '\r\n'),
      fc.base64String({ maxLength: 400 }),
    );
    const value = fc.array(piece, { maxLength: 30 }).map((a) => a.join('').replace(/</g, '&lt;'));
    const mode = fc.constantFrom('ClientCertificate', 'RoleBased', '{{mode}}', '', 'certificate', 'basic', 'x');
    const adapter = fc.constantFrom('HTTPS', 'SOAP', 'IDOC', 'AS2', 'AS4', 'XI', 'ODataSender', 'ProcessDirect', '');
    fc.assert(
      fc.property(adapter, mode, value, value, fc.string({ maxLength: 200 }), (a, m, table, role, params) => {
        const modeKey = a === 'ODataSender' ? 'authentication' : 'senderAuthType';
        const text = `<bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ifl="http:///com.sap.ifl.model/Ifl.xsd"><bpmn2:collaboration><bpmn2:messageFlow id="m" name="n"><bpmn2:extensionElements><ifl:property><key>ComponentType</key><value>${a}</value></ifl:property><ifl:property><key>direction</key><value>Sender</value></ifl:property><ifl:property><key>${modeKey}</key><value>${m}</value></ifl:property><ifl:property><key>userRole</key><value>${role}</value></ifl:property><ifl:property><key>clientCertificates</key><value>${table}</value></ifl:property></bpmn2:extensionElements></bpmn2:messageFlow></bpmn2:collaboration></bpmn2:definitions>`;
        record(checkIFlowText(text, ctx, { parameters: `mode=${m}\nrole=ClientCertificate\np=${params}\nsubject=CN=acme-client, O=ACME, C=DE\n` }));
      }),
      { numRuns: RUNS.certificateTable, ...seedParams() },
    );
  });

  it(`hostile parameters.prop and MANIFEST.MF next to a real iFlow (${RUNS.parametersAndManifest} cases)`, () => {
    const props = fs.readFileSync(path.join(FIXTURES, 'real/C014_Customer_ERP_S4HC_DEV/src/main/resources/parameters.prop'), 'utf8');
    const manifest = fs.readFileSync(path.join(FIXTURES, 'real/D063654_Emarsys_Replicate_Contact/META-INF/MANIFEST.MF'), 'utf8');
    const seed = small.find((s) => s.name === 'synthetic#client-certificate')!;
    fc.assert(
      fc.property(textMutations, textMutations, fc.string({ maxLength: 300 }), (pm, mm, extra) => {
        const parameters = applyMutations(props + extra, pm).text;
        const m = applyMutations(manifest, mm).text;
        checkedWork('the manifest', m.length, () => assert.doesNotThrow(() => parseManifest(m)));
        record(checkIFlowText(seed.text, ctx, { parameters, manifest: m }));
      }),
      { numRuns: RUNS.parametersAndManifest, ...seedParams() },
    );
  });

  it(`certificate decoding of mutated certificate files (${RUNS.certificateBytes} cases)`, () => {
    const files = [CERT_DIR, path.join(CERT_DIR, 'chains')].flatMap((dir) => fs.readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.endsWith('.md')).map((e) => new Uint8Array(fs.readFileSync(path.join(dir, e.name)))));
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 8 }), fc.option(fc.nat(), { nil: undefined }), fc.boolean(),
        (pick, flips, cut, asText) => {
          const b = Buffer.from(files[pick % files.length]);
          for (const [pos, mask] of flips) if (b.length > 0) b[pos % b.length] ^= mask;
          const bytes = cut === undefined ? b : b.subarray(0, cut % (b.length + 1));
          const input = asText ? bytes.toString('latin1') : new Uint8Array(bytes);
          let d!: ReturnType<typeof decodeCertificates>;
          // Bytes read as DER are not counted (only what becomes text): the count bounds the PEM and text paths.
          const perChar = checkedWork('decoding', input.length, () => { d = decodeCertificates(input, { file: 'fuzz.pem', kind: 'file' }); });
          assert.ok(Array.isArray(d.certificates) && Array.isArray(d.errors));
          assert.ok(d.certificates.length > 0 || d.errors.length > 0, 'no certificate → a reason');
          for (const c of d.certificates) {
            assert.ok(!Number.isNaN(c.notAfter.getTime()) && !Number.isNaN(c.notBefore.getTime()), 'dates are dates');
            assert.ok(!/PRIVATE KEY/.test(c.pem), 'no key material in a certificate PEM');
          }
          record(perChar);
        }),
      { numRuns: RUNS.certificateBytes, ...seedParams() },
    );
  });

  it(`mapping file: mutated JSON never throws, findings in range (${RUNS.mappingFile} cases)`, () => {
    const text = fs.readFileSync(path.join(FIXTURES, '../../examples/certificate-user-mappings.json'), 'utf8');
    fc.assert(
      fc.property(textMutations, (muts) => {
        const t = applyMutations(text, muts).text;
        let mapping!: ReturnType<typeof readMappingFile>;
        let findings!: Finding[];
        const perChar = checkedWork('the mapping file', t.length, () => {
          mapping = readMappingFile(t, 'certificate-user-mappings.json');
          findings = lintMapping(mapping, createRuleContext(defaultLintOptions(NOW), ctx.certificates, mapping));
        });
        if (mapping.error) assert.strictEqual(mapping.entries.length, 0, 'an invalid mapping file has no entries (so nothing is written back over it)');
        assertNoInternalError(findings);
        for (const f of findings) assertRange(f.range, t.length, f.rule);
        record(perChar);
      }),
      { numRuns: RUNS.mappingFile, ...seedParams() },
    );
  });
});
