import * as assert from 'assert';
import * as fc from 'fast-check';
import { MemoryFileSystem } from '../../../src/core/project/memoryFileSystem';
import { comparePaths } from '../../../src/core/project/paths';
import { Project } from '../../../src/core/project/project';
import { ReadAhead } from '../../../src/core/project/readAhead';
import { buildIFlow, clientCertificate, ISSUER, NOW, pem, userRole } from '../support/iflowBuilder';

const FLOW_DIR = 'src/main/resources/scenarioflows/integrationflow';
const CERT = '/ws/certificates/acme.pem';

/** A port whose every read is a round trip that takes its time (the editor's), each `delay(path)` ms. */
class SlowFileSystem extends MemoryFileSystem {
  readonly readsAtOnce = 3;
  inFlight = 0;
  maxInFlight = 0;

  constructor(files: Record<string, string>, private readonly delay: (path: string) => number) {
    super(files);
  }

  override async readBytes(p: string): Promise<Uint8Array | undefined> {
    const bytes = await super.readBytes(p); // the bytes as they were when the read started
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, this.delay(p)));
    this.inFlight--;
    return bytes;
  }
}

/** Ten exports, each with a manifest and parameters.prop; one certificate; a mapping file. */
function tenExports(): Record<string, string> {
  const files: Record<string, string> = {
    [CERT]: pem('acme-client'),
    '/ws/certificate-user-mappings.json': JSON.stringify({ mappings: [{ user: 'PARTNER', roles: ['Flow3.send'], certificate: null }] }),
  };
  for (let i = 0; i < 10; i++) {
    const root = `/ws/Flow${i}`;
    files[`${root}/META-INF/MANIFEST.MF`] = `Manifest-Version: 1.0\nBundle-SymbolicName: Flow${i}\nBundle-Name: Flow ${i}\n`;
    files[`${root}/src/main/resources/parameters.prop`] = 'subject=CN=acme-client, O=ACME, C=DE\n';
    files[`${root}/${FLOW_DIR}/Flow${i}.iflw`] = buildIFlow([
      { name: `HTTPS_${i}`, props: i % 2 === 0 ? clientCertificate([['{{subject}}', ISSUER], ['CN=nobody, O=ACME, C=DE', ISSUER]]) : userRole(`Flow${i}.send`) },
    ]);
  }
  return files;
}

const findingsOf = (project: Project): string => JSON.stringify([...project.findingsByFiles()].sort(([a], [b]) => comparePaths(a, b)));

describe('project: reading ahead', () => {
  it('reads in the order asked, at most `atOnce` at a time, each path once; a path asked for before its read started is left to the caller', async () => {
    const started: string[] = [];
    const release = new Map<string, () => void>();
    const read = (p: string): Promise<Uint8Array | undefined> => {
      started.push(p);
      return new Promise((resolve) => release.set(p, () => resolve(new TextEncoder().encode(p))));
    };
    const ahead = new ReadAhead(['a', 'b', 'c', 'd', 'e'], read, 2, (p) => p === 'c');
    assert.deepStrictEqual(started, ['a', 'b']);
    assert.strictEqual(ahead.take('e'), undefined, 'not started yet: the caller reads it');
    const a = ahead.take('a');
    assert.ok(a);
    assert.strictEqual(ahead.take('a'), undefined, 'handed out once');
    release.get('a')!();
    assert.strictEqual(new TextDecoder().decode(await a), 'a');
    assert.deepStrictEqual(started, ['a', 'b', 'd'], 'c is skipped (an open editor has it), e was taken early');
    release.get('b')!();
    release.get('d')!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepStrictEqual(started, ['a', 'b', 'd']);
  });

  it('stop() starts no more reads', async () => {
    const started: string[] = [];
    const ahead = new ReadAhead(['a', 'b', 'c'], async (p) => {
      started.push(p);
      return undefined;
    }, 1);
    ahead.stop();
    await ahead.take('a');
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepStrictEqual(started, ['a']);
  });

  it('a project read through a slow port with reads in flight finds what a one-at-a-time port finds, reading each file once', async () => {
    const files = tenExports();
    const slow = new SlowFileSystem(files, (p) => (p.length * 7) % 5);
    const plain = new MemoryFileSystem(files);
    const a = new Project({ fs: slow, roots: [{ path: '/ws' }], now: () => NOW });
    const b = new Project({ fs: plain, roots: [{ path: '/ws' }], now: () => NOW });
    await Promise.all([a.load(), b.load()]);
    assert.strictEqual(a.documents().length, 10);
    assert.strictEqual(findingsOf(a), findingsOf(b));
    assert.ok(slow.maxInFlight > 1 && slow.maxInFlight <= 3, `reads in flight: ${slow.maxInFlight}`);
    for (const [p, n] of slow.reads) assert.strictEqual(n, 1, `${p} read ${n} times`);
  });

  it('shows the iFlows and mapping files read before the certificates are read and anything is linted (read)', async () => {
    const project = new Project({ fs: new MemoryFileSystem(tenExports()), roots: [{ path: '/ws' }], now: () => NOW });
    let seen: { iflows: number; mappings: number; findings: number } | undefined;
    await project.load('everything', {
      read: () => {
        seen = { iflows: project.documents().length, mappings: project.mappingFiles().length, findings: project.allFindings().length };
      },
    });
    assert.deepStrictEqual(seen, { iflows: 10, mappings: 1, findings: 0 });
    assert.ok(project.allFindings().length > 0);
    assert.strictEqual(project.certificateFiles().size, 1);
  });

  it('tells its progress while it reads the iFlows, over every root, each report with the iFlows read so far in the project (progress)', async () => {
    const files = tenExports();
    for (let i = 0; i < 4; i++) {
      files[`/other/Extra${i}/${FLOW_DIR}/Extra${i}.iflw`] = buildIFlow([{ name: 'HTTPS_Extra', props: userRole(`Extra${i}.send`) }]);
    }
    const project = new Project({ fs: new MemoryFileSystem(files), roots: [{ path: '/ws' }, { path: '/other' }], now: () => NOW });
    const reports: Array<{ found: number; read: number; iflows: number; mappings: number }> = [];
    let readAt = -1;
    await project.load('everything', {
      progress: (p) => reports.push({ ...p, iflows: project.documents().length, mappings: project.mappingFiles().length }),
      read: () => {
        readAt = reports.length;
      },
    });
    assert.deepStrictEqual(reports.map((r) => r.read), Array.from({ length: 14 }, (_, i) => i + 1));
    for (const r of reports) assert.strictEqual(r.iflows, r.read, 'each report: the iFlows read so far are in the project');
    // The second root's search adds its iFlows to what is found.
    assert.deepStrictEqual([...new Set(reports.map((r) => r.found))], [10, 14]);
    assert.strictEqual(readAt, 14, 'read comes after the last progress report');
    assert.strictEqual(reports[0].mappings, 0, 'the mapping file is read after the iFlows');
    // Reports only during load: an update that scans a created folder reports nothing.
    reports.length = 0;
    await project.update(['/other']);
    assert.strictEqual(reports.length, 0);
  });

  it('a load whose reading fails stops reporting progress: the next update reports nothing', async () => {
    const files = tenExports();
    class FailingFileSystem extends MemoryFileSystem {
      fail = true;
      override async findFiles(folder: string, patterns: readonly string[]): ReturnType<MemoryFileSystem['findFiles']> {
        if (this.fail && folder === '/ws') throw new Error('search failed');
        return super.findFiles(folder, patterns);
      }
    }
    const port = new FailingFileSystem(files);
    const project = new Project({ fs: port, roots: [{ path: '/ws' }], now: () => NOW });
    let reports = 0;
    await assert.rejects(project.load('everything', { progress: () => reports++ }), /search failed/);
    port.fail = false;
    await project.update(['/ws']);
    assert.strictEqual(reports, 0);
    assert.strictEqual(project.documents().length, 10);
  });

  it('a certificate file changed twice quickly: the latest content wins, even when the first read is the slower', async () => {
    const files = tenExports();
    let slowNext = false;
    const port = new SlowFileSystem(files, (p) => (p === CERT && slowNext ? 30 : 0));
    const project = new Project({ fs: port, roots: [{ path: '/ws' }], now: () => NOW });
    await project.load();
    const resolvedSubjects = (): string[] => [...project.certificateFiles().get(CERT)?.certificates.map((c) => c.subject) ?? []];
    assert.match(resolvedSubjects().join(), /acme-client/);

    port.write(CERT, pem('acme-expired'));
    slowNext = true;
    const first = project.update([CERT]); // its read takes 30 ms and sees acme-expired
    slowNext = false;
    port.write(CERT, pem('acme-expiring'));
    const second = project.update([CERT]); // asked later, its read would finish first
    await Promise.all([first, second]);
    assert.match(resolvedSubjects().join(), /acme-expiring/);
    assert.doesNotMatch(resolvedSubjects().join(), /acme-expired/);
  });
});

describe('project: path order', () => {
  it('comparePaths orders as comparing segment by segment does', () => {
    const bySegments = (a: string, b: string): number => {
      const x = a.split('/');
      const y = b.split('/');
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return x.length - y.length;
    };
    const segment = fc.string({ unit: fc.constantFrom('a', 'b', '-', '.', '/', ' ', 'é', 'Z', '0'), maxLength: 6 });
    fc.assert(fc.property(segment, segment, (a, b) => Math.sign(comparePaths(a, b)) === Math.sign(bySegments(a, b))), { numRuns: 2000 });
  });
});
