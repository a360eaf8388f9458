/**
 * Hostile XML: entity expansion (billion laughs, quadratic blowup), external entities and DTDs
 * (file and URL), 100,000-deep nesting, a 50 MB text node. Required: no expansion, no file or
 * network access, no stack overflow, and a clear answer after bounded work (counted, not timed:
 * test/unit/support/work.ts; how fast is for the bench).
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
import { assertLinearWork, countWork, WORK_BASE, WORK_PER_CHAR } from '../support/work';

/** Refusing a document reads it a few times over; expanding anything would read far more. */
const PASSES = 4;
/** Finding messages stay readable whatever the input holds. */
const MAX_MESSAGE = 2000;

const ctx = createRuleContext(defaultLintOptions(new Date('2026-11-27T00:00:00Z')), new CertificateIndex());

function lintUncounted(text: string): { findings: Finding[]; error?: { message: string; range: { start: number; end: number } } } {
  const doc = parseIFlow(text, `x/${IFLOW_PATH}/Hostile.iflw`);
  return { findings: lintIFlow(doc, ctx), error: doc.error };
}

/** Parses and lints; `work` is the characters examined (see countWork). */
function lint(text: string): { findings: Finding[]; work: number; error?: { message: string; range: { start: number; end: number } } } {
  const { result, work } = countWork(() => lintUncounted(text));
  return { ...result, work };
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
      it(`${name}: one invalid-iflow finding at the first <!ENTITY, nothing expanded`, () => {
        const text = make();
        const heapBefore = process.memoryUsage().heapUsed;
        const { findings, work, error } = lint(text);
        const grown = process.memoryUsage().heapUsed - heapBefore;
        assert.ok(work <= PASSES * text.length, `${work} characters examined for ${text.length}`);
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
        const text = fs.readFileSync(path.join(HOSTILE, f), 'utf8');
        const { findings, work } = lint(text);
        assert.ok(work <= PASSES * text.length, `${f}: ${work} characters examined for ${text.length}`);
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
        // Not refused (without ENTITY declarations): read and linted like any iFlow, with the fuzz suites' bound.
        assert.ok(result.work <= WORK_PER_CHAR * text.length + WORK_BASE, `${result.work} characters examined for ${text.length}`);
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

  describe('deep nesting: no stack overflow, linear work', () => {
    for (const [name, text] of [
      ['100,000 nested elements inside a property value, closed', (n: number) => deepNesting(n, true)],
      ['100,000 nested elements inside a property value, never closed', (n: number) => deepNesting(n, false)],
      ['100,000 nested elements as the whole document', (n: number) => `${'<d>'.repeat(n)}${'</d>'.repeat(n)}`],
      ['100,000 nested BPMN collaborations', (n: number) => `<bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL">${'<bpmn2:collaboration>'.repeat(n)}${'</bpmn2:collaboration>'.repeat(n)}</bpmn2:definitions>`],
      ['100,000 nested escaped rows in a certificate table', (n: number) => iflowWith([['senderAuthType', 'ClientCertificate'], ['clientCertificates', `${'&lt;row&gt;'.repeat(n)}${'&lt;/row&gt;'.repeat(n)}`]])],
    ] as const) {
      it(name, () => {
        // Counted at 10,000 and 40,000 levels, then read at 100,000 (the stack's test).
        assertLinearWork(name, text, lintUncounted, 10_000);
        const { findings } = lintUncounted(text(100_000));
        assert.ok(Array.isArray(findings));
        assert.ok(!findings.some((f) => /internal error|Maximum call stack/.test(f.message)), findings.map((f) => f.message).join('\n'));
      });
    }
  });

  describe('a 50 MB single text node', () => {
    const BIG = 50 * 1024 * 1024;
    // Counted at 0.5 and 2 MB (linear work), then read at 50 MB.
    const SMALL = 512 * 1024;
    it('as a certificate table cell: linear work, messages stay short', () => {
      const cell = (size: number): string => iflowWith([['senderAuthType', 'ClientCertificate'], ['clientCertificates', `&lt;row&gt;&lt;cell id='clientCertificate.subjectDN'&gt;CN=${'x'.repeat(size)}&lt;/cell&gt;&lt;cell id='clientCertificate.issuerDN'&gt;CN=CA&lt;/cell&gt;&lt;/row&gt;`]]);
      assertLinearWork('a big table cell', cell, lintUncounted, SMALL);
      const { findings } = lintUncounted(cell(BIG));
      assert.ok(findings.some((f) => f.rule === 'client-certificate-authorization'));
      assert.ok(findings.some((f) => f.rule === 'certificate-not-found'), findings.map((f) => f.rule).join());
      for (const f of findings) assert.ok(f.message.length <= MAX_MESSAGE, `${f.rule}: message of ${f.message.length} characters`);
    });

    it('thousands of bare & in a certificate table cell (&amp; in the escaped table, no ; after them): linear work', () => {
      // Each & once looked ahead to the next ; however far: quadratic in the run of ampersands.
      const ampersands = (n: number): string => iflowWith([['senderAuthType', 'ClientCertificate'], ['clientCertificates', `&lt;row&gt;&lt;cell id='clientCertificate.subjectDN'&gt;CN=a${'&amp;'.repeat(n)}&lt;/cell&gt;&lt;cell id='clientCertificate.issuerDN'&gt;CN=CA&lt;/cell&gt;&lt;/row&gt;`]]);
      assertLinearWork('bare ampersands in a table cell', ampersands, lintUncounted, 5_000);
    });

    it('as a text node outside the channels, and as an unknown mode value: linear work', () => {
      const outside = (size: number): string => `<bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn2:documentation>${'y'.repeat(size)}</bpmn2:documentation><bpmn2:collaboration/></bpmn2:definitions>`;
      const mode = (size: number): string => iflowWith([['senderAuthType', 'z'.repeat(size)]]);
      assertLinearWork('a big text node', outside, lintUncounted, SMALL);
      assertLinearWork('a big mode value', mode, lintUncounted, SMALL);
      const a = lintUncounted(outside(BIG));
      assert.deepStrictEqual(a.findings, []);
      const b = lintUncounted(mode(BIG));
      assert.ok(b.findings.some((f) => f.rule === 'unknown-authorization'));
      for (const f of b.findings) assert.ok(f.message.length <= MAX_MESSAGE, `${f.rule}: message of ${f.message.length} characters`);
    });

    it('through the CLI: a 50 MB iFlow on disk is linted, output stays small', async () => {
      const { dir, cleanup } = tempDir();
      try {
        writeTree(dir, { [`Big/${IFLOW_PATH}/Big.iflw`]: iflowWith([['senderAuthType', 'RoleBased'], ['userRole', 'r'.repeat(BIG)]]) });
        const r = await cli(['lint', NOW_ARG, '.'], dir);
        assert.ok(r.out.length < 10_000, `output of ${r.out.length} characters`);
        assert.strictEqual(r.err, '');
      } finally {
        cleanup();
      }
    });
  });
});
