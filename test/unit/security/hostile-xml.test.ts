/**
 * Hostile XML: entity expansion (billion laughs, quadratic blowup), external entities and DTDs
 * (file and URL), 100,000-deep nesting, a 50 MB text node. Required: no expansion, no file or
 * network access, no stack overflow, and a clear answer within a bound.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { createRuleContext, defaultLintOptions, lintIFlow } from '../../../src/core/engine';
import { parseIFlow } from '../../../src/core/iflow/parse';
import type { Finding } from '../../../src/core/rules/types';
import {
  billionLaughs, cli, deepNesting, EXTERNAL_ENTITY_CASES, HOSTILE, iflowWith, installNetworkGuard, IFLOW_PATH, NOW_ARG, quadraticBlowup, tempDir, writeTree,
} from './support';

/** Bound for one hostile document; the real cost is milliseconds. */
const BOUND_MS = 3000;
/** Finding messages stay readable whatever the input holds. */
const MAX_MESSAGE = 2000;

const ctx = createRuleContext(defaultLintOptions(new Date('2026-11-27T00:00:00Z')), new CertificateIndex());

function lint(text: string): { findings: Finding[]; ms: number; error?: { message: string; range: { start: number; end: number } } } {
  const started = performance.now();
  const doc = parseIFlow(text, `x/${IFLOW_PATH}/Hostile.iflw`);
  const findings = lintIFlow(doc, ctx);
  return { findings, ms: performance.now() - started, error: doc.error };
}

/** Replaces fs's read entry points with recorders for the duration of `fn`. */
function withFsSpy<T>(fn: () => T): { result: T; reads: string[] } {
  const reads: string[] = [];
  const names = ['readFileSync', 'openSync', 'readFile', 'open', 'createReadStream', 'existsSync', 'statSync', 'readdirSync'] as const;
  const realFs = require('fs') as typeof import('fs');
  const fsAny = realFs as unknown as Record<string, unknown>;
  const promisesAny = realFs.promises as unknown as Record<string, unknown>;
  const saved = names.map((n) => fsAny[n]);
  const savedP = ['readFile', 'open', 'stat', 'readdir'].map((n) => promisesAny[n]);
  names.forEach((n, i) => { fsAny[n] = (...a: unknown[]) => { reads.push(`fs.${n}(${String(a[0])})`); return (saved[i] as (...x: unknown[]) => unknown)(...a); }; });
  ['readFile', 'open', 'stat', 'readdir'].forEach((n, i) => { promisesAny[n] = (...a: unknown[]) => { reads.push(`fs.promises.${n}(${String(a[0])})`); return (savedP[i] as (...x: unknown[]) => unknown)(...a); }; });
  try {
    return { result: fn(), reads };
  } finally {
    names.forEach((n, i) => { fsAny[n] = saved[i]; });
    ['readFile', 'open', 'stat', 'readdir'].forEach((n, i) => { promisesAny[n] = savedP[i]; });
  }
}

describe('security: hostile XML', function () {
  this.timeout(120_000);

  describe('entity expansion', () => {
    for (const [name, make] of [['billion laughs (10 levels: 3 GB if expanded)', () => billionLaughs(10)], ['quadratic blowup (100 kB entity × 10,000 references: 1 GB)', () => quadraticBlowup()]] as const) {
      it(`${name}: one invalid-iflow finding at the first <!ENTITY, nothing expanded, fast`, () => {
        const text = make();
        const heapBefore = process.memoryUsage().heapUsed;
        const { findings, ms, error } = lint(text);
        const grown = process.memoryUsage().heapUsed - heapBefore;
        assert.ok(ms < BOUND_MS, `${ms} ms`);
        assert.ok(grown < 64 * 1024 * 1024, `heap grew ${grown} bytes`);
        assert.ok(error, 'refused');
        assert.strictEqual(findings.length, 1);
        assert.strictEqual(findings[0].rule, 'invalid-iflow');
        assert.strictEqual(findings[0].severity, 'error');
        assert.match(findings[0].message, /ENTITY declarations is not supported/);
        assert.strictEqual(text.slice(findings[0].range.start, findings[0].range.end), '<!ENTITY');
        assert.ok(!findings[0].message.includes('lollol'), 'nothing expanded into the message');
      });
    }

    it('the committed hostile fixtures are refused the same way', () => {
      for (const f of fs.readdirSync(HOSTILE).filter((n) => n.endsWith('.iflw') && n.startsWith('entity-'))) {
        const { findings, ms } = lint(fs.readFileSync(path.join(HOSTILE, f), 'utf8'));
        assert.ok(ms < BOUND_MS, `${f}: ${ms} ms`);
        assert.deepStrictEqual(findings.map((x) => x.rule), ['invalid-iflow'], f);
      }
    });

    it('undeclared entity references are never expanded (no DTD, no HTML entities)', () => {
      const { findings, error } = lint(iflowWith([['senderAuthType', '&nbsp;ClientCertificate'], ['userRole', '&lol9;']]));
      assert.strictEqual(error, undefined);
      const unknown = findings.find((f) => f.rule === 'unknown-authorization');
      assert.ok(unknown, 'the mode is not a known value: &nbsp; stayed as it is');
    });
  });

  describe('external entities and DTDs: no file, no network', () => {
    for (const [name, text] of Object.entries(EXTERNAL_ENTITY_CASES)) {
      it(name, () => {
        const guard = installNetworkGuard();
        let spy: { result: ReturnType<typeof lint>; reads: string[] };
        try {
          spy = withFsSpy(() => lint(text));
        } finally {
          guard.restore();
        }
        const { result, reads } = spy;
        assert.deepStrictEqual(guard.attempts, [], 'no network access');
        assert.deepStrictEqual(reads, [], 'no file access');
        assert.ok(result.ms < BOUND_MS);
        const all = JSON.stringify(result.findings);
        assert.ok(!/root:.*:0:0:/.test(all), '/etc/passwd did not leak into a finding');
        if (/<!ENTITY/.test(text)) {
          assert.deepStrictEqual(result.findings.map((f) => f.rule), ['invalid-iflow'], 'ENTITY declarations are refused');
        } else {
          // An external DTD subset without declarations is ignored: nothing is fetched, the
          // iFlow is read as written.
          assert.ok(!result.findings.some((f) => /internal error/.test(f.message)));
        }
      });
    }

    it('through the CLI: every external-entity file gives a finding; nothing read or fetched', async () => {
      const { dir, cleanup } = tempDir();
      const guard = installNetworkGuard();
      try {
        const files: Record<string, string> = {};
        Object.entries(EXTERNAL_ENTITY_CASES).forEach(([, text], i) => { files[`Flow${i}/${IFLOW_PATH}/Flow${i}.iflw`] = text; });
        writeTree(dir, files);
        const r = await cli(['lint', NOW_ARG, '--format', 'json', '.'], dir);
        assert.deepStrictEqual(guard.attempts, []);
        const findings = JSON.parse(r.out).findings as Array<{ file: string; rule: string }>;
        const invalid = new Set(findings.filter((f) => f.rule === 'invalid-iflow').map((f) => f.file.split('/')[0]));
        Object.entries(EXTERNAL_ENTITY_CASES).forEach(([name, text], i) => {
          if (/<!ENTITY/.test(text)) assert.ok(invalid.has(`Flow${i}`), `${name}: invalid-iflow`);
        });
        assert.ok(!/root:.*:0:0:/.test(r.out + r.err));
      } finally {
        guard.restore();
        cleanup();
      }
    });
  });

  describe('deep nesting: no stack overflow', () => {
    for (const [name, text] of [
      ['100,000 nested elements inside a property value, closed', () => deepNesting(100_000, true)],
      ['100,000 nested elements inside a property value, never closed', () => deepNesting(100_000, false)],
      ['100,000 nested elements as the whole document', () => `${'<d>'.repeat(100_000)}${'</d>'.repeat(100_000)}`],
      ['100,000 nested BPMN collaborations', () => `<bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL">${'<bpmn2:collaboration>'.repeat(100_000)}${'</bpmn2:collaboration>'.repeat(100_000)}</bpmn2:definitions>`],
      ['100,000 nested escaped rows in a certificate table', () => iflowWith([['senderAuthType', 'ClientCertificate'], ['clientCertificates', `${'&lt;row&gt;'.repeat(100_000)}${'&lt;/row&gt;'.repeat(100_000)}`]])],
    ] as const) {
      it(name, () => {
        const { findings, ms } = lint(text());
        assert.ok(ms < 10_000, `${ms} ms`);
        assert.ok(Array.isArray(findings));
        assert.ok(!findings.some((f) => /internal error|Maximum call stack/.test(f.message)), findings.map((f) => f.message).join('\n'));
      });
    }
  });

  describe('a 50 MB single text node', () => {
    const BIG = 50 * 1024 * 1024;
    it('as a certificate table cell: findings within a bound, messages stay short', () => {
      const dn = `CN=${'x'.repeat(BIG)}`;
      const text = iflowWith([['senderAuthType', 'ClientCertificate'], ['clientCertificates', `&lt;row&gt;&lt;cell id='clientCertificate.subjectDN'&gt;${dn}&lt;/cell&gt;&lt;cell id='clientCertificate.issuerDN'&gt;CN=CA&lt;/cell&gt;&lt;/row&gt;`]]);
      const { findings, ms } = lint(text);
      assert.ok(ms < 30_000, `${ms} ms`);
      assert.ok(findings.some((f) => f.rule === 'client-certificate-authorization'));
      assert.ok(findings.some((f) => f.rule === 'certificate-not-found'), findings.map((f) => f.rule).join());
      for (const f of findings) assert.ok(f.message.length <= MAX_MESSAGE, `${f.rule}: message of ${f.message.length} characters`);
    });

    it('as a text node outside the channels, and as an unknown mode value', () => {
      const outside = `<bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn2:documentation>${'y'.repeat(BIG)}</bpmn2:documentation><bpmn2:collaboration/></bpmn2:definitions>`;
      const a = lint(outside);
      assert.ok(a.ms < 30_000, `${a.ms} ms`);
      assert.deepStrictEqual(a.findings, []);
      const b = lint(iflowWith([['senderAuthType', 'z'.repeat(BIG)]]));
      assert.ok(b.ms < 30_000, `${b.ms} ms`);
      assert.ok(b.findings.some((f) => f.rule === 'unknown-authorization'));
      for (const f of b.findings) assert.ok(f.message.length <= MAX_MESSAGE, `${f.rule}: message of ${f.message.length} characters`);
    });

    it('through the CLI: a 50 MB iFlow on disk is linted, output stays small', async () => {
      const { dir, cleanup } = tempDir();
      try {
        writeTree(dir, { [`Big/${IFLOW_PATH}/Big.iflw`]: iflowWith([['senderAuthType', 'RoleBased'], ['userRole', 'r'.repeat(BIG)]]) });
        const r = await cli(['lint', NOW_ARG, '.'], dir);
        assert.ok(r.ms < 30_000, `${r.ms} ms`);
        assert.ok(r.out.length < 10_000, `output of ${r.out.length} characters`);
        assert.strictEqual(r.err, '');
      } finally {
        cleanup();
      }
    });
  });
});
