/**
 * The shared vocabulary of the engine. Everything here is plain data so the extension, the CLI
 * and a browser build can pass it around; nothing here imports 'vscode' or Node built-ins.
 */

/** Offsets into the original text (UTF-16 code units, as JavaScript strings and VS Code count). */
export interface TextRange {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** How a sender channel authorizes its callers (`authorization` in `iflow-auth channels --format json`). */
export type AuthorizationMode = 'userRole' | 'clientCertificate' | 'externalized' | 'unknown' | 'none';

/** One `ifl:property` of a messageFlow: `<key>` and `<value>`, with where the value sits. */
export interface IFlowProperty {
  key: string;
  /** The value's text exactly as in the source (XML-escaped). */
  raw: string;
  /** The value with XML entities decoded (not parameter-resolved). */
  value: string;
  /** Range of the value text; for `<value/>` or `<value></value>` an empty range where text would go. */
  range: TextRange;
  /** Range of the whole `<ifl:property>` element. */
  elementRange: TextRange;
  /** Range of the key text (inside `<key>`), where a fix renames a key. */
  keyRange: TextRange;
  /** True when the value element is self-closing (`<value/>`). */
  selfClosing: boolean;
}

/** One cell of a row of the escaped `clientCertificates` table. */
export interface TableCell {
  /** Cell text fully decoded (both levels of escaping), not parameter-resolved. */
  value: string;
  /** Range of the cell content in the original source text. */
  range: TextRange;
}

/**
 * One certificate a Client Certificate channel accepts: a `<row>` of `clientCertificates`, or, for
 * older adapter versions, a `subjectN`/`issuerN` pair of the sender participant's properties.
 */
export interface CertificateEntry {
  /** Position among the channel's entries (0-based). */
  index: number;
  subjectDN: TableCell;
  issuerDN: TableCell;
  /**
   * Range of the whole escaped row (`&lt;row&gt;…&lt;/row&gt;`) in the source; for a participant
   * entry, from the first of its two properties to the end of the last.
   */
  range: TextRange;
  /** Set for an entry kept on the sender participant: the `subjectN` and `issuerN` properties (either may be missing). */
  participantProperties?: { number: number; subject?: IFlowProperty; issuer?: IFlowProperty };
}

/**
 * A `bpmn2:participant` with `ifl:type="EndpointSender"`: the system that calls a sender channel.
 * Older adapter versions keep the channel's authorization in its properties.
 */
export interface SenderParticipant {
  id: string;
  name: string;
  /** Range of the participant's start tag. */
  range: TextRange;
  /** Range of the whole participant element. */
  elementRange: TextRange;
  properties: Map<string, IFlowProperty>;
}

/**
 * Where a channel's authorization is written and how: the key that selects the mode with the value
 * of each mode, and the key of the role. On the channel: `senderAuthType` (`RoleBased` /
 * `ClientCertificate`) or, for the OData sender, `authentication` (`basic` / `certificate`), and
 * `userRole`. On the sender participant (older adapter versions): `enableBasicAuthentication`
 * (`true` or `1` / `false` or `0`, in the form the file uses) and `role`.
 */
export interface AuthorizationKeys {
  on: 'channel' | 'participant';
  modeKey: string;
  userRole: string;
  clientCertificate: string;
  roleKey: string;
}

/**
 * The address a sender channel is called at, as the tenant serves it: `/http` + `urlPath`
 * (HTTPS), `/cxf` + `address` (SOAP, IDOC), `/cxf` + `Address_inbound` (XI), `/as2` + `address`
 * (AS2), with `{{parameters}}` resolved and any query string dropped.
 */
export interface SenderEndpoint {
  /**
   * The path, e.g. `/http/orders` or `/cxf/vendor/*` (a wildcard keeps its `/*`); undefined while
   * the address holds a `{{parameter}}` without a value, or is empty.
   */
  path?: string;
  /** The address ends in `/*`: it serves the prefix followed by `/` and anything, not the bare prefix. */
  wildcard: boolean;
  /** The property the address was read from (its value range is where findings about it go). */
  property: IFlowProperty;
  /** Placeholders in the address that have no value in parameters.prop. */
  unresolved: string[];
}

/**
 * A sender channel: a messageFlow whose `direction` property is `Sender`, or, in older iFlows
 * without a `direction`, one whose `sourceRef` is an EndpointSender participant.
 */
export interface SenderChannel {
  /** The messageFlow's `id` attribute. */
  id: string;
  /** The messageFlow's `name` attribute (the channel's display name). */
  name: string;
  /** `ComponentType` (e.g. HTTPS, SOAP, ODataSender), else the cname of `cmdVariantUri`. */
  adapter: string;
  adapterVersion?: string;
  /** Range of the messageFlow's start tag, where channel-level findings without a value go. */
  range: TextRange;
  /** Range of the whole messageFlow element. */
  elementRange: TextRange;
  properties: Map<string, IFlowProperty>;
  /** Authorization after externalized parameters are resolved. */
  authorization: AuthorizationMode;
  /**
   * Where the authorization is written (undefined for adapters without inbound authorization).
   * With `on` = `participant` the mode, role and certificate entries below are the participant's.
   */
  authorizationKeys?: AuthorizationKeys;
  /** The EndpointSender participant the messageFlow comes from (its `sourceRef`), if any. */
  participant?: SenderParticipant;
  /** The property that selects the mode (`senderAuthType`, `authentication`, or the participant's `enableBasicAuthentication`). */
  modeProperty?: IFlowProperty;
  /** The mode value after parameter resolution (undefined when unresolved or absent). */
  modeValue?: string;
  roleProperty?: IFlowProperty;
  /** The role after parameter resolution ('' when empty, undefined when unresolved). */
  role?: string;
  /**
   * True when no role is set and the runtime's default `ESBMessaging.send` applies (`role` then
   * holds it): a User Role channel without a role key, or a participant whose `role` is empty.
   */
  roleImplicit?: boolean;
  certificatesProperty?: IFlowProperty;
  certificates: CertificateEntry[];
  /** Where callers reach the channel; undefined for adapters without an address (or without the key). */
  endpoint?: SenderEndpoint;
}

/** A well-formedness or shape error, at an offset in the source. */
export interface SourceError {
  message: string;
  range: TextRange;
}

export interface IFlowDocument {
  /** Path (or URI string) the document was read from, as the caller named it. */
  file: string;
  text: string;
  /** `Bundle-SymbolicName` from META-INF/MANIFEST.MF when present, else the file name without extension. */
  iflowId: string;
  /** `Bundle-Name` from the manifest when present, else the file name without extension. */
  iflowName: string;
  channels: SenderChannel[];
  /** Set when the file is not well-formed XML or not an iFlow; channels is then empty. */
  error?: SourceError;
  parameters: ParameterSet;
}

/** Values of an export's `src/main/resources/parameters.prop`. */
export interface ParameterSet {
  /** Where they came from, if a file was found. */
  file?: string;
  values: Map<string, string>;
}

/** Result of substituting `{{name}}` placeholders. */
export interface ResolvedValue {
  value: string;
  /** Names of placeholders without a value; when non-empty, `value` still holds them verbatim. */
  unresolved: string[];
  /** Names that were substituted. */
  resolved: string[];
}
