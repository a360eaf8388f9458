/**
 * Minimal text edits on the original `.iflw` text: set a property value, add a property, rewrite
 * or trim the escaped client-certificate table. Everything outside the returned span stays
 * byte-for-byte identical (indentation, property order, escaping, line ends, final newline).
 * Pure: no 'vscode', no Node built-ins.
 */
import type { CertificateEntry, IFlowDocument, IFlowProperty, SenderChannel, SenderParticipant } from '../model';
import { escapeXmlText } from '../iflow/xmlText';
import { setParameterEdit } from './parametersEdits';
import { applyTextEdits, minimalEdit, type FileEdit, type TextEdit } from './types';

/** Where the `<value>` element of a property sits, with its qualified name; undefined when there is none. */
function valueElement(text: string, prop: IFlowProperty): { start: number; end: number; qname: string } | undefined {
  if (prop.selfClosing) {
    const lt = text.lastIndexOf('<', prop.range.start);
    const gt = text.indexOf('>', prop.range.start);
    if (lt < 0 || gt < 0) return undefined;
    return { start: lt, end: gt + 1, qname: text.slice(lt + 1, prop.range.start) };
  }
  // A value element: the text before the range is its start tag, after it its end tag.
  if (!text.startsWith('</', prop.range.end)) return undefined;
  const close = text.indexOf('>', prop.range.end);
  const qname = text.slice(prop.range.end + 2, close).trim();
  const local = qname.slice(qname.indexOf(':') + 1);
  if (local !== 'value' || text[prop.range.start - 1] !== '>') return undefined;
  const lt = text.lastIndexOf('<', prop.range.start - 1);
  return { start: lt, end: close + 1, qname };
}

/**
 * Set a property's value (XML-escaped). `<value/>` becomes `<value>x</value>`; an empty value
 * keeps the form it finds (`<value/>` stays, `<value></value>` is emptied).
 */
export function setPropertyValue(doc: IFlowDocument, prop: IFlowProperty, value: string): TextEdit {
  const text = doc.text;
  const escaped = escapeXmlText(value);
  if (prop.selfClosing) {
    if (value === '') return { start: prop.range.start, end: prop.range.start, newText: '' };
    const el = valueElement(text, prop);
    if (!el) throw new Error(`property ${prop.key}: cannot find its <value/> element`);
    return { start: el.start, end: el.end, newText: `<${el.qname}>${escaped}</${el.qname}>` };
  }
  if (!valueElement(text, prop)) {
    // A property without a <value> element: add one where its content ends.
    return { start: prop.range.start, end: prop.range.end, newText: value === '' ? '' : `<value>${escaped}</value>` };
  }
  return { start: prop.range.start, end: prop.range.end, newText: escaped };
}

/** The line end used around the channel's properties (else the document's first, else '\n'). */
function eolNear(text: string, at: number): string {
  const nl = text.lastIndexOf('\n', at);
  if (nl > 0) return text[nl - 1] === '\r' ? '\r\n' : '\n';
  const m = /\r\n|\n|\r/.exec(text);
  return m ? m[0] : '\n';
}

/** What holds `ifl:property` children: a sender channel (messageFlow) or a sender participant. */
export type PropertyOwner = Pick<SenderChannel | SenderParticipant, 'id' | 'name' | 'properties'>;

/**
 * A new `<ifl:property>` after the owner's last property, copying that property's markup: the
 * same prefixes, inner layout, indentation and line ends.
 */
export function insertProperty(doc: IFlowDocument, owner: PropertyOwner, key: string, value: string): TextEdit {
  const text = doc.text;
  let last: IFlowProperty | undefined;
  for (const p of owner.properties.values()) if (!last || p.elementRange.end > last.elementRange.end) last = p;
  if (!last) throw new Error(`${owner.name || owner.id} has no properties to add "${key}" next to`);
  const template = text.slice(last.elementRange.start, last.elementRange.end);
  const keyRe = /(<((?:[^\s<>/:]+:)?key)(?:\s[^>]*)?>)([\s\S]*?)(<\/\2\s*>)/;
  const km = keyRe.exec(template);
  if (!km) throw new Error(`property ${last.key}: cannot read its <key> markup`);
  let element = template.slice(0, km.index) + km[1] + escapeXmlText(key) + km[4] + template.slice(km.index + km[0].length);
  const valueRe = /<((?:[^\s<>/:]+:)?value)(?:\s[^>]*?)?(?:\/>|>[\s\S]*?<\/\1\s*>)/;
  const vm = valueRe.exec(element);
  const valueMarkup = (qname: string): string => (value === '' ? `<${qname}/>` : `<${qname}>${escapeXmlText(value)}</${qname}>`);
  if (vm) {
    element = element.slice(0, vm.index) + valueMarkup(vm[1]) + element.slice(vm.index + vm[0].length);
  } else {
    const keyEnd = element.indexOf(km[4]) + km[4].length;
    element = element.slice(0, keyEnd) + valueMarkup('value') + element.slice(keyEnd);
  }
  const lineStart = Math.max(text.lastIndexOf('\n', last.elementRange.start - 1), text.lastIndexOf('\r', last.elementRange.start - 1)) + 1;
  const indent = text.slice(lineStart, last.elementRange.start);
  const prefix = /^[ \t]*$/.test(indent) && lineStart > 0 ? `${eolNear(text, last.elementRange.start)}${indent}` : '';
  return { start: last.elementRange.end, end: last.elementRange.end, newText: prefix + element };
}

/** The decoded `clientCertificates` value the designer writes for these rows (DNs escaped once). */
export function certificateTableValue(rows: Array<{ subjectDN: string; issuerDN: string }>): string {
  return rows
    .map((r) => `<row><cell id='clientCertificate.subjectDN'>${escapeXmlText(r.subjectDN)}</cell><cell id='clientCertificate.issuerDN'>${escapeXmlText(r.issuerDN)}</cell></row>`)
    .join('');
}

/** The edit that makes a property empty the way the designer writes an empty table: `<value/>`. */
function emptyValueEdit(doc: IFlowDocument, prop: IFlowProperty): TextEdit {
  if (prop.selfClosing) return { start: prop.range.start, end: prop.range.start, newText: '' };
  const el = valueElement(doc.text, prop);
  if (!el) return { start: prop.range.start, end: prop.range.end, newText: '' };
  return { start: el.start, end: el.end, newText: `<${el.qname}/>` };
}

/**
 * Replace the channel's certificate table. No rows: `<value/>` (what the designer writes for an
 * empty table, whatever form the value had). A channel without the key gets the property.
 */
export function setCertificateRows(doc: IFlowDocument, channel: SenderChannel, rows: Array<{ subjectDN: string; issuerDN: string }>): TextEdit {
  const prop = channel.certificatesProperty;
  const value = certificateTableValue(rows);
  if (!prop) return insertProperty(doc, channel, 'clientCertificates', value);
  if (rows.length === 0) return emptyValueEdit(doc, prop);
  return setPropertyValue(doc, prop, value);
}

/** Add rows at the end of the channel's certificate table, written as the designer writes them. */
export function appendCertificateRows(doc: IFlowDocument, channel: SenderChannel, rows: Array<{ subjectDN: string; issuerDN: string }>): TextEdit {
  const prop = channel.certificatesProperty;
  const value = certificateTableValue(rows);
  if (!prop) return insertProperty(doc, channel, 'clientCertificates', value);
  if (prop.selfClosing || prop.raw === '') return setPropertyValue(doc, prop, value);
  return { start: prop.range.end, end: prop.range.end, newText: escapeXmlText(value) };
}

/**
 * Remove exactly the bytes of these rows (indexes into channel.certificates; unknown ones are
 * ignored). When nothing but whitespace would remain, the value becomes `<value/>`.
 */
export function removeCertificateRows(doc: IFlowDocument, channel: SenderChannel, indexes: number[]): TextEdit {
  const prop = channel.certificatesProperty;
  const remove = channel.certificates.filter((e) => indexes.includes(e.index)).sort((a, b) => a.range.start - b.range.start);
  if (!prop || remove.length === 0) {
    const at = prop ? prop.range.start : channel.range.start;
    return { start: at, end: at, newText: '' };
  }
  const text = doc.text;
  let rest = '';
  let pos = prop.range.start;
  for (const e of remove) {
    rest += text.slice(pos, e.range.start);
    pos = e.range.end;
  }
  rest += text.slice(pos, prop.range.end);
  if (rest.trim() === '') return emptyValueEdit(doc, prop);
  const start = remove[0].range.start;
  const end = remove[remove.length - 1].range.end;
  let kept = '';
  pos = start;
  for (const e of remove) {
    kept += text.slice(pos, e.range.start);
    pos = e.range.end;
  }
  return { start, end, newText: kept };
}

const SINGLE_PLACEHOLDER = /^\s*\{\{([^{}]+)\}\}\s*$/;

/** The parameter name when the value is exactly one `{{name}}` placeholder. */
export function singlePlaceholder(value: string | undefined): string | undefined {
  const m = value === undefined ? null : SINGLE_PLACEHOLDER.exec(value);
  return m ? m[1] : undefined;
}

/** The export's parameters.prop: where it is and its text (undefined when it does not exist yet). */
export interface ParametersFile {
  file: string;
  text: string | undefined;
}

/**
 * Set a channel value. When the property's value is exactly one `{{name}}` placeholder and the
 * export's parameters.prop is known, `name=value` is set there (the iFlow is untouched);
 * otherwise the iFlow value is set (a missing property is added). `prop` is the property or its key.
 */
export function setChannelValue(
  doc: IFlowDocument,
  channel: SenderChannel,
  prop: IFlowProperty | string,
  value: string,
  parametersFile: ParametersFile | undefined,
): FileEdit[] {
  const property = typeof prop === 'string' ? channel.properties.get(prop) : prop;
  if (!property) {
    return [{ file: doc.file, baseText: doc.text, edits: [insertProperty(doc, channel, prop as string, value)] }];
  }
  const name = singlePlaceholder(property.value);
  if (name !== undefined && parametersFile) {
    const edit = setParameterEdit(parametersFile.text, name, value);
    return [{ file: parametersFile.file, baseText: parametersFile.text ?? '', edits: [edit], ...(parametersFile.text === undefined ? { create: true } : {}) }];
  }
  return [{ file: doc.file, baseText: doc.text, edits: [setPropertyValue(doc, property, value)] }];
}

/**
 * Remove a property element. When it stands on a line of its own, the line goes with it (its
 * indentation and the line end before it), so the neighbours keep their layout.
 */
export function removeProperty(doc: IFlowDocument, prop: IFlowProperty): TextEdit {
  const text = doc.text;
  let start = prop.elementRange.start;
  let i = start;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i > 0 && (text[i - 1] === '\n' || text[i - 1] === '\r')) {
    start = i - 1;
    if (text[start] === '\n' && start > 0 && text[start - 1] === '\r') start--;
  }
  return { start, end: prop.elementRange.end, newText: '' };
}

/** Give a property another key (its `<key>` text only). */
export function renameProperty(prop: IFlowProperty, key: string): TextEdit {
  return { start: prop.keyRange.start, end: prop.keyRange.end, newText: escapeXmlText(key) };
}

/** Where a channel's authorization keys are written: the channel, or its sender participant (older adapter versions). */
function authorizationOwner(channel: SenderChannel): PropertyOwner {
  return channel.authorizationKeys?.on === 'participant' && channel.participant ? channel.participant : channel;
}

/**
 * Set a channel's authorization mode or role wherever it is written: the existing property (or
 * the parameter in parameters.prop it names, see setChannelValue), else a new property with the
 * right key on the channel or, for older adapter versions, on its sender participant.
 */
export function setAuthorizationValue(doc: IFlowDocument, channel: SenderChannel, which: 'mode' | 'role', value: string, parametersFile: ParametersFile | undefined): FileEdit[] {
  const keys = channel.authorizationKeys;
  if (!keys) throw new Error(`channel ${channel.name || channel.id}: the ${channel.adapter} adapter has no inbound authorization`);
  const property = which === 'mode' ? channel.modeProperty : channel.roleProperty;
  if (property) return setChannelValue(doc, channel, property, value, parametersFile);
  const key = which === 'mode' ? keys.modeKey : keys.roleKey;
  return [{ file: doc.file, baseText: doc.text, edits: [insertProperty(doc, authorizationOwner(channel), key, value)] }];
}

/** The participant properties of an entry, in source order. */
function entryProperties(entry: CertificateEntry): IFlowProperty[] {
  const p = entry.participantProperties;
  return p ? [p.subject, p.issuer].filter((x): x is IFlowProperty => x !== undefined) : [];
}

/**
 * Remove every certificate entry of a channel: the table becomes `<value/>`; entries on the sender
 * participant (`subjectN`/`issuerN`) are removed with their properties.
 */
export function clearCertificateEntries(doc: IFlowDocument, channel: SenderChannel): TextEdit[] {
  if (channel.certificates.some((e) => e.participantProperties)) return channel.certificates.flatMap(entryProperties).map((p) => removeProperty(doc, p));
  return channel.certificatesProperty ? [setCertificateRows(doc, channel, [])] : [];
}

/**
 * Remove these entries (indexes into channel.certificates; unknown ones are ignored). Table rows
 * lose exactly their bytes (removeCertificateRows); participant entries lose their properties,
 * and the entries after them are renumbered so `subject0`, `subject1`, … stay without gaps.
 */
export function removeCertificateEntries(doc: IFlowDocument, channel: SenderChannel, indexes: number[]): TextEdit[] {
  if (!channel.certificates.some((e) => e.participantProperties)) return [removeCertificateRows(doc, channel, indexes)];
  const edits: TextEdit[] = [];
  let kept = 0;
  for (const entry of channel.certificates) {
    if (indexes.includes(entry.index)) {
      edits.push(...entryProperties(entry).map((p) => removeProperty(doc, p)));
      continue;
    }
    const number = kept++;
    const p = entry.participantProperties;
    if (!p || p.number === number) continue;
    if (p.subject) edits.push(renameProperty(p.subject, `subject${number}`));
    if (p.issuer) edits.push(renameProperty(p.issuer, `issuer${number}`));
  }
  return edits;
}

/**
 * Certificate entries added at the end, written as the channel keeps them: escaped rows of the
 * `clientCertificates` table (appendCertificateRows), or `subjectN`/`issuerN` pairs on the sender
 * participant of an older adapter version, numbered on from the last.
 */
export function appendCertificateEntries(doc: IFlowDocument, channel: SenderChannel, rows: Array<{ subjectDN: string; issuerDN: string }>): TextEdit[] {
  if (channel.authorizationKeys?.on !== 'participant' || !channel.participant) return [appendCertificateRows(doc, channel, rows)];
  const participant = channel.participant;
  const next = channel.certificates.reduce((n, e) => Math.max(n, (e.participantProperties?.number ?? -1) + 1), 0);
  return rows.flatMap((row, i) => [
    insertProperty(doc, participant, `subject${next + i}`, row.subjectDN),
    insertProperty(doc, participant, `issuer${next + i}`, row.issuerDN),
  ]);
}

/**
 * Put new DNs into one certificate entry (a renewal by another CA, or a new subject). Only the
 * cells given are touched: a table cell, or the `subjectN`/`issuerN` property of an entry kept on
 * the sender participant (added when missing). A value that is exactly one `{{name}}` placeholder
 * is changed in parameters.prop instead, when it is known.
 */
export function setCertificateEntry(
  doc: IFlowDocument,
  channel: SenderChannel,
  entry: CertificateEntry,
  dns: { subjectDN?: string; issuerDN?: string },
  parametersFile: ParametersFile | undefined,
): FileEdit[] {
  const iflowEdits: TextEdit[] = [];
  let parameters = parametersFile?.text;
  const onParticipant = entry.participantProperties;
  for (const [which, cell, dn] of [['subject', entry.subjectDN, dns.subjectDN], ['issuer', entry.issuerDN, dns.issuerDN]] as const) {
    if (dn === undefined) continue;
    const name = singlePlaceholder(cell.value);
    if (name !== undefined && parametersFile) {
      parameters = applyTextEdits(parameters ?? '', [setParameterEdit(parameters, name, dn)]);
    } else if (onParticipant) {
      const prop = onParticipant[which];
      iflowEdits.push(prop ? setPropertyValue(doc, prop, dn) : insertProperty(doc, channel.participant!, `${which}${onParticipant.number}`, dn));
    } else {
      // Cells sit in the escaped table value: the DN is escaped for the cell, then for the value.
      iflowEdits.push({ start: cell.range.start, end: cell.range.end, newText: escapeXmlText(escapeXmlText(dn)) });
    }
  }
  const out: FileEdit[] = iflowEdits.length > 0 ? [{ file: doc.file, baseText: doc.text, edits: iflowEdits }] : [];
  if (parametersFile && parameters !== parametersFile.text) {
    const base = parametersFile.text ?? '';
    out.push({ file: parametersFile.file, baseText: base, edits: [minimalEdit(base, parameters ?? '')], ...(parametersFile.text === undefined ? { create: true } : {}) });
  }
  return out;
}
