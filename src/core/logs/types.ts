/**
 * The vocabulary of the log analysis: what the readers produce from the tenant's HTTP access logs
 * and LJS traces, and what the analyzer says about each request. Plain data, no Node built-ins.
 */
import type { CertificateInfo } from '../certs/types';
import type { AuthorizationMode, TextRange } from '../model';
import { DOCS_BASE_URL } from '../rules/registry';

/** Every verdict, in the order the verdict table is read (the first that applies wins). */
export const VERDICTS = [
  'ok',
  'challenge',
  'no-credentials',
  'authentication-failed',
  'certificate-not-mapped',
  'certificate-not-accepted',
  'missing-role',
  'unknown-endpoint',
  'forbidden',
  'server-error',
  'other',
] as const;

export type Verdict = (typeof VERDICTS)[number];

/** Where a verdict is explained (docs/logs.md). */
export const verdictDocUrl = (v: Verdict): string => `${DOCS_BASE_URL}logs.md#${v}`;

/** Verdicts that are not a problem: a success, or the normal first half of a Basic challenge. */
export const isProblem = (v: Verdict): boolean => v !== 'ok' && v !== 'challenge';

export type CallerKind = 'none' | 'user' | 'certificate' | 'oauth';

/** Who the access log says reached the tenant. */
export interface Caller {
  kind: CallerKind;
  /** The caller as logged (`-` for none). */
  name: string;
  /** For a certificate caller `<subject CN>@<issuer CN>`. */
  subjectCN?: string;
  issuerCN?: string;
}

/** One request line of an access log, as read (the caller not yet classified). */
export interface AccessRecord {
  kind: 'access';
  /** The log file as given (a zip member is `archive.zip!member`). */
  file: string;
  /** 1-based line number. */
  line: number;
  /** Epoch milliseconds (UTC). */
  time: number;
  node?: string;
  /** The client's address: the one in brackets when present, else the first field. */
  client: string;
  /** The raw caller field (`-` when no identity reached the tenant). */
  caller: string;
  method: string;
  /** The path as logged, query string included. */
  target: string;
  status: number;
  /** Duration in milliseconds, when logged. */
  durationMs?: number;
}

/** One record of an LJS trace (`#`-separated fields, `|`-terminated, possibly multi-line). */
export interface TraceRecord {
  kind: 'trace';
  file: string;
  /** 1-based line where the record starts. */
  line: number;
  time: number;
  node?: string;
  severity: string;
  /** The logger / component. */
  component: string;
  user: string;
  /** The last field (multi-line messages joined with `\n`; capped). */
  message: string;
}

export type LogRecord = AccessRecord | TraceRecord;

/** Something about an input worth telling the user: skipped lines, a truncated file, binary data. */
export interface LogNote {
  file: string;
  message: string;
  /** True when nothing of the file could be read (the run's exit status says so). */
  fatal?: boolean;
}

/** A sender channel the request's path reaches, as the JSON output names it. */
export interface EndpointRef {
  file: string;
  iflow: string;
  channel: string;
  adapter: string;
  authorization: AuthorizationMode;
  role: string | null;
}

/** One row of a Client Certificate channel's table, parameters resolved. */
export interface LogCertificateEntry {
  /** 0-based row. */
  index: number;
  subjectDN: string;
  issuerDN: string;
  /** False while a `{{parameter}}` in the row has no value. */
  resolved: boolean;
  /** The newest certificate the workspace has with these DNs. */
  certificate?: CertificateInfo;
}

/** A sender channel with the endpoint it serves. */
export interface LogEndpoint extends EndpointRef {
  /** The endpoint's path (see SenderEndpoint), e.g. `/http/orders` or `/cxf/orders/*`. */
  path: string;
  /** The path ends in `/*`: it serves the prefix followed by `/` and anything. */
  wildcard: boolean;
  /** Where the address value sits in `file` (the editor links log lines there). */
  range?: TextRange;
  /** The Client Certificate table (empty for other modes). */
  certificates: LogCertificateEntry[];
  /** An HTTPS channel with `xsrfProtection` = 1. */
  csrfProtection?: boolean;
}

export interface TraceRef {
  file: string;
  line: number;
  message: string;
}

/** A request with its verdict and explanation: one entry of the JSON `requests`. */
export interface AnalyzedRequest {
  record: AccessRecord;
  caller: Caller;
  /** The path without its query string. */
  path: string;
  verdict: Verdict;
  /** What the tool says (empty for `ok`). */
  message: string;
  /** The channels the path reaches (exact matches, else wildcard matches). */
  endpoints: LogEndpoint[];
  trace: TraceRef[];
}
