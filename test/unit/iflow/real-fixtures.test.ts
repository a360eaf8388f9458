import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseParameters } from '../../../src/core/iflow/parameters';
import { parseIFlow } from '../../../src/core/iflow/parse';
import type { AuthorizationMode, IFlowDocument } from '../../../src/core/model';
import { assertRangesExact, fixture, IFLOW_DIR } from './helpers';

interface ExpectedChannel {
  id: string;
  name: string;
  adapter: string;
  adapterVersion: string;
  authorization: AuthorizationMode;
  modeRaw?: string;
  modeValue?: string;
  role?: string;
  roleRaw?: string;
  /** Raw `clientCertificates` value; undefined when the key is missing. */
  certificatesKey: 'missing' | 'empty' | 'rows';
  certificates: Array<{ subjectDN: string; issuerDN: string }>;
  /** The resolved endpoint path; null when the address is a {{parameter}} without a value; absent when the adapter has none. */
  endpoint?: string | null;
}

interface Expected {
  folder: string;
  file: string;
  iflowId: string;
  iflowName: string;
  channels: ExpectedChannel[];
}

const RB = { modeRaw: 'RoleBased', modeValue: 'RoleBased', authorization: 'userRole' as const };

/** The truth, read off each file with grep (see SOURCES.md for where they come from). */
const EXPECTED: Expected[] = [
  {
    folder: '390f1405__TPM_SOAP_Sender_Flow', file: 'TPM SOAP Sender Flow.iflw', iflowId: 'TPM SOAP Sender Flow', iflowName: 'TPM SOAP Sender Flow',
    channels: [{ id: 'MessageFlow_154', name: 'AS2', adapter: 'AS2', adapterVersion: '1.16.0', ...RB, role: undefined, roleRaw: '{{TPM_AS2_SND_User_Role}}', certificatesKey: 'empty', certificates: [], endpoint: null }],
  },
  {
    folder: 'Adding_an_endpoint_to_a_scheduled_flow', file: 'Adding an endpoint to a scheduled flow.iflw', iflowId: 'Adding an endpoint to a scheduled flow', iflowName: 'Adding an endpoint to a scheduled flow',
    channels: [{ id: 'MessageFlow_48', name: 'SOAP', adapter: 'SOAP', adapterVersion: '1.3.1', ...RB, role: 'ESBMessaging.send', roleRaw: 'ESBMessaging.send', certificatesKey: 'empty', certificates: [], endpoint: '/cxf/CallMe' }],
  },
  {
    folder: 'BusinessPartnerReplicationS4OP_To_S4PC_SAT', file: 'BusinessPartnerReplicationS4OP_To_S4PC_SAT.iflw', iflowId: 'BusinessPartnerReplicationS4OP_To_S4PC_SAT', iflowName: 'BusinessPartnerReplicationS4OP_To_S4PC_SAT',
    // parameters.prop has UserRole but no Authorization: the mode stays externalized.
    channels: [{ id: 'MessageFlow_4', name: 'SOAP', adapter: 'SOAP', adapterVersion: '1.9.0', authorization: 'externalized', modeRaw: '{{Authorization}}', modeValue: undefined, role: 'ESBMessaging.send', roleRaw: '{{UserRole}}', certificatesKey: 'rows', certificates: [{ subjectDN: '', issuerDN: '' }], endpoint: '/cxf/v1/BPReplication' }],
  },
  {
    folder: 'C014_Customer_ERP_S4HC_DEV', file: 'C014_Customer_ERP_S4HC_DEV.iflw', iflowId: 'C014_Customer_ERP_S4HC_DEV', iflowName: 'C014_Customer_ERP_S4HC_DEV',
    // {{IDoc_SND_Auth}} = RoleBased and {{IDoc_SND_Role}} = ESBMessaging.send in parameters.prop; no clientCertificates key.
    channels: [{ id: 'MessageFlow_4', name: 'IDOC_SND_ERP', adapter: 'IDOC', adapterVersion: '1.4.1', authorization: 'userRole', modeRaw: '{{IDoc_SND_Auth}}', modeValue: 'RoleBased', role: 'ESBMessaging.send', roleRaw: '{{IDoc_SND_Role}}', certificatesKey: 'missing', certificates: [], endpoint: '/cxf/Customer/IDOC/DEBMAS07' }],
  },
  {
    folder: 'D063654_Emarsys_Replicate_Contact', file: 'D063654_Emarsys_Replicate_Contact.iflw', iflowId: 'Replicate_Contacts_to_SAP_Emarsys_API', iflowName: 'Replicate Contacts to SAP Emarsys API',
    channels: [{ id: 'MessageFlow_18', name: 'HTTPS', adapter: 'HTTPS', adapterVersion: '1.4.1', authorization: 'userRole', modeRaw: '{{authorization}}', modeValue: 'RoleBased', role: 'ESBMessaging.send', roleRaw: '{{userRole}}', certificatesKey: 'rows', certificates: [{ subjectDN: '{{subjectDN}}', issuerDN: '{{issuerDN}}' }], endpoint: '/http/emarsys/contact/import' }],
  },
  {
    folder: 'Get_all_materials_from_S4', file: 'Get all materials from S4.iflw', iflowId: 'Get all materials from S4', iflowName: 'Get all materials from S4',
    channels: [{ id: 'MessageFlow_4', name: 'HTTPS', adapter: 'HTTPS', adapterVersion: '1.5.0', ...RB, role: 'ESBMessaging.send', roleRaw: 'ESBMessaging.send', certificatesKey: 'empty', certificates: [], endpoint: null }],
  },
  {
    folder: 'OV_OTC_SD_EDI_940_S4_to_CROPP_ThirdPartyDropShipment_toJMS', file: 'OV_OTC_SD_EDI_940_S4_to_CROPP_ThirdPartyDropShipment_toJMS.iflw', iflowId: 'OV_OTC_SD_EDI_940_S4_to_CROPP_ThirdPartyDropShipment_toJMS', iflowName: 'OV_OTC_SD_EDI_940_S4_to_CROPP_ThirdPartyDropShipment_toJMS',
    // AMQP has an `authentication` key ({{AMQP_auth}}): an outbound credential, not read.
    channels: [{ id: 'MessageFlow_4', name: 'AMQP', adapter: 'AMQP', adapterVersion: '1.5.0', authorization: 'none', certificatesKey: 'missing', certificates: [] }],
  },
  {
    folder: 'Process_GET_Materials', file: 'Process GET Materials.iflw', iflowId: 'Process GET Materials', iflowName: 'Process GET Materials',
    channels: [{ id: 'MessageFlow_4', name: 'ProcessDirect', adapter: 'ProcessDirect', adapterVersion: '1.1.2', authorization: 'none', certificatesKey: 'missing', certificates: [] }],
  },
  {
    folder: 'Read_Inventory_Summary_from_Message_Queue', file: 'Read Inventory Summary from Message Queue.iflw', iflowId: 'Read Inventory Summary from Message Queue', iflowName: 'Read Inventory Summary from Message Queue',
    channels: [{ id: 'MessageFlow_4', name: 'JMS', adapter: 'JMS', adapterVersion: '1.4.3', authorization: 'none', certificatesKey: 'missing', certificates: [] }],
  },
  {
    folder: 'SMARTFIX_SOAP_cXML_INVOICSTATUS_2_cXML_AN', file: 'SMARTFIX_SOAP_cXML_INVOICSTATUS_2_cXML_AN.iflw', iflowId: 'SMARTFIX_SOAP_cXML_INVOICSTATUS_2_cXML_AN', iflowName: 'SMARTFIX_SOAP_cXML_INVOICSTATUS_2_cXML_AN',
    channels: [{ id: 'MessageFlow_13', name: 'HTTPS', adapter: 'HTTPS', adapterVersion: '1.3.0', ...RB, role: 'ESBMessaging.send', roleRaw: 'ESBMessaging.send', certificatesKey: 'missing', certificates: [], endpoint: '/http/cXML_INVOICSTATUS_2_cXML_AN_PRODUCTION' }],
  },
  {
    folder: 'SampleFlow', file: 'SampleFlow.iflw', iflowId: 'SampleFlow', iflowName: 'SampleFlow',
    channels: [{ id: 'MessageFlow_14', name: 'HTTPS', adapter: 'HTTPS', adapterVersion: '1.4.3', ...RB, role: 'ESBMessaging.send', roleRaw: 'ESBMessaging.send', certificatesKey: 'empty', certificates: [], endpoint: null }],
  },
  {
    folder: 'Send_BP_Dependants_Request_Log_to_BigQuery', file: 'Send BP Dependants Request Log to BigQuery.iflw', iflowId: 'Send BP Dependants Request Log to BigQuery', iflowName: 'Send BP Dependants Request Log to BigQuery',
    channels: [{ id: 'MessageFlow_4', name: 'DataStore', adapter: 'DataStoreConsumer', adapterVersion: '1.0.0', authorization: 'none', certificatesKey: 'missing', certificates: [] }],
  },
  {
    folder: 'Step_1_-_Sender_SFTP_Communication_Flow_V2', file: 'Step 1 - Sender SFTP Communication Flow V2.iflw', iflowId: 'Step 1 - Sender SFTP Communication Flow V2', iflowName: 'Step 1 - Sender SFTP Communication Flow V2',
    // PollingSFTP has `authentication` = dynamic: an outbound credential, not read.
    channels: [{ id: 'MessageFlow_23', name: 'SFTP', adapter: 'PollingSFTP', adapterVersion: '1.9.0', authorization: 'none', certificatesKey: 'missing', certificates: [] }],
  },
  {
    folder: 'TEST_RM_PayloadSwapBean', file: 'TEST_RM_PayloadSwapBean.iflw', iflowId: 'TEST_RM_PayloadSwapBean', iflowName: 'TEST_RM_PayloadSwapBean',
    channels: [{ id: 'MessageFlow_19', name: 'Mail', adapter: 'Mail', adapterVersion: '1.12.0', authorization: 'none', certificatesKey: 'missing', certificates: [] }],
  },
  {
    folder: 'TPM_SOAP_Sender_Flow', file: 'TPM SOAP Sender Flow.iflw', iflowId: 'TPM SOAP Sender Flow', iflowName: 'TPM SOAP Sender Flow',
    channels: [{ id: 'MessageFlow_131', name: 'SOAP', adapter: 'SOAP', adapterVersion: '1.8.3', ...RB, role: undefined, roleRaw: '{{TPM_SOAP_SND_User_Role}}', certificatesKey: 'empty', certificates: [], endpoint: null }],
  },
  {
    folder: 'TriggerError', file: 'TriggerError.iflw', iflowId: 'TriggerError', iflowName: 'TriggerError',
    channels: [{ id: 'MessageFlow_4', name: 'HTTPS', adapter: 'HTTPS', adapterVersion: '1.4.0', ...RB, role: 'ESBMessaging.send', roleRaw: 'ESBMessaging.send', certificatesKey: 'empty', certificates: [], endpoint: '/http/rest/trigger/error' }],
  },
];

function load(e: Expected): IFlowDocument {
  const dir = fixture('real', e.folder);
  const file = path.join(dir, IFLOW_DIR, e.file);
  const pp = path.join(dir, 'src/main/resources/parameters.prop');
  const mp = path.join(dir, 'META-INF/MANIFEST.MF');
  return parseIFlow(fs.readFileSync(file, 'utf8'), file, {
    parameters: fs.existsSync(pp) ? parseParameters(fs.readFileSync(pp, 'utf8'), pp) : undefined,
    manifest: fs.existsSync(mp) ? fs.readFileSync(mp, 'utf8') : undefined,
  });
}

describe('iflow: real iFlow fixtures', () => {
  it('covers every .iflw in test/fixtures/real', () => {
    const all = fs.readdirSync(fixture('real')).filter((d) => fs.existsSync(fixture('real', d, IFLOW_DIR)));
    assert.deepStrictEqual(all.sort(), EXPECTED.map((e) => e.folder).sort());
    for (const e of EXPECTED) assert.deepStrictEqual(fs.readdirSync(fixture('real', e.folder, IFLOW_DIR)), [e.file]);
  });

  for (const e of EXPECTED) {
    describe(e.folder, () => {
      const doc = load(e);

      it('parses without error, with the manifest id/name or the file name', () => {
        assert.strictEqual(doc.error, undefined);
        assert.strictEqual(doc.iflowId, e.iflowId);
        assert.strictEqual(doc.iflowName, e.iflowName);
      });

      it('finds exactly the sender channels (cross-checked against a regex count)', () => {
        const senders = (doc.text.match(/<key>direction<\/key>\s*<value>Sender<\/value>/g) ?? []).length;
        assert.strictEqual(doc.channels.length, senders);
        assert.deepStrictEqual(doc.channels.map((c) => c.id), e.channels.map((c) => c.id));
      });

      e.channels.forEach((x, i) => {
        it(`channel ${x.id}: ${x.adapter} → ${x.authorization}`, () => {
          const c = doc.channels[i];
          assert.strictEqual(c.name, x.name);
          assert.strictEqual(c.adapter, x.adapter);
          assert.strictEqual(c.adapterVersion, x.adapterVersion);
          assert.strictEqual(c.authorization, x.authorization);
          assert.strictEqual(c.modeProperty?.raw, x.modeRaw);
          assert.strictEqual(c.modeValue, x.modeValue);
          assert.strictEqual(c.role, x.role);
          assert.strictEqual(c.roleProperty?.raw, x.roleRaw);
          if (x.certificatesKey === 'missing') assert.strictEqual(c.certificatesProperty, undefined);
          else assert.ok(c.certificatesProperty, 'clientCertificates property present');
          if (x.certificatesKey === 'empty') assert.strictEqual(c.certificatesProperty?.raw, '');
          assert.deepStrictEqual(
            c.certificates.map((r) => ({ subjectDN: r.subjectDN.value, issuerDN: r.issuerDN.value })),
            x.certificates,
          );
          c.certificates.forEach((r, k) => assert.strictEqual(r.index, k));
          assert.strictEqual(c.properties.get('direction')?.value, 'Sender');
          if (x.endpoint === undefined) assert.strictEqual(c.endpoint, undefined);
          else assert.strictEqual(c.endpoint?.path ?? null, x.endpoint);
          if (c.endpoint) assert.strictEqual(doc.text.slice(c.endpoint.property.range.start, c.endpoint.property.range.end), c.endpoint.property.raw);
        });
      });

      it('every value range slices to exactly the raw value text', () => {
        assert.ok(assertRangesExact(doc) > 5);
      });
    });
  }

  it('Emarsys: the {{subjectDN}}/{{issuerDN}} row resolves from parameters.prop (both empty there)', () => {
    const doc = load(EXPECTED.find((e) => e.folder.startsWith('D063654'))!);
    const row = doc.channels[0].certificates[0];
    assert.strictEqual(doc.text.slice(row.subjectDN.range.start, row.subjectDN.range.end), '{{subjectDN}}');
    assert.strictEqual(doc.text.slice(row.issuerDN.range.start, row.issuerDN.range.end), '{{issuerDN}}');
    assert.strictEqual(doc.parameters.values.get('subjectDN'), '');
    assert.strictEqual(doc.parameters.values.get('issuerDN'), '');
    assert.strictEqual(doc.parameters.values.get('PUT Create if not exist (0/1)'), '1');
  });

  it('BusinessPartnerReplication: the empty cells have empty ranges between the cell tags', () => {
    const doc = load(EXPECTED.find((e) => e.folder.startsWith('BusinessPartner'))!);
    const row = doc.channels[0].certificates[0];
    assert.strictEqual(row.subjectDN.range.start, row.subjectDN.range.end);
    assert.ok(doc.text.startsWith("&lt;cell id='clientCertificate.subjectDN'&gt;&lt;/cell&gt;", row.subjectDN.range.start - "&lt;cell id='clientCertificate.subjectDN'&gt;".length));
    assert.ok(row.issuerDN.range.start > row.subjectDN.range.end);
  });

  it('C014 without its parameters.prop: the mode is externalized and the role unresolved', () => {
    const e = EXPECTED.find((x) => x.folder.startsWith('C014'))!;
    const file = fixture('real', e.folder, IFLOW_DIR, e.file);
    const doc = parseIFlow(fs.readFileSync(file, 'utf8'), file);
    assert.strictEqual(doc.channels[0].authorization, 'externalized');
    assert.strictEqual(doc.channels[0].modeValue, undefined);
    assert.strictEqual(doc.channels[0].role, undefined);
    assert.strictEqual(doc.parameters.values.size, 0);
  });

  it('ranges stay exact when a real file is converted to CRLF', () => {
    const e = EXPECTED.find((x) => x.folder.startsWith('BusinessPartner'))!;
    const file = fixture('real', e.folder, IFLOW_DIR, e.file);
    const lf = fs.readFileSync(file, 'utf8');
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = parseIFlow(lf, file);
    const b = parseIFlow(crlf, file);
    assert.strictEqual(crlf.length, lf.length + (lf.match(/\n/g) ?? []).length);
    assert.ok(crlf.length > lf.length + 100);
    assert.strictEqual(b.channels.length, 1);
    assertRangesExact(b);
    const pa = a.channels[0].properties.get('clientCertificates')!;
    const pb = b.channels[0].properties.get('clientCertificates')!;
    assert.notStrictEqual(pa.range.start, pb.range.start);
    assert.strictEqual(pb.raw, pa.raw);
    assert.strictEqual(b.channels[0].certificates[0].range.end - b.channels[0].certificates[0].range.start, a.channels[0].certificates[0].range.end - a.channels[0].certificates[0].range.start);
  });
});
