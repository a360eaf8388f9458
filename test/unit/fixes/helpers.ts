import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { applyFileEdit, type FileEdit } from '../../../src/core/edits/types';
import { createRuleContext, defaultLintOptions } from '../../../src/core/engine';
import { DEFAULT_FLOW_ROLE } from '../../../src/core/defaults';
import type { FixSettings } from '../../../src/core/fixes';
import { parseParameters } from '../../../src/core/iflow/parameters';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { readMappingFile } from '../../../src/core/mapping/read';
import type { MappingFile } from '../../../src/core/mapping/types';
import type { IFlowDocument } from '../../../src/core/model';
import type { RuleContext } from '../../../src/core/rules/types';

export const FIXTURES = path.join(__dirname, '../../../../test/fixtures');
export const read = (...p: string[]): string => fs.readFileSync(path.join(FIXTURES, ...p), 'utf8');
export const NOW = new Date('2026-06-01T00:00:00Z');
export const IFLOW_FILE = 'ws/Fix_Flow/src/main/resources/scenarioflows/integrationflow/Fix_Flow.iflw';
export const PARAMS_FILE = 'ws/Fix_Flow/src/main/resources/parameters.prop';
export const MAPPING_FILE = 'ws/certificate-user-mappings.json';

export function certIndex(...names: string[]): CertificateIndex {
  const index = new CertificateIndex();
  for (const n of names) index.addDecoded(decodeCertificates(fs.readFileSync(path.join(FIXTURES, 'certs', n)), { file: n, kind: 'file' }));
  return index;
}

export interface World {
  doc: IFlowDocument;
  ctx: RuleContext;
  settings: FixSettings;
  params?: string;
  mapping?: MappingFile;
}

export function world(opts: { iflow?: string; params?: string; mapping?: string; certs?: string[]; flowRole?: string; now?: Date } = {}): World {
  const iflow = opts.iflow ?? read('fixes', 'Fix_Flow.iflw');
  const params = opts.params;
  const doc = parseIFlow(iflow, IFLOW_FILE, { parameters: params === undefined ? undefined : parseParameters(params, PARAMS_FILE) });
  const mapping = opts.mapping === undefined ? undefined : readMappingFile(opts.mapping, MAPPING_FILE);
  const ctx = createRuleContext(defaultLintOptions(opts.now ?? NOW), certIndex(...(opts.certs ?? ['acme-client.pem', 'acme-expiring.pem'])), mapping);
  const settings: FixSettings = {
    flowRole: opts.flowRole ?? DEFAULT_FLOW_ROLE,
    mappingFile: MAPPING_FILE,
    parametersFileOf: () => PARAMS_FILE,
    parametersText: () => params,
  };
  return { doc, ctx, settings, params, mapping };
}

/** Apply the file edits of a plan: file → new text. */
export function applyAll(files: FileEdit[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) out.set(f.file, applyFileEdit(f));
  return out;
}

/** Everything before the first and after the last changed byte is identical, and the change lies within [lo, hi). */
export function assertChangedOnlyWithin(before: string, after: string, lo: number, hi: number): void {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  assert.ok(p >= lo, `change starts at ${p}, before ${lo}`);
  assert.ok(before.length - s <= hi, `change ends at ${before.length - s}, after ${hi}`);
}

export function channel(doc: IFlowDocument, name: string) {
  const c = doc.channels.find((x) => x.name === name);
  assert.ok(c, `channel ${name}`);
  return c!;
}
