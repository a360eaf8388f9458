/**
 * Fixes never widen access. accessChange() is checked on its own, and then, for every kind of
 * fix, over a corpus of iFlows: each plan the core calls "no question" (isNoQuestion) is checked
 * against an oracle written here, independently of src/core/access.ts, that says nobody gains or
 * loses the ability to call a channel.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { accessChange, changesNoOne, describeAccessChange } from '../../../src/core/access';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { normalizeDN } from '../../../src/core/certs/dn';
import { DEFAULT_FLOW_ROLE, DEFAULT_GENERIC_ROLES } from '../../../src/core/defaults';
import type { FixPlan } from '../../../src/core/edits/types';
import { createRuleContext, defaultLintOptions, lintIFlow } from '../../../src/core/engine';
import { fixesFor, isNoQuestion, type FixSettings } from '../../../src/core/fixes';
import { parseParameters } from '../../../src/core/iflow/parameters';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { readMappingFile } from '../../../src/core/mapping/read';
import type { MappingFile } from '../../../src/core/mapping/types';
import type { IFlowDocument, SenderChannel } from '../../../src/core/model';
import type { RuleContext, RuleId } from '../../../src/core/rules/types';
import { applyAll, IFLOW_FILE, MAPPING_FILE, NOW, PARAMS_FILE, read, world } from './helpers';

const EXAMPLES = path.join(__dirname, '../../../../examples');
const PARAMS = read('fixes', 'parameters.prop');
const MAPPING = read('fixes', 'certificate-user-mappings.json');

interface Case {
  name: string;
  doc: IFlowDocument;
  ctx: RuleContext;
  settings: FixSettings;
  params?: string;
}

function fixFlowCases(): Case[] {
  const held = JSON.stringify({ mappings: [{ user: 'ALREADY_HOLDS_IT', roles: ['Fix_Flow.send'], certificate: null, subjectDN: 'CN=x, C=DE', issuerDN: 'CN=y, C=DE', usedBy: [] }] });
  const variants: Array<{ name: string; mapping?: string; flowRole?: string; certs?: string[]; iflow?: string }> = [
    { name: 'Fix_Flow, no mapping file' },
    { name: 'Fix_Flow, a mapping file', mapping: MAPPING },
    { name: 'Fix_Flow, the flow role is held by a mapped user', mapping: held },
    { name: 'Fix_Flow, flowRole names a role a mapped user holds', mapping: MAPPING, flowRole: 'Other.send' },
    { name: 'Fix_Flow, flowRole names a role another channel uses', flowRole: 'ExtRole.send' },
    { name: 'Fix_Flow, unusable certificates in the table', certs: ['acme-expired.pem', 'selfsigned-client.pem', 'acme-server-only.pem', 'issuing-ca.pem', 'acme-future.pem'],
      iflow: read('fixes', 'Fix_Flow.iflw').replace('CN=globex &amp;amp; sons, O=Globex, C=US', 'CN=acme-expired, O=ACME, C=DE').replace('CN=Globex CA, C=US', 'CN=ACME Issuing CA, O=ACME, C=DE') },
    { name: 'Fix_Flow, a User Role channel with the generic role', mapping: MAPPING, iflow: read('fixes', 'Fix_Flow.iflw').replace('<value>ClientCertificate</value>', '<value>RoleBased</value>') },
  ];
  return variants.map((v) => {
    const w = world({ iflow: v.iflow, params: PARAMS, mapping: v.mapping, flowRole: v.flowRole, certs: v.certs });
    return { name: v.name, doc: w.doc, ctx: w.ctx, settings: w.settings, params: PARAMS };
  });
}

function exampleCases(): Case[] {
  const certs = new CertificateIndex();
  for (const f of fs.readdirSync(path.join(EXAMPLES, 'certificates'))) {
    certs.addDecoded(decodeCertificates(fs.readFileSync(path.join(EXAMPLES, 'certificates', f)), { file: f, kind: 'file' }));
  }
  const mapping = readMappingFile(fs.readFileSync(path.join(EXAMPLES, 'certificate-user-mappings.json'), 'utf8'), 'certificate-user-mappings.json');
  const ctx = createRuleContext(defaultLintOptions(NOW), certs, mapping);
  const cases: Case[] = [];
  for (const flow of fs.readdirSync(EXAMPLES)) {
    const file = `${flow}/src/main/resources/scenarioflows/integrationflow/${flow}.iflw`;
    if (!fs.existsSync(path.join(EXAMPLES, file))) continue;
    const optional = (f: string): string | undefined => (fs.existsSync(path.join(EXAMPLES, flow, f)) ? fs.readFileSync(path.join(EXAMPLES, flow, f), 'utf8') : undefined);
    const params = optional('src/main/resources/parameters.prop');
    const doc = parseIFlow(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'), file, { manifest: optional('META-INF/MANIFEST.MF'), parameters: params === undefined ? undefined : parseParameters(params) });
    const settings: FixSettings = {
      flowRole: DEFAULT_FLOW_ROLE,
      mappingFile: 'certificate-user-mappings.json',
      parametersFileOf: () => `${flow}/src/main/resources/parameters.prop`,
      parametersText: () => params,
    };
    cases.push({ name: `examples/${flow}`, doc, ctx, settings, params });
  }
  return cases;
}

const CASES = [...fixFlowCases(), ...exampleCases()];

function plansOf(c: Case): FixPlan[] {
  return lintIFlow(c.doc, c.ctx).flatMap((f) => fixesFor(f, c.doc, c.ctx, c.settings));
}

/** The iFlow and mapping file after a plan, parsed. */
function after(c: Case, plan: FixPlan): { doc: IFlowDocument; mapping?: MappingFile } {
  const files = applyAll(plan.files);
  const paramsFile = c.settings.parametersFileOf(c.doc);
  const params = (paramsFile && files.get(paramsFile)) ?? c.params;
  const doc = parseIFlow(files.get(c.doc.file) ?? c.doc.text, c.doc.file, { parameters: params === undefined ? undefined : parseParameters(params) });
  const mappingText = files.get(c.settings.mappingFile);
  return { doc, mapping: mappingText === undefined ? c.ctx.mapping : readMappingFile(mappingText, c.settings.mappingFile) };
}

const key = (subject: string, issuer: string): string => `${normalizeDN(subject)}|${normalizeDN(issuer)}`;
const UNUSABLE: RuleId[] = ['certificate-expired', 'self-signed-certificate', 'certificate-not-for-client-auth'];

/** The oracle's view of a Client Certificate channel: the DN pairs of rows whose certificate the rules do not call unusable. */
function rowsThatCanLogIn(c: Case, channel: SenderChannel): Set<string> {
  // A leaf without any extended key usage is reported at info and still mapped: only the
  // warnings and errors of these rules make a certificate unusable.
  const unusable = lintIFlow(c.doc, c.ctx).filter((f) => UNUSABLE.includes(f.rule) && f.severity !== 'info' && f.channel === (channel.name || channel.id));
  const out = new Set<string>();
  for (const r of c.ctx.resolver.resolve(c.doc, channel)) {
    if (!r.subjectDN.value.trim() || !r.issuerDN.value.trim()) continue;
    if (unusable.some((f) => r.entry.range.start <= f.range.start && f.range.start <= r.entry.range.end)) continue;
    out.add(r.certificate ? key(r.certificate.subject, r.certificate.issuer) : key(r.subjectDN.value, r.issuerDN.value));
  }
  return out;
}

function holders(mapping: MappingFile | undefined, role: string): Set<string> {
  return new Set((mapping?.entries ?? []).filter((e) => e.roles.includes(role)).map((e) => key(e.decoded?.subject ?? e.subjectDN ?? '', e.decoded?.issuer ?? e.issuerDN ?? '')));
}

function rolesAnywhere(c: Case): Set<string> {
  const roles = new Set<string>(DEFAULT_GENERIC_ROLES);
  for (const ch of c.doc.channels) if (ch.role?.trim()) roles.add(ch.role.trim());
  for (const e of c.ctx.mapping?.entries ?? []) for (const r of e.roles) roles.add(r);
  return roles;
}

const channelOf = (doc: IFlowDocument, plan: FixPlan): SenderChannel => doc.channels.find((ch) => plan.id.split(':')[1] === ch.id)!;

/** Oracles: what "changes no one's access" means for each kind of fix, checked without src/core/access.ts. */
const ORACLES: Record<string, (c: Case, plan: FixPlan) => void> = {
  'duplicate-certificate-entry': (c, plan) => rowsOracle(c, plan),
  'empty-certificate-entry': (c, plan) => rowsOracle(c, plan),
  'client-certificate-authorization': (c, plan) => {
    const before = channelOf(c.doc, plan);
    const a = after(c, plan);
    const now = a.doc.channels.find((ch) => ch.id === before.id)!;
    assert.strictEqual(now.authorization, 'userRole');
    const role = now.role!;
    assert.ok(!rolesAnywhere(c).has(role) || role === undefined, `${role}: a role tenant users may already hold`);
    assert.deepStrictEqual(holders(a.mapping, role), rowsThatCanLogIn(c, before), 'exactly the certificates that could call it before hold its role now');
    for (const e of c.ctx.mapping?.entries ?? []) {
      const same = a.mapping!.entries[e.index];
      assert.deepStrictEqual(same.roles.filter((r) => r !== role), e.roles, `${e.user} keeps exactly its roles, plus the new one at most`);
    }
  },
  'missing-user-role': (c, plan) => {
    const before = channelOf(c.doc, plan);
    assert.strictEqual(before.role?.trim(), '', 'no one could call it');
    const a = after(c, plan);
    const role = a.doc.channels.find((ch) => ch.id === before.id)!.role!;
    assert.ok(!rolesAnywhere(c).has(role), `${role}: a role tenant users may already hold`);
    assert.strictEqual(holders(a.mapping, role).size, 0, 'no mapped user holds it');
  },
  'generic-user-role': (_c, plan) => assert.fail(`a generic role rename is never without a question: ${plan.title}`),
};

function rowsOracle(c: Case, plan: FixPlan): void {
  const before = channelOf(c.doc, plan);
  const a = after(c, plan);
  const now = a.doc.channels.find((ch) => ch.id === before.id)!;
  assert.strictEqual(now.authorization, before.authorization);
  assert.strictEqual(now.role, before.role);
  const pairs = (doc: IFlowDocument, ch: SenderChannel) => new Set(c.ctx.resolver.resolve(doc, ch).filter((r) => r.subjectDN.value.trim() && r.issuerDN.value.trim()).map((r) => key(r.subjectDN.value, r.issuerDN.value)));
  assert.deepStrictEqual(pairs(a.doc, now), pairs(c.doc, before), 'the same certificates are accepted');
  assert.ok(plan.files.every((f) => f.file === c.doc.file), 'only the iFlow changes');
}

describe('access: a fix that changes no one\'s access (per fix kind, over a corpus)', () => {
  const all = CASES.flatMap((c) => plansOf(c).map((plan) => ({ c, plan })));
  for (const rule of Object.keys(ORACLES)) {
    it(`${rule}: every no-question plan changes no one's access`, () => {
      const plans = all.filter((p) => p.plan.rule === rule);
      assert.ok(plans.length > 0, `the corpus has no ${rule} fix`);
      const safe = plans.filter((p) => isNoQuestion(p.plan));
      if (rule !== 'generic-user-role') assert.ok(safe.length > 0, `the corpus has no no-question ${rule} fix`);
      for (const { c, plan } of safe) {
        try {
          ORACLES[rule](c, plan);
        } catch (e) {
          (e as Error).message = `${c.name}: ${plan.title}: ${(e as Error).message}`;
          throw e;
        }
      }
      // And the ones that ask say who is affected.
      for (const { plan } of plans.filter((p) => !isNoQuestion(p.plan))) assert.ok(describeAccessChange(plan.access).length > 0, plan.title);
    });
  }
});

describe('access: accessChange()', () => {
  const options = (ctx: RuleContext) => ({ now: NOW, genericRoles: DEFAULT_GENERIC_ROLES, certificates: ctx.certificates });
  const roleBased = (role: string) => read('fixes', 'Fix_Flow.iflw').replace('<value>ClientCertificate</value>', '<value>RoleBased</value>').replace('<value>ESBMessaging.send</value>', `<value>${role}</value>`);
  const doc = (text: string) => parseIFlow(text, IFLOW_FILE, { parameters: parseParameters(PARAMS, PARAMS_FILE) });
  const mappingOf = (entries: Array<{ user: string; roles: string[]; cn: string; cert?: string }>) => readMappingFile(JSON.stringify({
    mappings: entries.map((e) => ({ user: e.user, roles: e.roles, certificate: e.cert ?? null, subjectDN: `CN=${e.cn}, O=ACME, C=DE`, issuerDN: 'CN=ACME Issuing CA, O=ACME, C=DE' })),
  }), MAPPING_FILE);

  it('renaming a non-empty role: tenant users outside the mapping file are affected, and mapped holders gain or lose', () => {
    const w = world({ params: PARAMS });
    const mapping = mappingOf([{ user: 'OLD', roles: ['Orders.send'], cn: 'old' }, { user: 'NEW', roles: ['Orders2.send'], cn: 'new' }]);
    const change = accessChange({ doc: doc(roleBased('Orders.send')), mapping }, { doc: doc(roleBased('Orders2.send')), mapping }, options(w.ctx));
    const orders = change.channels.find((c) => c.channel === 'HTTPS_Orders')!;
    assert.deepStrictEqual(orders.gain, ['NEW']);
    assert.deepStrictEqual(orders.lose, ['OLD']);
    assert.match(orders.unknownUsers!, /holding "Orders.send" who are not in the mapping file lose access; tenant users holding "Orders2.send" who are not in the mapping file gain access/);
    assert.ok(!changesNoOne(change));
  });

  it('a role no one can hold yet (fresh) gives no one access; the generic role gives every tenant user holding it', () => {
    const w = world({ params: PARAMS });
    const empty = roleBased('');
    const fresh = accessChange({ doc: doc(empty) }, { doc: doc(roleBased('Brand_New.send')) }, options(w.ctx));
    assert.ok(changesNoOne(fresh), JSON.stringify(fresh));
    const generic = accessChange({ doc: doc(empty) }, { doc: doc(roleBased('ESBMessaging.send')) }, options(w.ctx));
    assert.match(generic.channels[0].unknownUsers!, /holding "ESBMessaging.send" who are not in the mapping file gain access/);
  });

  it('certificates that cannot log in are no callers; a mapped user given a role in use is listed', () => {
    const w = world({ params: PARAMS, certs: ['acme-expired.pem'] });
    const expired = fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/certs/acme-expired.pem'), 'utf8');
    const table = read('fixes', 'Fix_Flow.iflw').replace('CN=acme-client, O=ACME, C=DE&lt;/cell&gt;', 'CN=acme-expired, O=ACME, C=DE&lt;/cell&gt;');
    const before = doc(table);
    const dropped = before.text.replace(/(<key>clientCertificates<\/key>\s*<value>)[^<]*/, '$1');
    const change = accessChange({ doc: before }, { doc: doc(dropped) }, options(w.ctx));
    // Rows 1 (acme-expired, cannot log in) and 3 (acme-client, no certificate known: may log in) and 2 (globex).
    assert.deepStrictEqual(change.channels.find((c) => c.channel === 'HTTPS_Orders')!.lose, ['acme-client', 'globex & sons']);
    const m0 = mappingOf([{ user: 'EXPIRED', roles: ['Other.send'], cn: 'acme-expired', cert: expired }]);
    const m1 = mappingOf([{ user: 'EXPIRED', roles: ['Other.send', 'ESBMessaging.send'], cn: 'acme-expired', cert: expired }]);
    const roles = accessChange({ doc: before, mapping: m0 }, { doc: before, mapping: m1 }, options(w.ctx));
    assert.deepStrictEqual(roles.roles, [{ user: 'EXPIRED', role: 'ESBMessaging.send', change: 'gain' }]);
    assert.deepStrictEqual(describeAccessChange(roles), ['EXPIRED gets the role "ESBMessaging.send", which other flows may use.']);
  });
});
