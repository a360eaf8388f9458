import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultTrustStore, rootsOfSet, setTrustedRootData, trustedRootData } from '../../../src/core/certs/trustedRoots';

const SOURCE = path.join(__dirname, '../../../../src/core/certs/trusted-roots.json');

/** The extension installs the data it reads from its folder; the CLI and these tests bundle it. */
describe('certs: the trusted roots handed over at activation', () => {
  const bundled = trustedRootData();
  afterEach(() => setTrustedRootData(bundled));

  it('a copy read from the file gives the same roots and the same default store', () => {
    const before = { btp: rootsOfSet('btp'), neo: rootsOfSet('neo'), store: defaultTrustStore().roots };
    setTrustedRootData(JSON.parse(fs.readFileSync(SOURCE, 'utf8')));
    assert.notStrictEqual(trustedRootData(), bundled, 'the copy is in use');
    assert.deepStrictEqual(rootsOfSet('btp'), before.btp);
    assert.deepStrictEqual(rootsOfSet('neo'), before.neo);
    assert.deepStrictEqual(defaultTrustStore().roots, before.store);
  });

  it('anything else is refused with a clear message, and the roots in use stay', () => {
    for (const bad of [null, 42, 'roots', {}, { about: 'x', sources: [], roots: [] }, { about: 'x', sources: {}, roots: [{}] }]) {
      assert.throws(() => setTrustedRootData(bad), /trusted-roots\.json does not hold the trusted roots/);
      assert.strictEqual(trustedRootData(), bundled);
    }
  });
});
