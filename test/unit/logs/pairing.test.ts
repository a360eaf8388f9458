import * as assert from 'assert';
import { analyze, neoLine, workspace } from './support';

const A = 'http_access_nodeA_2026-11-26.log';
const B = 'http_access_nodeB_2026-11-26.log';
const at = (hms: string): string => `26/Nov/2026:${hms}`;
const P = '/http/https_shipments';

const challenge = (o: { client?: string; time: string; path?: string }): string => neoLine({ client: o.client ?? '203.0.113.1', time: at(o.time), path: o.path ?? P, status: 401 });
const call = (o: { client?: string; caller?: string; time: string; path?: string; status?: number }): string =>
  neoLine({ client: o.client ?? '203.0.113.1', caller: o.caller ?? 'SHIPPING_PARTNER', time: at(o.time), path: o.path ?? P, status: o.status ?? 200 });

async function verdictOfFirst(lines: string[], files: Record<string, string> = {}): Promise<string> {
  const run = await analyze({ [A]: lines.join('\n'), ...files });
  return run.at(A, 1).verdict;
}

describe('logs: the challenge pairing', () => {
  it('a 401 without caller answered by the same client on the same path with a caller, successfully, is a challenge', async () => {
    assert.strictEqual(await verdictOfFirst([challenge({ time: '10:00:00' }), call({ time: '10:00:01' })]), 'challenge');
  });
  it('0 s and exactly 60 s later still pair; 61 s later does not', async () => {
    assert.strictEqual(await verdictOfFirst([challenge({ time: '10:00:00' }), call({ time: '10:00:00' })]), 'challenge');
    assert.strictEqual(await verdictOfFirst([challenge({ time: '10:00:00' }), call({ time: '10:01:00' })]), 'challenge');
    assert.strictEqual(await verdictOfFirst([challenge({ time: '10:00:00' }), call({ time: '10:01:01' })]), 'no-credentials');
  });
  it('another client, another path, a follow-up without caller, or a failed follow-up do not pair', async () => {
    assert.strictEqual(await verdictOfFirst([challenge({ time: '10:00:00' }), call({ time: '10:00:01', client: '203.0.113.2' })]), 'no-credentials');
    assert.strictEqual(await verdictOfFirst([challenge({ time: '10:00:00' }), call({ time: '10:00:01', path: '/http/https_orders' })]), 'no-credentials');
    assert.strictEqual(await verdictOfFirst([challenge({ time: '10:00:00' }), call({ time: '10:00:01', caller: '-' })]), 'no-credentials');
    assert.strictEqual(await verdictOfFirst([challenge({ time: '10:00:00' }), call({ time: '10:00:01', status: 403 })]), 'no-credentials');
    assert.strictEqual(await verdictOfFirst([challenge({ time: '10:00:00' }), call({ time: '10:00:01', status: 401 })]), 'no-credentials');
  });
  it('a success before the 401 does not answer it', async () => {
    const run = await analyze({ [A]: [call({ time: '09:59:59' }), challenge({ time: '10:00:00' })].join('\n') });
    assert.strictEqual(run.at(A, 2).verdict, 'no-credentials');
  });
  it('the query string does not matter, the path does', async () => {
    assert.strictEqual(await verdictOfFirst([challenge({ time: '10:00:00', path: `${P}?a=1` }), call({ time: '10:00:05', path: `${P}?b=2` })]), 'challenge');
  });
  it('looks across all the access logs given (any node), whichever file comes first', async () => {
    for (const files of [{ [B]: call({ time: '10:00:30' }) }, { [B]: call({ time: '10:00:30' }), [A]: challenge({ time: '10:00:00' }) }]) {
      const run = await analyze({ [A]: challenge({ time: '10:00:00' }), ...files });
      assert.strictEqual(run.at(A, 1).verdict, 'challenge');
    }
  });
  it('a success written before its 401 (lines are written when a request ends) still answers it', async () => {
    const run = await analyze({ [A]: [call({ time: '10:00:02' }), challenge({ time: '10:00:00' })].join('\n') });
    assert.strictEqual(run.at(A, 2).verdict, 'challenge');
  });
  it('one success answers every waiting 401 of its client and path (retries)', async () => {
    const run = await analyze({ [A]: [challenge({ time: '10:00:00' }), challenge({ time: '10:00:10' }), call({ time: '10:00:20' })].join('\n') });
    assert.deepStrictEqual(run.all.map((r) => r.verdict), ['challenge', 'challenge', 'ok']);
    assert.match(run.at(A, 1).message, /Normal: the client sent credentials only when challenged \("SHIPPING_PARTNER" 20 s later\)/);
  });
  it('218 challenges and 2 real failures: only the 2 are problems (the issue\'s real log, in small)', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 220; i++) {
      const s = i * 5;
      const time = `1${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
      lines.push(challenge({ time, client: `203.0.113.${i % 200}` }));
      if (i !== 50 && i !== 150) lines.push(call({ time, client: `203.0.113.${i % 200}` }));
    }
    const run = await analyze({ [A]: lines.join('\n') });
    assert.strictEqual(run.summary.challenge, 218);
    assert.strictEqual(run.summary['no-credentials'], 2);
    assert.strictEqual(run.summary.ok, 218);
  });
  it('more requests waiting than the cap: the oldest are decided early, and a note says so', async () => {
    const lines = [challenge({ time: '10:00:00' })];
    for (let i = 0; i < 30; i++) lines.push(call({ time: '10:00:01', client: '198.51.100.1' }));
    lines.push(call({ time: '10:00:30' }));
    const run = await analyze({ [A]: lines.join('\n') }, workspace(), { maxPending: 10 });
    assert.strictEqual(run.at(A, 1).verdict, 'no-credentials');
    assert.match(run.notes.map((n) => n.message).join('\n'), /more than 10 requests within about a minute of log time/);
    assert.strictEqual(run.requests, 32);
  });
});
