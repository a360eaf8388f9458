import * as assert from 'node:assert';
import { plural } from '../../src/core/plural';
import { DAY_MS, describeExpiry, expiresWithin } from '../../src/core/time';

describe('time and counting words', () => {
  const now = new Date('2026-11-27T00:00:00Z');
  const at = (days: number): Date => new Date(now.getTime() + days * DAY_MS);

  it('expiresWithin: ahead and inside the window, both ends included as the rule means them', () => {
    assert.strictEqual(expiresWithin(at(30), now, 30), true, 'exactly 30 days ahead is inside a 30-day window');
    assert.strictEqual(expiresWithin(at(30.001), now, 30), false);
    assert.strictEqual(expiresWithin(new Date(now.getTime() + 1), now, 30), true);
    assert.strictEqual(expiresWithin(now, now, 30), false, 'expiring this instant is expired, not expiring');
    assert.strictEqual(expiresWithin(at(-1), now, 30), false);
    assert.strictEqual(expiresWithin(at(1), now, 0), false, 'a window of 0 days warns about nothing');
  });

  it('describeExpiry counts whole days', () => {
    assert.strictEqual(describeExpiry(at(1), now), 'expires in 1 day');
    assert.strictEqual(describeExpiry(at(12.5), now), 'expires in 12 days');
    assert.strictEqual(describeExpiry(at(-3), now), 'expired 3 days ago');
    assert.strictEqual(describeExpiry(now, now), 'expired today');
  });

  it('plural: regular and irregular nouns', () => {
    assert.strictEqual(plural(0, 'file'), '0 files');
    assert.strictEqual(plural(1, 'file'), '1 file');
    assert.strictEqual(plural(2, 'entry', 'entries'), '2 entries');
    assert.strictEqual(plural(1, 'entry', 'entries'), '1 entry');
  });
});
