import * as assert from 'assert';
import { isProblem, type AnalyzedRequest } from '../../../src/core/logs/types';
import { analyze, fixture, neoLine, NODE_A, NODE_B, TRACE_A, workspace } from './support';

// The analyzer's per-line shortcuts (successes only counted, the bounded search for a 401's answer,
// callers and waiting clients found by a few characters first) must decide exactly as without them.

const A = 'http_access_nodeA_2026-11-26.log';
const B = 'http_access_nodeB_2026-11-26.log';
const at = (hms: string): string => `26/Nov/2026:${hms}`;
const P = '/http/https_shipments';
const line = (o: { client?: string; caller?: string; time: string; path?: string; status: number }): string =>
  neoLine({ client: o.client ?? '203.0.113.1', caller: o.caller, time: at(o.time), path: o.path ?? P, status: o.status });

const key = (r: AnalyzedRequest): string => `${r.record.file}:${r.record.line} ${r.verdict} ${r.caller.kind} ${r.message}`;

/** A busy log: challenges answered or not, failures of every kind, lines out of time order, two nodes. */
function busyLogs(): Record<string, string> {
  const a: string[] = [];
  const b: string[] = [];
  for (let i = 0; i < 400; i++) {
    const s = 36_000 + i * 3;
    const hms = (t: number): string => `${String(Math.floor(t / 3600)).padStart(2, '0')}:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
    const client = `198.51.100.${i % 7}`;
    const path = i % 3 ? P : '/http/https_orders?sap-client=100';
    a.push(line({ client, time: hms(s), path, status: 401 }));
    if (i % 11 !== 0) (i % 2 ? b : a).push(line({ client, caller: i % 5 ? 'SHIPPING_PARTNER' : 'acme-client@ACME Issuing CA', time: hms(s + (i % 4)), path, status: 200 }));
    if (i % 9 === 0) a.push(line({ client, caller: 'ORDERS_USER', time: hms(s - 8), path, status: [403, 404, 500, 405][i % 4] }));
  }
  return { [A]: a.join('\n'), [B]: b.join('\n') };
}

describe('logs: shortcuts decide as the long way does', () => {
  it('only problems handed out: the same summary and the same problems, in the same order, as when every request is', async () => {
    for (const files of [busyLogs(), { [NODE_A]: fixture(NODE_A), [NODE_B]: fixture(NODE_B), [TRACE_A]: fixture(TRACE_A) }]) {
      const every = await analyze(files);
      const problems = await analyze(files, workspace(), { only: isProblem });
      assert.deepStrictEqual(problems.summary, every.summary);
      assert.strictEqual(problems.requests, every.requests);
      assert.ok(problems.all.length > 10);
      assert.deepStrictEqual(problems.all.map(key), every.all.filter((r) => isProblem(r.verdict)).map(key));
    }
  });
  it('a success written before its 401, with an older success read in between, still answers it', async () => {
    const run = await analyze({ [A]: [line({ caller: 'SHIPPING_PARTNER', time: '10:00:02', status: 200 }), line({ client: '203.0.113.9', caller: 'SHIPPING_PARTNER', time: '09:59:52', status: 200 }), line({ time: '10:00:00', status: 401 })].join('\n') });
    assert.strictEqual(run.at(A, 3).verdict, 'challenge');
  });
  it('successes read before a 401 and all older than it do not answer it', async () => {
    const run = await analyze({ [A]: [line({ caller: 'SHIPPING_PARTNER', time: '09:59:58', status: 200 }), line({ caller: 'SHIPPING_PARTNER', time: '09:59:59', status: 200 }), line({ time: '10:00:00', status: 401 })].join('\n') });
    assert.strictEqual(run.at(A, 3).verdict, 'no-credentials');
  });
  it('callers alike in length and first, middle and last character are still told apart', async () => {
    // "acme@issuer" and "acme_issuer" share those characters: a certificate and a user.
    const lines = [];
    for (let i = 0; i < 6; i++) lines.push(line({ caller: i % 2 ? 'acme_issuer' : 'acme@issuer', time: `10:00:0${i}`, status: 403 }));
    const run = await analyze({ [A]: lines.join('\n') });
    assert.deepStrictEqual(run.all.map((r) => r.caller.kind), ['certificate', 'user', 'certificate', 'user', 'certificate', 'user']);
  });
  it('clients alike in length and first, middle and last character: a success answers only its own client\'s 401', async () => {
    // "10.0.0.1" and "10.9.0.1" share those characters.
    const run = await analyze({ [A]: [line({ client: '10.0.0.1', time: '10:00:00', status: 401 }), line({ client: '10.9.0.1', time: '10:00:00', status: 401 }), line({ client: '10.9.0.1', caller: 'SHIPPING_PARTNER', time: '10:00:01', status: 200 })].join('\n') });
    assert.deepStrictEqual(run.all.map((r) => r.verdict), ['no-credentials', 'challenge', 'ok']);
  });
});
