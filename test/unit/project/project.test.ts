import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MemoryFileSystem } from '../../../src/core/project/memoryFileSystem';
import { Project, type ProjectOptions } from '../../../src/core/project/project';
import { fixProject } from '../../../src/core/project/fixRun';
import { comparePaths, parentOf, sortPaths } from '../../../src/core/project/paths';
import fc from 'fast-check';
import { buildIFlow, CERTS, clientCertificate, FIXTURES, ISSUER, NOW, userRole } from '../support/iflowBuilder';

const FLOW_DIR = 'src/main/resources/scenarioflows/integrationflow';
const iflowPath = (root: string, name: string): string => `${root}/${name}/${FLOW_DIR}/${name}.iflw`;
const pem = (name: string): string => fs.readFileSync(path.join(CERTS, `${name}.pem`), 'utf8');
const mapping = (entries: Array<{ user: string; roles: string[] }>): string =>
  JSON.stringify({ mappings: entries.map((e) => ({ ...e, certificate: null })) }, null, 2);

const ORDERS = iflowPath('/ws1', 'Orders');
const BILLING = iflowPath('/ws1', 'Billing');
const OTHER = iflowPath('/ws1', 'Other');
const SHIPMENTS = iflowPath('/ws2', 'Shipments');
const MAPPING1 = '/ws1/certificate-user-mappings.json';
const MAPPING2 = '/ws2/certificate-user-mappings.json';

/** Two workspace folders: ws1 with three exports, certificates and a mapping file; ws2 with one export and its own mapping. */
function workspace(): MemoryFileSystem {
  return new MemoryFileSystem({
    '/ws1/Orders/META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\nBundle-SymbolicName: Orders_Id\nBundle-Name: Orders Inbound\n',
    '/ws1/Orders/src/main/resources/parameters.prop': 'subject=CN=acme-expiring, O=ACME, C=DE\n',
    [ORDERS]: buildIFlow([{ name: 'HTTPS_Orders', props: clientCertificate([['CN=acme-client, O=ACME, C=DE', ISSUER], ['{{subject}}', ISSUER]]) }]),
    [BILLING]: buildIFlow([{ name: 'HTTPS_Billing', props: userRole('Billing.send') }]),
    [OTHER]: buildIFlow([{ name: 'HTTPS_Other', props: clientCertificate([['CN=acme-expired, O=ACME, C=DE', ISSUER]]) }]),
    '/ws1/certificates/acme-client.pem': pem('acme-client'),
    '/ws1/certificates/acme-expiring.pem': pem('acme-expiring'),
    '/ws1/certificates/acme-expired.pem': pem('acme-expired'),
    '/ws1/node_modules/pkg/Ignored.iflw': buildIFlow([{ props: userRole('X.send') }]),
    [MAPPING1]: mapping([{ user: 'BILLING_PARTNER', roles: ['Billing.send'] }]),
    [SHIPMENTS]: buildIFlow([{ name: 'HTTPS_Shipments', props: userRole('Ship.send') }]),
    [MAPPING2]: mapping([{ user: 'OTHER_PARTNER', roles: ['Other.send'] }]),
  });
}

async function open(files: MemoryFileSystem, options: Partial<ProjectOptions> = {}): Promise<Project> {
  const project = new Project({ fs: files, roots: [{ path: '/ws1' }, { path: '/ws2' }], now: () => NOW, ...options });
  await project.load();
  files.resetCounts();
  return project;
}

/** The test certificates' chains end at a private root no one trusts: those findings are the chain tests' subject. */
const CHAIN_RULES = new Set(['incomplete-certificate-chain', 'untrusted-root-ca']);
const rules = (project: Project, file: string): string[] => project.findings(file).map((f) => f.rule).filter((r) => !CHAIN_RULES.has(r));

describe('project: paths', () => {
  it('parents, relative paths and order work for plain paths and URIs alike', () => {
    assert.strictEqual(parentOf('/a/b'), '/a');
    assert.strictEqual(parentOf('/a'), '/');
    assert.strictEqual(parentOf('/'), undefined);
    assert.strictEqual(parentOf('C:/a'), 'C:/');
    assert.strictEqual(parentOf('file:///home/u'), 'file:///home');
    assert.strictEqual(parentOf('file:///home'), 'file:///');
    assert.strictEqual(parentOf('file:///'), undefined);
    assert.deepStrictEqual(['/a-c', '/a/b', '/a'].sort(comparePaths), ['/a', '/a/b', '/a-c']);
  });

  it('sortPaths gives comparePaths order for any paths', () => {
    const segment = fc.array(fc.constantFrom('a', 'b', '-', '.', ' ', 'é', '%20', 'A', '0'), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
    const paths = fc.array(fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `file:///${s.join('/')}`), { maxLength: 30 });
    fc.assert(fc.property(paths, (ps) => assert.deepStrictEqual(sortPaths(ps), [...ps].sort(comparePaths))), { numRuns: 500 });
  });
});

describe('project: discovery', () => {
  it('finds the iFlows, certificates and each workspace folder’s mapping file; skips node_modules', async () => {
    const project = await open(workspace());
    assert.deepStrictEqual(project.documents().map((d) => d.file), [BILLING, ORDERS, OTHER, SHIPMENTS]);
    assert.deepStrictEqual([...project.certificateFiles().keys()].sort(), ['/ws1/certificates/acme-client.pem', '/ws1/certificates/acme-expired.pem', '/ws1/certificates/acme-expiring.pem']);
    assert.strictEqual(project.mappingFor(ORDERS)?.file, MAPPING1);
    assert.strictEqual(project.mappingFor(SHIPMENTS)?.file, MAPPING2, 'the second folder’s own mapping file, not the first one’s');
    assert.strictEqual(project.document(ORDERS)?.iflowName, 'Orders Inbound', 'the manifest is read');
    // The parameter resolves the second entry to acme-expiring (13 days left at NOW).
    assert.deepStrictEqual(rules(project, ORDERS).sort(), ['certificate-expiring', 'client-certificate-authorization']);
    assert.deepStrictEqual(rules(project, OTHER).sort(), ['certificate-expired', 'client-certificate-authorization']);
    assert.deepStrictEqual(rules(project, BILLING), [], 'Billing.send is mapped in ws1');
    assert.deepStrictEqual(rules(project, SHIPMENTS), ['role-without-mapping'], 'ws2’s mapping does not map Ship.send');
    assert.deepStrictEqual(project.checkedFiles(), { iflows: 4, mappingFiles: 2, configFiles: 0 });
  });

  it('reads iFlows inside .zip exports, read-only', async () => {
    const files = workspace();
    files.write('/ws2/exports/single-export.zip', fs.readFileSync(path.join(FIXTURES, 'zips/single-export.zip')));
    const project = await open(files);
    const inZip = project.documents().filter((d) => d.file.startsWith('/ws2/exports/single-export.zip!/'));
    assert.ok(inZip.length > 0);
    assert.strictEqual(project.archiveOf(inZip[0].file), '/ws2/exports/single-export.zip');
    assert.deepStrictEqual(await project.fixAllPlan(inZip[0].file), undefined, 'no fixes into a zip');
  });

  it('a missing root and an unreadable certificate are problems, not crashes', async () => {
    const files = workspace();
    files.write('/ws1/certificates/broken.pem', '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n');
    const project = new Project({ fs: files, roots: [{ path: '/ws1' }, { path: '/nowhere' }], now: () => NOW });
    await project.load();
    const problems = project.problems();
    assert.ok(problems.some((p) => p.file === '/nowhere' && p.kind === 'error' && /no such file/.test(p.message)));
    assert.ok(problems.some((p) => p.file === '/ws1/certificates/broken.pem' && p.kind === 'note'));
    assert.strictEqual(project.documents().length, 3);
  });

  it('finds the nearest configuration file upward, also above the roots', async () => {
    const files = workspace();
    files.write('/.iflow-auth.json', '{}');
    files.write('/ws1/Orders/.iflow-auth.json', '{}');
    const project = await open(files);
    assert.strictEqual(project.configFileOf(ORDERS), '/ws1/Orders/.iflow-auth.json');
    assert.strictEqual(project.configFileOf(BILLING), '/.iflow-auth.json');
  });
});

describe('project: settings precedence', () => {
  it('the certificate globs decide which files are certificates: in the first read, in update() and for the editor\'s setting alike', async () => {
    const files = workspace();
    files.write('/ws1/partners/acme-client.cert.txt', pem('acme-client'));
    files.write('/ws1/.iflow-auth.json', '{ "certificates": ["partners/**/*.cert.txt"] }');
    const project = await open(files);
    const ws1 = (p: Project): string[] => [...p.certificateFiles().keys()].filter((f) => f.startsWith('/ws1/')).sort(comparePaths);
    assert.deepStrictEqual(ws1(project), ['/ws1/partners/acme-client.cert.txt'], 'the globs replace the default: the .pem files are no certificates here');
    assert.ok(project.isCertificateFile('/ws1/partners/new.cert.txt'));
    assert.ok(!project.isRelevant('/ws1/certificates/new.pem'), 'a change to a file the globs do not name is not worth an update');
    files.write('/ws1/partners/acme-expiring.cert.txt', pem('acme-expiring'));
    await project.update(['/ws1/partners/acme-expiring.cert.txt']);
    assert.deepStrictEqual(ws1(project), ['/ws1/partners/acme-client.cert.txt', '/ws1/partners/acme-expiring.cert.txt']);
    assert.ok(rules(project, ORDERS).includes('certificate-expiring'), 'the file found by the glob resolves the entry');
    // The editor's iflowAuth.certificateGlobs: the same globs, relative to the workspace folder.
    files.delete('/ws1/.iflow-auth.json');
    const editor = await open(files, { editorSettings: (folder) => (folder === '/ws1' ? { certificates: ['partners/*.cert.txt'] } : undefined) });
    assert.deepStrictEqual(ws1(editor), ['/ws1/partners/acme-client.cert.txt', '/ws1/partners/acme-expiring.cert.txt']);
  });

  it('each workspace folder gets its own editor settings; the configuration file wins over them, the flags over both', async () => {
    const editor = (folder: string) => (folder === '/ws1' ? { expiryWarningDays: 5 } : { rules: { 'role-without-mapping': 'off' as const } });
    const project = await open(workspace(), { editorSettings: editor });
    assert.ok(!rules(project, ORDERS).includes('certificate-expiring'), 'ws1: 13 days left is outside a 5-day window');
    assert.deepStrictEqual(rules(project, SHIPMENTS), [], 'ws2 turned role-without-mapping off');
    const files = workspace();
    files.write('/ws1/Orders/.iflow-auth.json', '{ "expiryWarningDays": 20 }');
    const withConfig = await open(files, { editorSettings: editor });
    assert.ok(rules(withConfig, ORDERS).includes('certificate-expiring'), 'the configuration file wins over the folder setting');
    assert.ok(!rules(withConfig, BILLING).includes('certificate-expiring'));
    const flagged = await open(files, { editorSettings: editor, flags: { values: { expiryWarningDays: 5 }, base: '/' } });
    assert.ok(!rules(flagged, ORDERS).includes('certificate-expiring'), 'the flag wins over the configuration file');
  });

  it('a configuration file above the linted folder names the mapping file and the certificates (a subfolder linted in CI)', async () => {
    const files = workspace();
    files.write('/.iflow-auth.json', '{ "mappingFile": "ws1/certificate-user-mappings.json", "certificates": ["ws1/certificates/*.pem"] }');
    const project = new Project({ fs: files, roots: [{ path: '/ws2' }], now: () => NOW, mappingScope: 'first-root' });
    await project.load();
    assert.strictEqual(project.mappingPathFor(SHIPMENTS), MAPPING1);
    assert.strictEqual(project.certificateFiles().size, 3, 'the certificates next to the linted folder are found');
    assert.deepStrictEqual(project.findings('/.iflow-auth.json'), []);
  });

  it('an invalid configuration file is an error on the file, and nothing of it is used', async () => {
    const files = workspace();
    files.write('/ws1/.iflow-auth.json', '{ "expiryWarningDays": "soon" }');
    const project = await open(files);
    assert.deepStrictEqual(rules(project, '/ws1/.iflow-auth.json'), ['invalid-config-file']);
    assert.ok(rules(project, ORDERS).includes('certificate-expiring'), 'the defaults apply');
  });
});

describe('project: exemptions', () => {
  const CONFIG = '/ws1/.iflow-auth.json';
  const config = (exemptions: object[]): string => JSON.stringify({ exemptions });
  const suppressed = (project: Project, file: string): string[] => project.findings(file).filter((f) => f.suppressed).map((f) => `${f.rule}: ${f.suppressed!.reason}`);

  it('a finding an exemption covers is kept, marked with its reason; one that covers nothing is unused', async () => {
    const files = workspace();
    files.write(CONFIG, config([
      { rule: 'client-certificate-authorization', iflow: 'Orders Inbound', reason: 'partner gateway until Q2' },
      { rule: 'generic-user-role', iflow: 'Billing', reason: 'no such finding' },
    ]));
    const project = await open(files);
    assert.deepStrictEqual(suppressed(project, ORDERS), ['client-certificate-authorization: partner gateway until Q2']);
    assert.deepStrictEqual(suppressed(project, OTHER), [], 'the exemption names another iFlow');
    assert.deepStrictEqual(suppressed(project, SHIPMENTS), [], 'ws2 is not below the configuration file');
    assert.deepStrictEqual(project.findings(CONFIG).map((f) => [f.rule, f.range.start > 0]), [['unused-exemption', true]]);
  });

  it('editing the configuration file re-applies its exemptions to the files below it, and only those', async () => {
    const files = workspace();
    files.write(CONFIG, config([{ rule: 'client-certificate-authorization', reason: 'every flow, for now' }]));
    const project = await open(files);
    assert.deepStrictEqual(suppressed(project, OTHER), ['client-certificate-authorization: every flow, for now']);
    files.write(CONFIG, config([{ rule: 'client-certificate-authorization', iflow: 'Orders Inbound', reason: 'only Orders' }]));
    const update = await project.update([CONFIG]);
    assert.ok(!update.relinted.includes(SHIPMENTS), 'ws2 is not governed by it');
    assert.deepStrictEqual(update.changed, [ORDERS, OTHER].sort(comparePaths));
    assert.deepStrictEqual(suppressed(project, ORDERS), ['client-certificate-authorization: only Orders']);
    assert.deepStrictEqual(suppressed(project, OTHER), []);
    // The finding an exemption covered goes away: the exemption becomes unused.
    files.write(ORDERS, buildIFlow([{ name: 'HTTPS_Orders', props: userRole('Orders.send') }]));
    const fixed = await project.update([ORDERS]);
    assert.deepStrictEqual(fixed.changed, [CONFIG, ORDERS].sort(comparePaths));
    assert.deepStrictEqual(rules(project, CONFIG), ['unused-exemption']);
  });

  it('a CLI run over part of the configuration file\'s folder calls unused only what it could have matched', async () => {
    const files = workspace();
    files.write(CONFIG, config([
      { rule: 'client-certificate-authorization', iflow: 'Orders Inbound', reason: 'not linted in this run' },
      { rule: 'generic-user-role', iflow: 'Billing_Id', reason: 'linted, and no such finding' },
    ]));
    files.write('/ws1/Billing/META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\nBundle-SymbolicName: Billing_Id\nBundle-Name: Billing\n');
    const project = new Project({ fs: files, roots: [{ path: '/ws1/Billing' }], now: () => NOW, mappingScope: 'first-root' });
    await project.load();
    assert.deepStrictEqual(project.findings(CONFIG).map((f) => f.message.includes('Billing_Id')), [true]);
  });
});

describe('project: incremental updates', () => {
  it('an edited iFlow is re-read and re-linted alone', async () => {
    const files = workspace();
    const project = await open(files);
    files.write(BILLING, buildIFlow([{ name: 'HTTPS_Billing', props: userRole('Unmapped.send') }]));
    const update = await project.update([BILLING]);
    assert.deepStrictEqual(update.reread, [BILLING]);
    assert.deepStrictEqual(update.relinted, [BILLING]);
    assert.deepStrictEqual(update.changed, [BILLING]);
    assert.deepStrictEqual(rules(project, BILLING), ['role-without-mapping']);
    assert.deepStrictEqual([...files.reads.keys()], [BILLING]);
    const again = await project.update([BILLING]);
    assert.deepStrictEqual(again.changed, [], 'same text, same findings: nothing to publish');
  });

  it('a certificate file re-lints only the entries it resolves (and the mapping files)', async () => {
    const files = workspace();
    const project = await open(files);
    files.delete('/ws1/certificates/acme-expiring.pem');
    const update = await project.update(['/ws1/certificates/acme-expiring.pem']);
    assert.deepStrictEqual(update.reread, ['/ws1/certificates/acme-expiring.pem']);
    assert.deepStrictEqual(update.relinted, [MAPPING1, ORDERS, MAPPING2].sort(comparePaths));
    assert.deepStrictEqual(update.changed, [ORDERS]);
    assert.ok(rules(project, ORDERS).includes('certificate-not-found'));
    assert.ok(!rules(project, ORDERS).includes('certificate-expiring'));
    files.write('/ws1/certificates/acme-expiring.pem', pem('acme-expiring'));
    assert.deepStrictEqual((await project.update(['/ws1/certificates/acme-expiring.pem'])).changed, [ORDERS]);
    assert.ok(rules(project, ORDERS).includes('certificate-expiring'));
  });

  it('the mapping file re-lints itself and the channels whose roles it changes', async () => {
    const files = workspace();
    const project = await open(files);
    files.write(MAPPING1, mapping([{ user: 'BILLING_PARTNER', roles: ['Billing.send', 'Other.send'] }]));
    const update = await project.update([MAPPING1]);
    assert.deepStrictEqual(update.reread, [MAPPING1]);
    assert.deepStrictEqual(update.relinted, [MAPPING1], 'no iFlow of ws1 has the role Other.send');
    files.write(MAPPING1, mapping([{ user: 'SOMEONE', roles: ['Other.send'] }]));
    const dropped = await project.update([MAPPING1]);
    assert.deepStrictEqual(dropped.relinted, [BILLING, MAPPING1].sort(comparePaths));
    assert.deepStrictEqual(dropped.changed, [BILLING, MAPPING1].sort(comparePaths), 'the mapping’s own finding names the new user');
    assert.deepStrictEqual(rules(project, BILLING), ['role-without-mapping']);
    files.delete(MAPPING1);
    const gone = await project.update([MAPPING1]);
    assert.deepStrictEqual(gone.relinted, [BILLING, ORDERS, OTHER].sort(comparePaths), 'without a mapping file every iFlow using it is judged again');
    assert.deepStrictEqual(rules(project, BILLING), [], 'role-without-mapping needs a mapping file');
  });

  it('parameters.prop re-parses the iFlows of its export only', async () => {
    const files = workspace();
    const project = await open(files);
    const params = '/ws1/Orders/src/main/resources/parameters.prop';
    assert.deepStrictEqual(project.iflowsOfCompanion(params), [ORDERS]);
    files.write(params, 'subject=CN=acme-client, O=ACME, C=DE\n');
    const update = await project.update([params]);
    assert.deepStrictEqual(update.relinted, [ORDERS]);
    assert.ok(!update.reread.includes(ORDERS), 'the iFlow’s own text is kept');
    assert.ok(rules(project, ORDERS).includes('duplicate-certificate-entry'), 'both rows now name acme-client');
  });

  it('an open editor’s text wins over the disk', async () => {
    const files = workspace();
    const project = await open(files);
    files.setOpenText(BILLING, buildIFlow([{ name: 'HTTPS_Billing', props: userRole('') }]));
    await project.update([BILLING]);
    assert.deepStrictEqual(rules(project, BILLING), ['missing-user-role']);
    files.setOpenText(BILLING, undefined);
    await project.update([BILLING]);
    assert.deepStrictEqual(rules(project, BILLING), []);
  });

  it('a deleted folder forgets what was under it; a created one is scanned', async () => {
    const files = workspace();
    const project = await open(files);
    const otherText = files.text(OTHER)!;
    files.delete('/ws1/Other');
    const removed = await project.update(['/ws1/Other']);
    assert.deepStrictEqual(removed.changed, [OTHER]);
    assert.strictEqual(project.document(OTHER), undefined);
    files.write(iflowPath('/ws1/copy', 'Other'), otherText);
    const added = await project.update(['/ws1/copy']);
    assert.deepStrictEqual(added.relinted, [iflowPath('/ws1/copy', 'Other')]);
    assert.deepStrictEqual(rules(project, iflowPath('/ws1/copy', 'Other')).sort(), ['certificate-expired', 'client-certificate-authorization']);
  });

  it('a configuration file re-lints everything below its folder', async () => {
    const files = workspace();
    const project = await open(files);
    files.write('/ws1/Orders/.iflow-auth.json', '{}');
    const update = await project.update(['/ws1/Orders/.iflow-auth.json']);
    assert.deepStrictEqual(update.relinted.filter((f) => f.endsWith('.iflw')), [ORDERS]);
    assert.strictEqual(project.configFileOf(ORDERS), '/ws1/Orders/.iflow-auth.json');
  });
});

describe('project: queries', () => {
  it('callers of a channel, channels a user reaches, entries a certificate file resolves', async () => {
    const project = await open(workspace());
    const billing = project.document(BILLING)!;
    assert.deepStrictEqual(project.callersOf(BILLING, billing.channels[0]).map((c) => c.user), ['BILLING_PARTNER']);
    assert.deepStrictEqual(project.channelsReachedBy(MAPPING1, 'BILLING_PARTNER').map((c) => c.channel.name), ['HTTPS_Billing']);
    assert.deepStrictEqual(project.entriesResolvedBy('/ws1/certificates/acme-expiring.pem'), [{ file: ORDERS, channelId: 'MessageFlow_1', index: 1 }]);
  });
});

describe('project: fixes', () => {
  it('fixProject edits in memory only and lists each changed file before and after', async () => {
    const files = workspace();
    const project = await open(files);
    const before = new Map(files.paths().map((p) => [p, files.text(p)]));
    const result = await fixProject(project, { rules: ['client-certificate-authorization'] });
    assert.deepStrictEqual(result.files.map((f) => f.file), [MAPPING1, ORDERS, OTHER]);
    assert.ok(result.applied.every((a) => /switch to User Role/i.test(a.title)), result.applied.map((a) => a.title).join(' | '));
    const orders = result.files.find((f) => f.file === ORDERS)!;
    assert.strictEqual(orders.before, before.get(ORDERS));
    assert.match(orders.after, /RoleBased/);
    for (const p of files.paths()) assert.strictEqual(files.text(p), before.get(p), `${p} untouched`);
    assert.deepStrictEqual(rules(project, ORDERS).sort(), ['certificate-expiring', 'client-certificate-authorization'], 'the project itself is unchanged');
  });
});
