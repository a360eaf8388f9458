import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { DEFAULT_CERTIFICATE_GLOBS } from '../../../src/core/defaults';
import type { FoundFiles } from '../../../src/core/project/fileSystem';
import { MemoryFileSystem } from '../../../src/core/project/memoryFileSystem';
import { Project } from '../../../src/core/project/project';
import { fuzzParameters, fuzzRuns } from '../fuzz/corpus';
import { buildIFlow, CERTS, NOW, userRole } from '../support/iflowBuilder';

const FLOW_DIR = 'src/main/resources/scenarioflows/integrationflow';
const pem = (name: string): string => fs.readFileSync(path.join(CERTS, `${name}.pem`), 'utf8');

/** A port that records each folder search. */
class CountingFileSystem extends MemoryFileSystem {
  readonly searches: Array<{ folder: string; patterns: string[] }> = [];

  override async findFiles(folder: string, patterns: readonly string[]): Promise<FoundFiles> {
    this.searches.push({ folder, patterns: [...patterns] });
    return super.findFiles(folder, patterns);
  }
}

/** An export and certificate files in several places, one under node_modules, one not a certificate by name. */
function files(config?: object): Record<string, string> {
  return {
    [`/ws/Orders/${FLOW_DIR}/Orders.iflw`]: buildIFlow([{ name: 'HTTPS_Orders', props: userRole('Orders.send') }]),
    '/ws/certificates/acme-client.pem': pem('acme-client'),
    '/ws/security/partners/acme-expiring.crt': pem('acme-expiring'),
    '/ws/old/acme-expired.pem': pem('acme-expired'),
    '/ws/legacy/acme-client.cert': pem('acme-client'),
    '/ws/node_modules/pkg/test.pem': pem('acme-client'),
    ...(config ? { '/ws/.iflow-auth.json': JSON.stringify(config) } : {}),
  };
}

async function load(config?: object, roots = [{ path: '/ws' }]): Promise<{ read: string[]; searches: CountingFileSystem['searches'] }> {
  const port = new CountingFileSystem(files(config));
  const project = new Project({ fs: port, roots, now: () => NOW });
  await project.load();
  return { read: [...project.certificateFiles().keys()].sort(), searches: port.searches };
}

describe('project: one folder search finds the iFlows and the certificate files', () => {
  it('default globs: one search of the root; every certificate file outside excluded folders is read', async () => {
    const { read, searches } = await load();
    assert.deepStrictEqual(searches.map((s) => s.folder), ['/ws']);
    assert.deepStrictEqual(read, ['/ws/certificates/acme-client.pem', '/ws/old/acme-expired.pem', '/ws/security/partners/acme-expiring.crt']);
  });

  it('globs narrower than the listing (a folder, an extension, an exclusion): still one search, only what they match', async () => {
    const { read, searches } = await load({ certificates: ['**/*.{pem,crt}', '!old/**'] });
    assert.strictEqual(searches.length, 1);
    assert.deepStrictEqual(read, ['/ws/certificates/acme-client.pem', '/ws/security/partners/acme-expiring.crt']);
    const security = await load({ certificates: ['security/**/*.crt'] });
    assert.strictEqual(security.searches.length, 1);
    assert.deepStrictEqual(security.read, ['/ws/security/partners/acme-expiring.crt']);
  });

  it('a glob the listing cannot answer (another extension): a search of its own, as before', async () => {
    const { read, searches } = await load({ certificates: ['**/*.cert', '**/*.pem'] });
    assert.deepStrictEqual(searches.map((s) => s.patterns), [searches[0].patterns, ['**/*.cert', '**/*.pem']]);
    assert.deepStrictEqual(read, ['/ws/certificates/acme-client.pem', '/ws/legacy/acme-client.cert', '/ws/old/acme-expired.pem']);
  });

  it('certificates named outside the roots (a scope above the root folder): searched, as before', async () => {
    const port = new CountingFileSystem({ ...files(), '/ws/.iflow-auth.json': JSON.stringify({ certificates: ['../shared/*.pem'] }), '/shared/acme-client.pem': pem('acme-client') });
    const project = new Project({ fs: port, roots: [{ path: '/ws' }], now: () => NOW });
    await project.load();
    assert.ok(port.searches.length >= 2, JSON.stringify(port.searches));
  });

  it('an update after the load searches again: the listing is the load’s only', async () => {
    const port = new CountingFileSystem(files());
    const project = new Project({ fs: port, roots: [{ path: '/ws' }], now: () => NOW });
    await project.load();
    port.write('/ws/.iflow-auth.json', JSON.stringify({ certificates: ['old/*.pem'] }));
    const before = port.searches.length;
    await project.update(['/ws/.iflow-auth.json']);
    assert.ok(port.searches.length > before, 'the new globs were searched for');
    assert.deepStrictEqual([...project.certificateFiles().keys()], ['/ws/old/acme-expired.pem']);
  });
});

describe('project: the listing answers as a search of its own would (generated files and globs)', () => {
  const FOLDERS = ['', 'certs/', 'Certs/', 'security/partners/', 'node_modules/x/', '.hidden/', 'old/'];
  const NAMES = ['a.pem', 'B.PEM', 'c.crt', 'd.cer', 'e.der', 'f.p7b', 'g.cert', 'h.txt'];
  const GLOBS = ['**/*.pem', '**/*.{pem,crt}', 'certs/**/*.pem', 'Certs/*.pem', '**/*.PEM', '!old/**', '**/*.cert', 'security/**/*.{cer,crt,pem,der,p7b,p7c}', '*.pem', '../x/*.pem'];

  it('the certificate files read equal the files a search with the configured globs finds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(fc.constantFrom(...FOLDERS), fc.constantFrom(...NAMES)), { minLength: 1, maxLength: 12, selector: ([d, n]) => d + n }),
        fc.option(fc.uniqueArray(fc.constantFrom(...GLOBS), { minLength: 1, maxLength: 3 }), { nil: undefined }),
        async (paths, globs) => {
          const all: Record<string, string> = { [`/ws/Orders/${FLOW_DIR}/Orders.iflw`]: buildIFlow([{ name: 'HTTPS_Orders', props: userRole('Orders.send') }]) };
          for (const [dir, name] of paths) all[`/ws/${dir}${name}`] = pem('acme-client');
          if (globs) all['/ws/.iflow-auth.json'] = JSON.stringify({ certificates: globs });
          const port = new MemoryFileSystem(all);
          const project = new Project({ fs: port, roots: [{ path: '/ws' }], now: () => NOW });
          await project.load();
          const searched = await new MemoryFileSystem(all).findFiles('/ws', globs ?? DEFAULT_CERTIFICATE_GLOBS);
          assert.deepStrictEqual([...project.certificateFiles().keys()].sort(), [...searched.files].sort());
        },
      ),
      { numRuns: fuzzRuns(300), ...fuzzParameters() },
    );
  });
});
