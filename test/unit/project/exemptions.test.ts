import * as assert from 'assert';
import { MemoryFileSystem } from '../../../src/core/project/memoryFileSystem';
import { Project, type ProjectOptions } from '../../../src/core/project/project';
import type { Finding } from '../../../src/core/rules/types';
import { buildIFlow, clientCertificate, ISSUER, NOW, pem, userRole } from '../support/iflowBuilder';

const FLOW_DIR = 'src/main/resources/scenarioflows/integrationflow';
const iflowPath = (root: string, name: string): string => `${root}/${name}/${FLOW_DIR}/${name}.iflw`;
const ORDERS = iflowPath('/repo/flows', 'Orders');
const BILLING = iflowPath('/repo/flows', 'Billing');
const CONFIG = '/repo/.iflow-auth.json';

/**
 * A repository with its configuration file at the top and the iFlows in `flows/`: Orders has a
 * certificate-only channel (client-certificate-authorization), Billing a generic role.
 */
function repository(config: string): MemoryFileSystem {
  return new MemoryFileSystem({
    '/repo/flows/Orders/META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\nBundle-SymbolicName: Orders_Id\nBundle-Name: Orders Inbound\n',
    [ORDERS]: buildIFlow([{ name: 'HTTPS_Orders', props: clientCertificate([['CN=acme-client, O=ACME, C=DE', ISSUER]]) }]),
    [BILLING]: buildIFlow([{ name: 'HTTPS_Billing', props: userRole('ESBMessaging.send') }]),
    '/repo/certificates/acme-client.pem': pem('acme-client'),
    [CONFIG]: config,
  });
}

const exemptions = (list: Array<Record<string, string>>): string => JSON.stringify({ exemptions: list }, null, 2);
const ORDERS_EXEMPTION = { rule: 'client-certificate-authorization', iflow: 'Orders_Id', channel: 'HTTPS_Orders', reason: 'Partner gateway until Q2 (OPS-1234)' };

async function open(files: MemoryFileSystem, options: Partial<ProjectOptions> = {}): Promise<Project> {
  const project = new Project({ fs: files, roots: [{ path: '/repo' }], now: () => NOW, ...options });
  await project.load();
  return project;
}

/** The findings shown (not exempted); the chain's findings (acme-client's issuer is not in the repository) are beside the point here. */
const shown = (project: Project, file: string): string[] =>
  project.findings(file).filter((f) => !f.suppressed && f.rule !== 'incomplete-certificate-chain').map((f) => f.rule);
const exempted = (project: Project, file: string): Finding[] => project.findings(file).filter((f) => f.suppressed);

describe('project: exemptions by selector, date, scope, and --config/--no-config', () => {
  it('an exempted finding stays in the model, marked with the reason; the rest of the run is untouched', async () => {
    const project = await open(repository(exemptions([ORDERS_EXEMPTION])));
    assert.deepStrictEqual(shown(project, ORDERS), []);
    const [finding] = exempted(project, ORDERS);
    assert.strictEqual(finding.rule, 'client-certificate-authorization');
    assert.deepStrictEqual({ reason: finding.suppressed?.reason, configFile: finding.suppressed?.configFile }, { reason: ORDERS_EXEMPTION.reason, configFile: CONFIG });
    assert.deepStrictEqual(shown(project, BILLING), ['generic-user-role'], 'another iFlow keeps its finding');
    assert.deepStrictEqual(project.findings(CONFIG), [], 'the exemption is used');
  });

  it('selects by iFlow name or id, channel, and file glob; a different rule or channel is not exempted', async () => {
    const cases: Array<[Record<string, string>, boolean]> = [
      [{ rule: 'client-certificate-authorization', iflow: 'Orders Inbound', reason: 'r' }, true],
      [{ rule: 'client-certificate-authorization', iflow: 'Orders_Id', channel: 'HTTPS_Other', reason: 'r' }, false],
      [{ rule: 'generic-user-role', iflow: 'Orders_Id', reason: 'r' }, false],
      [{ rule: 'client-certificate-authorization', file: 'flows/Orders/**', reason: 'r' }, true],
      [{ rule: 'client-certificate-authorization', file: 'flows/Billing/**', reason: 'r' }, false],
      [{ rule: 'client-certificate-authorization', reason: 'r' }, true],
    ];
    for (const [exemption, hit] of cases) {
      const project = await open(repository(exemptions([exemption])));
      assert.strictEqual(exempted(project, ORDERS).length, hit ? 1 : 0, JSON.stringify(exemption));
      assert.deepStrictEqual(project.findings(CONFIG).map((f) => f.rule), hit ? [] : ['unused-exemption'], JSON.stringify(exemption));
    }
  });

  it('an expired exemption exempts nothing and is reported; a current one holds through its until day', async () => {
    const expired = await open(repository(exemptions([{ ...ORDERS_EXEMPTION, until: '2026-11-26' }])));
    assert.deepStrictEqual(shown(expired, ORDERS), ['client-certificate-authorization']);
    assert.deepStrictEqual(expired.findings(CONFIG).map((f) => f.rule), ['expired-exemption']);
    const lastDay = await open(repository(exemptions([{ ...ORDERS_EXEMPTION, until: '2026-11-27' }])));
    assert.deepStrictEqual(shown(lastDay, ORDERS), []);
    assert.deepStrictEqual(lastDay.findings(CONFIG), []);
  });

  it('an invalid configuration file exempts nothing (an exemption without a reason makes it invalid)', async () => {
    const project = await open(repository(exemptions([{ rule: 'client-certificate-authorization', iflow: 'Orders_Id', reason: ' ' }])));
    assert.deepStrictEqual(shown(project, ORDERS), ['client-certificate-authorization']);
    assert.deepStrictEqual(project.findings(CONFIG).map((f) => f.rule), ['invalid-config-file']);
  });

  it('a subfolder linted (the file above it): only exemptions naming a linted iFlow can be called unused', async () => {
    const config = exemptions([
      { rule: 'generic-user-role', iflow: 'Payments', reason: 'not linted in this run' },
      { rule: 'generic-user-role', iflow: 'Orders_Id', reason: 'linted, and Orders has no such finding' },
    ]);
    const project = await open(repository(config), { roots: [{ path: '/repo/flows/Orders' }], mappingScope: 'first-root' });
    const unused = project.findings(CONFIG).filter((f) => f.rule === 'unused-exemption');
    assert.deepStrictEqual(unused.map((f) => f.message.includes('Orders_Id')), [true]);
  });

  it('--no-config: no exemption applies and the file is not judged; --config <file>: that file governs every file', async () => {
    const files = repository(exemptions([ORDERS_EXEMPTION]));
    const none = await open(files, { configFile: 'none' });
    assert.deepStrictEqual(shown(none, ORDERS), ['client-certificate-authorization']);
    assert.deepStrictEqual(none.findings(CONFIG), []);
    files.write('/elsewhere/team.json', exemptions([{ rule: 'generic-user-role', reason: 'accepted for now' }]));
    const named = await open(files, { configFile: { file: '/elsewhere/team.json' } });
    assert.deepStrictEqual(shown(named, BILLING), []);
    assert.ok(shown(named, ORDERS).includes('client-certificate-authorization'), 'the repository file is not used');
    assert.deepStrictEqual(named.findings(CONFIG), []);
  });

  it('editing the file updates what is exempted, and the update names the files that changed', async () => {
    const files = repository('{}');
    const project = await open(files);
    files.write(CONFIG, exemptions([ORDERS_EXEMPTION]));
    const added = await project.update([CONFIG]);
    assert.deepStrictEqual(shown(project, ORDERS), []);
    assert.ok(added.changed.includes(ORDERS), added.changed.join());
    assert.ok(!added.changed.includes(BILLING), 'Billing shows the same');

    // The exempted channel is fixed: the exemption is now unused, on the configuration file.
    files.write(ORDERS, buildIFlow([{ name: 'HTTPS_Orders', props: userRole('Orders.send') }]));
    const fixed = await project.update([ORDERS]);
    assert.deepStrictEqual(project.findings(CONFIG).map((f) => f.rule), ['unused-exemption']);
    assert.ok(fixed.changed.includes(CONFIG), fixed.changed.join());

    files.write(CONFIG, '{}');
    await project.update([CONFIG]);
    assert.deepStrictEqual(project.findings(CONFIG), []);
  });
});
