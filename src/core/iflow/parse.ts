/**
 * Parse an `.iflw` (BPMN2 XML) into the engine's model: its sender channels with the source
 * range of every value. Pure: no 'vscode', no Node built-ins (runs in a browser).
 *
 * checkWellFormed (wellFormed.ts) checks the whole document is well-formed; a small scanner here
 * then finds the elements the rules read (see scanSkeleton) with offsets in the original text;
 * value ranges, raw text and entity decoding are computed from the original text too, so every
 * range slices exactly.
 */
import { RUNTIME_DEFAULT_ROLE } from '../defaults';
import type {
  AuthorizationMode,
  CertificateEntry,
  IFlowDocument,
  IFlowProperty,
  ParameterSet,
  SenderChannel,
  SenderParticipant,
  SourceError,
  TableCell,
  TextRange,
} from '../model';
import { endpointOf } from './endpoint';
import { iflowBaseName } from './layout';
import { parseManifest } from './manifest';
import { resolveParameters } from './parameters';
import { checkWellFormed, doctypeEnd } from './wellFormed';
import { parseCertificateTable } from './table';
import { decodeEntities, decodeXmlContent, startTagEnd, tagNameLength } from './xmlText';

export const BPMN2_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
export const IFL_NS = 'http:///com.sap.ifl.model/Ifl.xsd';

export interface ParseContext {
  /** Text of the export's META-INF/MANIFEST.MF, if any. */
  manifest?: string;
  /** The export's parameters.prop values, if any. */
  parameters?: ParameterSet;
}

/**
 * How an adapter selects its inbound authorization: the property holding the mode and its values
 * for User Role and Client Certificate (HTTPS, SOAP, IDoc, AS2: `senderAuthType` RoleBased or
 * ClientCertificate; the OData sender: `authentication` basic or certificate).
 */
interface AuthTable {
  modeKey: string;
  userRole: string;
  clientCertificate: string;
}

const SENDER_AUTH_TYPE: AuthTable = { modeKey: 'senderAuthType', userRole: 'RoleBased', clientCertificate: 'ClientCertificate' };
const ODATA_AUTH: AuthTable = { modeKey: 'authentication', userRole: 'basic', clientCertificate: 'certificate' };

/**
 * The authorization table of an adapter, or undefined for adapters without inbound
 * authorization (ProcessDirect, JMS, SFTP, PollingSFTP, Mail, AMQP, DataStoreConsumer, …: their
 * `authentication` key, where present, is an outbound credential and is not read).
 */
export function authTableOf(adapter: string): AuthTable | undefined {
  const a = adapter.trim().toUpperCase();
  if (a === 'HTTPS' || a === 'SOAP' || a === 'IDOC' || a === 'AS2' || a === 'AS4' || a === 'XI') return SENDER_AUTH_TYPE;
  // The OData V2 sender's ComponentType is `ODataSender` (cname::sap:ODataSender); `OData` is
  // accepted as an alias.
  if (a === 'ODATASENDER' || a === 'ODATA') return ODATA_AUTH;
  return undefined;
}

/** The key of a sender channel's mode property, or undefined when the adapter has none. */
export function authorizationKeyOf(adapter: string): string | undefined {
  return authTableOf(adapter)?.modeKey;
}

/** `cname` and `version` of a `cmdVariantUri` such as `ctype::AdapterVariant/cname::sap:HTTPS/…/version::1.5.2`. */
export function parseCmdVariantUri(uri: string): { cname?: string; version?: string } {
  const out: { cname?: string; version?: string } = {};
  for (const segment of uri.split('/')) {
    const sep = segment.indexOf('::');
    if (sep < 0) continue;
    const key = segment.slice(0, sep).trim();
    const value = segment.slice(sep + 2).trim();
    if (key === 'cname' && out.cname === undefined) {
      // `sap:HTTPS` → `HTTPS`; `AS2` stays; tolerate further `::` (e.g. `cname::sap::X`).
      const parts = value.split(/::|:/);
      const last = parts[parts.length - 1].trim();
      if (last) out.cname = last;
    } else if (key === 'version' && out.version === undefined && value) {
      out.version = value;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The element scanner
//
// Speed (see test/bench): the whole document is checked for well-formedness by checkWellFormed
// (wellFormed.ts: a single pass that builds nothing), then this scanner walks the tags once and
// builds elements only for the root, the root's children and the subtree of each
// `collaboration` (the message flows: all the rules read). Everything else — the processes,
// which are most of a large iFlow — is skipped tag by tag with a depth counter. The scanner is
// iterative (no recursion: 100,000-deep nesting is fine) and works on the original text, so every
// offset is exact (CRLF, BOM, astral characters). It only ever runs on text checkWellFormed has
// accepted; anything it still finds malformed (e.g. the quotes of the XML declaration, which
// checkWellFormed does not check) throws a ScanError that parseIFlow reports at its offset.

interface Element {
  qname: string;
  prefix: string;
  local: string;
  ns?: string;
  /** Raw attribute values by qualified name (line ends normalized to LF). */
  attrs: Record<string, string>;
  /** Child elements; only built for the root and inside a collaboration. */
  children: Element[];
  /** Offset of the `<` of the start tag. */
  start: number;
  /** Offset just after the `>` that ends the element (its end tag, or `/>`). */
  end: number;
  /** Namespace declarations in scope (innermost first). */
  scope: Array<Record<string, string>>;
}

const XML_SCOPE: Array<Record<string, string>> = [{ xml: 'http://www.w3.org/XML/1998/namespace' }];

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * The attributes of a start tag's text, in one linear pass. The document is already known to be
 * well-formed; a regex here backtracked quadratically on a 70 KB attribute name (15 s, fuzzing).
 */
function* attributesOf(t: string): Generator<[string, string]> {
  const n = t.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(t.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < n && !isSpace(t.charCodeAt(i)) && t[i] !== '=') i++;
    const name = t.slice(nameStart, i);
    while (i < n && isSpace(t.charCodeAt(i))) i++;
    if (i >= n || t[i] !== '=' || !name) return;
    i++;
    while (i < n && isSpace(t.charCodeAt(i))) i++;
    const quote = t[i];
    if (quote !== '"' && quote !== "'") return;
    const close = t.indexOf(quote, i + 1);
    if (close < 0) return;
    yield [name, t.slice(i + 1, close)];
    i = close + 1;
  }
}

/** An element from its start tag `text[start, tagEnd)`. */
function makeElement(text: string, start: number, tagEnd: number, selfClosing: boolean, parentScope: Array<Record<string, string>>): Element {
  const nameEnd = start + 1 + tagNameLength(text, start);
  const qname = text.slice(start + 1, nameEnd);
  const attrs: Record<string, string> = {};
  let decls: Record<string, string> | undefined;
  const attrText = text.slice(nameEnd, selfClosing ? tagEnd - 2 : tagEnd - 1);
  if (attrText.indexOf('=') >= 0) {
    for (const [name, raw] of attributesOf(attrText)) {
      let value = raw;
      // XML line-end normalization (as fast-xml-parser's tree had it): CRLF and CR become LF.
      if (value.indexOf('\r') >= 0) value = value.replace(/\r\n?/g, '\n');
      if (!Object.prototype.hasOwnProperty.call(attrs, name)) attrs[name] = value;
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        decls ??= {};
        decls[name === 'xmlns' ? '' : name.slice(6)] = decodeEntities(value);
      }
    }
  }
  const scope = decls ? [decls, ...parentScope] : parentScope;
  const colon = qname.indexOf(':');
  const prefix = colon >= 0 ? qname.slice(0, colon) : '';
  const local = colon >= 0 ? qname.slice(colon + 1) : qname;
  let ns: string | undefined;
  for (const d of scope) {
    if (Object.prototype.hasOwnProperty.call(d, prefix)) {
      ns = d[prefix] || undefined;
      break;
    }
  }
  return { qname, prefix, local, ns, attrs, children: [], start, end: selfClosing ? tagEnd : text.length, scope };
}

/** A well-formedness error checkWellFormed let through, at an offset of the text. */
class ScanError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

function skipPast(text: string, marker: string, from: number): number {
  const e = text.indexOf(marker, from);
  if (e < 0) throw new ScanError('unterminated markup', from);
  return e + marker.length;
}

/** An XML declaration whose quotes pair up (what fast-xml-parser's tree builder required). */
const XML_DECLARATION_RE = /^<\?xml(?:[^"']|"[^"]*"|'[^']*')*\?>$/;

interface Skeleton {
  root?: Element;
  /** The root's `collaboration` children, their subtrees built. */
  collaborations: Element[];
}

/**
 * One pass over a well-formed document: the root element and its collaborations. Stops after
 * the root's start tag when the root is not BPMN definitions (nothing else is needed then).
 */
function scanSkeleton(text: string): Skeleton {
  const out: Skeleton = { collaborations: [] };
  let depth = 0; // open elements
  let root: Element | undefined;
  // Elements being built: the collaboration and its open descendants (buildBase = its depth).
  const building: Element[] = [];
  let buildBase = -1;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    const next = text.charCodeAt(i + 1);
    if (next === 47 /* / */) {
      const close = skipPast(text, '>', i + 2);
      if (depth === 0) throw new ScanError('end tag without a start tag', i);
      if (buildBase >= 0 && depth > buildBase) {
        const el = building.pop()!;
        el.end = close;
        if (building.length === 0) buildBase = -1;
      } else if (depth === 1 && root) {
        root.end = close;
      }
      depth--;
      i = close;
    } else if (next === 33 /* ! */) {
      if (text.startsWith('<!--', i)) i = skipPast(text, '-->', i + 4);
      else if (text.startsWith('<![CDATA[', i)) i = skipPast(text, ']]>', i + 9);
      else if (text.startsWith('<!DOCTYPE', i)) {
        const e = doctypeEnd(text, i, text.length);
        i = e < 0 ? text.length : e;
      }
      else i = skipPast(text, '>', i + 2);
    } else if (next === 63 /* ? */) {
      const piEnd = skipPast(text, '?>', i + 2);
      // The XML declaration's quotes (checkWellFormed does not check them).
      if (text.startsWith('<?xml', i) && /\s/.test(text.charAt(i + 5)) && !XML_DECLARATION_RE.test(text.slice(i, piEnd))) {
        throw new ScanError('malformed XML declaration', i);
      }
      i = piEnd;
    } else {
      const tagEnd = startTagEnd(text, i);
      const selfClosing = text.charCodeAt(tagEnd - 2) === 47 && text.charCodeAt(tagEnd - 1) === 62;
      if (depth === 0) {
        if (root) throw new ScanError('a second root element', i);
        root = makeElement(text, i, tagEnd, selfClosing, XML_SCOPE);
        out.root = root;
        if (!isBpmn(root, 'definitions')) return out;
      } else if (buildBase >= 0) {
        const parent = building[building.length - 1];
        const el = makeElement(text, i, tagEnd, selfClosing, parent.scope);
        parent.children.push(el);
        if (!selfClosing) building.push(el);
      } else if (depth === 1 && root) {
        const el = makeElement(text, i, tagEnd, selfClosing, root.scope);
        root.children.push(el);
        if (isBpmn(el, 'collaboration')) {
          out.collaborations.push(el);
          if (!selfClosing) {
            building.push(el);
            buildBase = depth;
          }
        }
      }
      if (!selfClosing) depth++;
      i = tagEnd;
    }
    i = text.indexOf('<', i);
  }
  if (depth !== 0) throw new ScanError('the document ends while elements are still open', text.length);
  return out;
}

function childElements(el: Element): Element[] {
  return el.children;
}

/** A BPMN element: the local name, in the BPMN2 namespace or (leniently) in no namespace. */
function isBpmn(el: Element, local: string): boolean {
  return el.local === local && (el.ns === undefined || el.ns === BPMN2_NS);
}

function attr(el: Element, name: string): string | undefined {
  const v = el.attrs[name];
  return v === undefined ? undefined : decodeEntities(v);
}

/** A namespaced attribute by namespace and local name, whatever its prefix. */
function attrIn(el: Element, ns: string, local: string): string | undefined {
  for (const qname of Object.keys(el.attrs)) {
    const colon = qname.indexOf(':');
    if (colon < 0 || qname.slice(colon + 1) !== local) continue;
    const prefix = qname.slice(0, colon);
    const decl = el.scope.find((d) => Object.prototype.hasOwnProperty.call(d, prefix));
    if (decl && decl[prefix] === ns) return decodeEntities(el.attrs[qname]);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// error positions

function pointRange(text: string, offset: number): TextRange {
  const start = Math.max(0, Math.min(offset, text.length));
  return { start, end: Math.min(text.length, start + 1) };
}

/** `<!ENTITY` declarations in a DOCTYPE of the prolog are refused: entities are never expanded. */
function doctypeEntityError(text: string): SourceError | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i + 2);
      if (e < 0) return undefined;
      i = e + 2;
    } else if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0) return undefined;
      i = e + 3;
    } else if (text.startsWith('<!DOCTYPE', i)) {
      const end = doctypeEnd(text, i, text.length);
      const j = end < 0 ? text.length : end;
      const entity = text.slice(i, j).search(/<!ENTITY/);
      if (entity >= 0) {
        const at = i + entity;
        return {
          message: 'DOCTYPE with ENTITY declarations is not supported: entities are never expanded (they can be used for entity-expansion attacks)',
          range: { start: at, end: at + '<!ENTITY'.length },
        };
      }
      return undefined;
    } else {
      return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// properties

function elementContent(text: string, el: Element): { start: number; end: number; selfClosing: boolean; nameEnd: number } {
  const tagEnd = startTagEnd(text, el.start);
  const nameEnd = el.start + 1 + tagNameLength(text, el.start);
  const selfClosing = tagEnd >= 2 && text.charCodeAt(tagEnd - 2) === 47; /* / */
  if (selfClosing || tagEnd >= el.end) return { start: nameEnd, end: nameEnd, selfClosing: true, nameEnd };
  const close = text.lastIndexOf('</', el.end - 1);
  const end = close >= tagEnd ? close : tagEnd;
  return { start: tagEnd, end, selfClosing: false, nameEnd };
}

function readProperty(text: string, prop: Element): IFlowProperty | undefined {
  let keyEl: Element | undefined;
  let valueEl: Element | undefined;
  for (const c of childElements(prop)) {
    if (c.local === 'key' && !keyEl) keyEl = c;
    else if (c.local === 'value' && !valueEl) valueEl = c;
  }
  if (!keyEl) return undefined;
  const kc = elementContent(text, keyEl);
  const key = decodeXmlContent(text, kc.start, kc.end).trim();
  if (!key) return undefined;
  const elementRange = { start: prop.start, end: prop.end };
  const keyRange = { start: kc.start, end: kc.end };
  if (!valueEl) {
    // No <value> at all: an empty value where the property's content ends.
    const pc = elementContent(text, prop);
    return { key, raw: '', value: '', range: { start: pc.end, end: pc.end }, elementRange, keyRange, selfClosing: false };
  }
  const vc = elementContent(text, valueEl);
  if (vc.selfClosing) {
    return { key, raw: '', value: '', range: { start: vc.nameEnd, end: vc.nameEnd }, elementRange, keyRange, selfClosing: true };
  }
  const raw = text.slice(vc.start, vc.end);
  return { key, raw, value: decodeXmlContent(text, vc.start, vc.end), range: { start: vc.start, end: vc.end }, elementRange, keyRange, selfClosing: false };
}

function readProperties(text: string, flow: Element): Map<string, IFlowProperty> {
  const props = new Map<string, IFlowProperty>();
  for (const ext of childElements(flow)) {
    if (!isBpmn(ext, 'extensionElements')) continue;
    for (const p of childElements(ext)) {
      if (p.local !== 'property') continue;
      const prop = readProperty(text, p);
      // The first occurrence of a key wins (the designer never writes duplicates).
      if (prop && !props.has(prop.key)) props.set(prop.key, prop);
    }
  }
  return props;
}

// ---------------------------------------------------------------------------------------------
// channels

function readChannel(text: string, flow: Element, props: Map<string, IFlowProperty>, params: ParameterSet, participant?: SenderParticipant): SenderChannel {
  const componentType = props.get('ComponentType')?.value.trim() ?? '';
  const variant = parseCmdVariantUri(props.get('cmdVariantUri')?.value ?? '');
  const adapter = componentType || variant.cname || '';
  const tagEnd = startTagEnd(text, flow.start);
  const channel: SenderChannel = {
    id: attr(flow, 'id') ?? '',
    name: attr(flow, 'name') ?? '',
    adapter,
    range: { start: flow.start, end: Math.min(tagEnd, flow.end) },
    elementRange: { start: flow.start, end: flow.end },
    properties: props,
    authorization: 'none',
    certificates: [],
  };
  if (variant.version !== undefined) channel.adapterVersion = variant.version;
  if (participant) channel.participant = participant;
  const endpoint = endpointOf(adapter, props, params);
  if (endpoint) channel.endpoint = endpoint;
  const table = authTableOf(adapter);
  if (!table) return channel;

  // The channel's own mode key wins; older adapter versions have none and keep the
  // authorization on the sender participant (modern files carry those keys too, as leftovers).
  const legacyMode = participant?.properties.get(PARTICIPANT_MODE_KEY);
  if (props.get(table.modeKey) || !legacyMode) readChannelAuthorization(text, channel, table, params);
  else readParticipantAuthorization(channel, participant!, legacyMode, params);
  return channel;
}

/** The mode, role and certificate table set on the channel itself. */
function readChannelAuthorization(text: string, channel: SenderChannel, table: AuthTable, params: ParameterSet): void {
  const props = channel.properties;
  channel.authorizationKeys = { on: 'channel', ...table, roleKey: 'userRole' };
  const modeProperty = props.get(table.modeKey);
  if (!modeProperty) {
    // Neither the channel nor its participant selects a mode: adapter versions before the
    // Authorization choice authorized by user role only, and the runtime treats an absent
    // `senderAuthType` as `RoleBased`.
    channel.authorization = 'userRole';
  } else {
    readMode(channel, modeProperty, params, (v) => (v === table.userRole ? 'userRole' : v === table.clientCertificate ? 'clientCertificate' : 'unknown'));
  }
  readRole(channel, props.get('userRole'), params, false);
  const certificatesProperty = props.get('clientCertificates');
  if (certificatesProperty) {
    channel.certificatesProperty = certificatesProperty;
    channel.certificates = parseCertificateTable(text, certificatesProperty);
  }
}

/** The key of the participant's mode: `true`/`1` User Role, `false`/`0` Client Certificate. */
const PARTICIPANT_MODE_KEY = 'enableBasicAuthentication';

/** Older adapter versions: the mode, role and certificate entries on the EndpointSender participant. */
function readParticipantAuthorization(channel: SenderChannel, participant: SenderParticipant, modeProperty: IFlowProperty, params: ParameterSet): void {
  const numeric = /^\s*[01]\s*$/.test(modeProperty.value);
  channel.authorizationKeys = { on: 'participant', modeKey: PARTICIPANT_MODE_KEY, userRole: numeric ? '1' : 'true', clientCertificate: numeric ? '0' : 'false', roleKey: 'role' };
  readMode(channel, modeProperty, params, (v) => {
    const lower = v.toLowerCase();
    return lower === 'true' || v === '1' ? 'userRole' : lower === 'false' || v === '0' ? 'clientCertificate' : 'unknown';
  });
  // An empty participant role is the implicit ESBMessaging.send, not a missing role.
  readRole(channel, participant.properties.get('role'), params, true);
  channel.certificates = participantCertificateEntries(participant);
}

/** The mode from the property that selects it: externalized while a parameter has no value, else what `classify` makes of the value. */
function readMode(channel: SenderChannel, modeProperty: IFlowProperty, params: ParameterSet, classify: (value: string) => AuthorizationMode): void {
  channel.modeProperty = modeProperty;
  const r = resolveParameters(modeProperty.value, params);
  if (r.unresolved.length > 0) {
    channel.authorization = 'externalized';
  } else {
    channel.modeValue = r.value.trim();
    channel.authorization = classify(channel.modeValue);
  }
}

/** The channel's role from its role property; `emptyIsImplicit` for a participant's empty `role`. */
function readRole(channel: SenderChannel, roleProperty: IFlowProperty | undefined, params: ParameterSet, emptyIsImplicit: boolean): void {
  if (roleProperty) {
    channel.roleProperty = roleProperty;
    const r = resolveParameters(roleProperty.value, params);
    if (r.unresolved.length === 0) channel.role = r.value.trim();
  }
  const implicit = roleProperty === undefined || (emptyIsImplicit && channel.role === '');
  if (implicit && channel.authorization === 'userRole') {
    channel.role = RUNTIME_DEFAULT_ROLE;
    channel.roleImplicit = true;
  }
}

const PARTICIPANT_ENTRY_KEY = /^(subject|issuer)(\d{1,6})$/;

/** `subject0`/`issuer0`, `subject1`/`issuer1`, … of a participant, in number order. */
function participantCertificateEntries(participant: SenderParticipant): CertificateEntry[] {
  const byNumber = new Map<number, { subject?: IFlowProperty; issuer?: IFlowProperty }>();
  for (const p of participant.properties.values()) {
    const m = PARTICIPANT_ENTRY_KEY.exec(p.key);
    if (!m) continue;
    const n = Number(m[2]);
    const pair = byNumber.get(n) ?? {};
    pair[m[1] as 'subject' | 'issuer'] = p;
    byNumber.set(n, pair);
  }
  return [...byNumber.keys()].sort((a, b) => a - b).map((number, index) => {
    const { subject, issuer } = byNumber.get(number)!;
    const present = [subject, issuer].filter((p): p is IFlowProperty => p !== undefined);
    const start = Math.min(...present.map((p) => p.elementRange.start));
    const end = Math.max(...present.map((p) => p.elementRange.end));
    // A missing half is an empty cell where the other property ends.
    const cell = (p: IFlowProperty | undefined): TableCell => (p ? { value: p.value, range: p.range } : { value: '', range: { start: end, end } });
    return { index, subjectDN: cell(subject), issuerDN: cell(issuer), range: { start, end }, participantProperties: { number, subject, issuer } };
  });
}

/** The EndpointSender participants of a collaboration, by id (the `sourceRef` of their channels). */
function senderParticipants(text: string, collaboration: Element): Map<string, SenderParticipant> {
  const out = new Map<string, SenderParticipant>();
  for (const el of childElements(collaboration)) {
    if (!isBpmn(el, 'participant')) continue;
    const properties = readProperties(text, el);
    const type = attrIn(el, IFL_NS, 'type') ?? properties.get('ifl:type')?.value;
    const id = attr(el, 'id');
    if (type?.trim() !== 'EndpointSender' || !id || out.has(id)) continue;
    const tagEnd = startTagEnd(text, el.start);
    out.set(id, { id, name: attr(el, 'name') ?? '', range: { start: el.start, end: Math.min(tagEnd, el.end) }, elementRange: { start: el.start, end: el.end }, properties });
  }
  return out;
}

function describeElement(el: Element): string {
  return el.ns ? `{${el.ns}}${el.local}` : el.qname;
}

/**
 * Parse an iFlow. Never throws: malformed XML, a document that is not an iFlow, or an internal
 * failure all become `error` (with channels empty).
 */
export function parseIFlow(text: string, file: string, context?: ParseContext): IFlowDocument {
  const src = typeof text === 'string' ? text : '';
  const fileName = typeof file === 'string' ? file : String(file);
  const base = iflowBaseName(fileName);
  const parameters: ParameterSet = context?.parameters ?? { values: new Map() };
  const doc: IFlowDocument = { file: fileName, text: src, iflowId: base, iflowName: base, channels: [], parameters };
  try {
    if (typeof context?.manifest === 'string') {
      const m = parseManifest(context.manifest);
      if (m.symbolicName) doc.iflowId = m.symbolicName;
      if (m.name) doc.iflowName = m.name;
    }
    const dtd = doctypeEntityError(src);
    if (dtd) {
      doc.error = dtd;
      return doc;
    }
    const malformed = checkWellFormed(src);
    if (malformed) {
      doc.error = { message: `not well-formed XML: ${malformed.message}`, range: pointRange(src, malformed.offset) };
      return doc;
    }
    const { root, collaborations } = scanSkeleton(src);
    if (!root) {
      doc.error = { message: 'not an iFlow: no root element', range: pointRange(src, 0) };
      return doc;
    }
    const rootTag = { start: root.start, end: Math.min(startTagEnd(src, root.start), root.end) };
    if (!isBpmn(root, 'definitions')) {
      doc.error = { message: `not an iFlow: the root element is ${describeElement(root)}, expected BPMN 2.0 definitions (${BPMN2_NS})`, range: rootTag };
      return doc;
    }
    if (collaborations.length === 0) {
      doc.error = { message: 'not an iFlow: the BPMN definitions have no collaboration element', range: rootTag };
      return doc;
    }
    for (const collaboration of collaborations) {
      const participants = senderParticipants(src, collaboration);
      for (const flow of childElements(collaboration)) {
        if (!isBpmn(flow, 'messageFlow')) continue;
        const props = readProperties(src, flow);
        const direction = props.get('direction')?.value.trim();
        const participant = participants.get(attr(flow, 'sourceRef') ?? '');
        // Older iFlows have no `direction`: a flow from an EndpointSender participant is a sender.
        if (direction ? direction !== 'Sender' : !participant) continue;
        doc.channels.push(readChannel(src, flow, props, parameters, participant));
      }
    }
  } catch (e) {
    doc.channels = [];
    if (e instanceof ScanError) {
      doc.error = { message: `not well-formed XML: ${e.message}`, range: pointRange(src, e.offset) };
      return doc;
    }
    const message = e instanceof Error ? e.message : String(e);
    doc.error = { message: `could not read the iFlow: ${message}`, range: pointRange(src, 0) };
  }
  return doc;
}
