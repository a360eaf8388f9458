/**
 * Long runs of one character where the code once used regexes that restart in every run (`?` in a
 * URI before a line break, `/` or `_` at the end of a name, attribute names in the certificate
 * table): each such search scanned the rest of the run again, quadratic in its length. The code now
 * cuts at an index or walks the text once; these inputs show the work stays linear (counted with
 * test/unit/support/work.ts, never timed). Backtracking inside one regex search is not visible to
 * the count: ESLint's regexp/no-super-linear-* rules keep the regexes of src/ from it.
 */
import * as assert from 'assert';
import { isIFlowPath, iflowBaseName } from '../../../src/core/iflow/layout';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { parseRejectedCertificate } from '../../../src/core/logs/traceReader';
import { deriveUserName } from '../../../src/core/mapping/userName';
import { baseNameOf, joinPath, relativePath, trimEndOf, withoutQueryOrFragment } from '../../../src/core/paths';
import { assertLinearWork } from '../support/work';
import { iflowWith } from './support';

const N = 20_000;

/** A certificate table (escaped once more, as in the iFlow) of one row; `cellJunk` goes before the subject cell's id. */
function tableWith(rowJunk: string, cellJunk: string): string {
  const escaped = (s: string): string => s.replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped(`<row ${rowJunk}><cell ${cellJunk} id='clientCertificate.subjectDN'>CN=acme-client</cell><cell id='clientCertificate.issuerDN'>CN=ACME Issuing CA</cell></row>`);
}

describe('security: long runs of one character (linear work)', () => {
  it('URIs with a long run of ? or # before a line break: the query is cut at an index', () => {
    const uri = (n: number): string => `file:///w/Flow.iflw${'?'.repeat(n)}\n`;
    assert.strictEqual(withoutQueryOrFragment(uri(3)), 'file:///w/Flow.iflw');
    assert.strictEqual(isIFlowPath(uri(3)), true);
    assert.strictEqual(iflowBaseName(uri(3)), 'Flow');
    assertLinearWork('isIFlowPath', uri, isIFlowPath, N);
    assertLinearWork('iflowBaseName', (n) => `file:///w/${'#'.repeat(n)}\n`, iflowBaseName, N);
    assertLinearWork('relativePath of URIs', (n) => `file:///w/a/b.cer${'?'.repeat(n)}\n`, (u) => relativePath('file:///w', u), N);
    assert.strictEqual(relativePath('file:///w', 'file:///w/a/b.cer?x\ny'), 'a/b.cer');
    assert.strictEqual(joinPath('file:///w?q\n', 'a.cer'), 'file:///w/a.cer');
  });

  it('names ending in a long run of / or _', () => {
    assert.strictEqual(trimEndOf('a/b///', '/'), 'a/b');
    assert.strictEqual(baseNameOf(`a/b${'/'.repeat(5)}`), 'b');
    assertLinearWork('baseNameOf', (n) => `${'/'.repeat(n)}x`, baseNameOf, N);
    assertLinearWork('baseNameOf (trailing)', (n) => `a${'/'.repeat(n)}`, baseNameOf, N);
    assert.strictEqual(deriveUserName(`__acme--client__${'_'.repeat(5)}`), 'ACME_CLIENT');
    assertLinearWork('deriveUserName', (n) => `A${'_-'.repeat(n)}B${'_'.repeat(n)}`, deriveUserName, N);
  });

  it('certificate table tags with a long attribute name: read in one pass, the cells still found', () => {
    const doc = (n: number) => parseIFlow(iflowWith([['senderAuthType', 'ClientCertificate'], ['clientCertificates', tableWith('r'.repeat(n), 'c'.repeat(n))]]), 'Flow.iflw');
    const entries = doc(10).channels[0].certificates;
    assert.deepStrictEqual(entries.map((e) => [e.subjectDN.value, e.issuerDN.value]), [['CN=acme-client', 'CN=ACME Issuing CA']]);
    assertLinearWork('parseIFlow (certificate table)', (n) => iflowWith([['senderAuthType', 'ClientCertificate'], ['clientCertificates', tableWith('r'.repeat(n), `x="1" ${'c'.repeat(n)}`)]]), (text) => parseIFlow(text, 'Flow.iflw'), N);
  });

  it("SAP's rejected-certificate trace message with long runs of spaces: the DNs are trimmed after the match", () => {
    const message = (n: number): string => `Subject and issuer (subject:${' '.repeat(n)}CN=a;${' '.repeat(n)}issuer:${' '.repeat(n)}CN=b) of the provided certificate is not contained in the accepted subjectAndIssuers list`;
    assert.deepStrictEqual(parseRejectedCertificate(message(3)), { subjectDN: 'CN=a', issuerDN: 'CN=b' });
    assertLinearWork('parseRejectedCertificate', message, parseRejectedCertificate, 1_000);
  });
});
