/**
 * What people read of an analysis: the problems grouped (verdict + endpoint + caller, with count
 * and first/last time), a timeline of failures per endpoint, and the JSON shape of one request.
 * The aggregators take requests one by one and stay bounded however many arrive.
 */
import type { TextStyle } from '../output/text';
import { plural } from '../plural';
import { isProblem, VERDICTS, type AnalyzedRequest, type EndpointRef, type LogNote, type Verdict } from './types';
import { detached, endpointRef } from './workspace';

/** One group of requests with the same verdict, endpoint and caller. */
export interface RequestGroup {
  verdict: Verdict;
  /** `iFlow / channel` of the first channel the path reaches, else the path. */
  endpoint: string;
  /** The first request's method and path (a wildcard channel serves many paths). */
  method: string;
  path: string;
  /** The caller as logged (`-` for none). */
  caller: string;
  count: number;
  first: number;
  last: number;
  /** Where the first one is. */
  file: string;
  line: number;
  /** What the tool says about the first one. */
  message: string;
  /** Where the channel's address sits, for a link (first channel). */
  target?: { file: string; range?: { start: number; end: number } };
}

/** Groups beyond this many are only counted (a log with a million distinct callers stays readable and small). */
export const MAX_GROUPS = 5_000;

export const endpointLabel = (r: AnalyzedRequest): string => {
  const e = r.endpoints[0];
  if (!e) return r.path;
  return `${e.iflow} / ${e.channel}${r.endpoints.length > 1 ? ` (+${r.endpoints.length - 1} more)` : ''}`;
};

export class RequestGroups {
  private readonly groups = new Map<string, RequestGroup>();
  /** Requests that fell into no kept group (MAX_GROUPS reached). */
  ungrouped = 0;

  constructor(private readonly include: (v: Verdict) => boolean = isProblem, private readonly maxGroups = MAX_GROUPS) {}

  add(r: AnalyzedRequest): void {
    if (!this.include(r.verdict)) return;
    const endpoint = endpointLabel(r);
    const key = `${r.verdict}\u0000${endpoint}\u0000${r.caller.name}`;
    const g = this.groups.get(key);
    if (g) {
      g.count++;
      if (r.record.time < g.first) g.first = r.record.time;
      if (r.record.time > g.last) g.last = r.record.time;
      return;
    }
    if (this.groups.size >= this.maxGroups) {
      this.ungrouped++;
      return;
    }
    const e = r.endpoints[0];
    this.groups.set(detached(key), {
      verdict: r.verdict,
      endpoint: detached(endpoint),
      method: detached(r.record.method),
      path: detached(r.path),
      caller: detached(r.caller.name),
      count: 1,
      first: r.record.time,
      last: r.record.time,
      file: r.record.file,
      line: r.record.line,
      message: detached(r.message),
      target: e ? { file: e.file, range: e.range } : undefined,
    });
  }

  /** In verdict-table order, then most frequent first. */
  list(): RequestGroup[] {
    const order = (v: Verdict): number => VERDICTS.indexOf(v);
    return [...this.groups.values()].sort((a, b) => order(a.verdict) - order(b.verdict) || b.count - a.count || a.first - b.first);
  }
}

/** Failures over time, per endpoint: counts per time bucket and verdict. */
export interface TimelineRow {
  endpoint: string;
  total: number;
  /** bucket index → counts per problem verdict (index into PROBLEM_VERDICTS). */
  buckets: Map<number, number[]>;
}

export const PROBLEM_VERDICTS: readonly Verdict[] = VERDICTS.filter(isProblem);

/** Bucket cells kept at most; beyond, the buckets are widened (two merged into one). */
const MAX_TIMELINE_CELLS = 100_000;
const MAX_TIMELINE_ROWS = 200;

export class FailureTimeline {
  /** Width of a bucket in ms (starts at a minute, doubles when too many cells). */
  bucketMs = 60_000;
  from = Infinity;
  to = -Infinity;
  private readonly rows = new Map<string, TimelineRow>();
  private cells = 0;
  /** Failures of endpoints beyond MAX_TIMELINE_ROWS. */
  otherFailures = 0;

  add(r: AnalyzedRequest): void {
    const t = r.record.time;
    if (t < this.from) this.from = t;
    if (t > this.to) this.to = t;
    if (!isProblem(r.verdict)) return;
    const endpoint = endpointLabel(r);
    let row = this.rows.get(endpoint);
    if (!row) {
      if (this.rows.size >= MAX_TIMELINE_ROWS) {
        this.otherFailures++;
        return;
      }
      row = { endpoint: detached(endpoint), total: 0, buckets: new Map() };
      this.rows.set(row.endpoint, row);
    }
    row.total++;
    const b = Math.floor(t / this.bucketMs);
    let counts = row.buckets.get(b);
    if (!counts) {
      counts = new Array<number>(PROBLEM_VERDICTS.length).fill(0);
      row.buckets.set(b, counts);
      if (++this.cells > MAX_TIMELINE_CELLS) this.widen();
    }
    counts[PROBLEM_VERDICTS.indexOf(r.verdict)]++;
  }

  private widen(): void {
    this.bucketMs *= 2;
    this.cells = 0;
    for (const row of this.rows.values()) {
      const merged = new Map<number, number[]>();
      for (const [b, counts] of row.buckets) {
        const nb = Math.floor(b / 2);
        const into = merged.get(nb);
        if (into) counts.forEach((c, i) => (into[i] += c));
        else {
          merged.set(nb, counts);
          this.cells++;
        }
      }
      row.buckets = merged;
    }
  }

  /** Rows with failures, most failures first. */
  list(): TimelineRow[] {
    return [...this.rows.values()].sort((a, b) => b.total - a.total || a.endpoint.localeCompare(b.endpoint));
  }
}

/** `2021-04-12 00:00:03Z`: readable, and unambiguous about the zone. */
export const formatTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');

/** One request as the JSON output shows it: log files as given, iFlow files as `displayIFlow` renders them. */
export function requestJson(r: AnalyzedRequest, displayIFlow: (file: string) => string = (f) => f): Record<string, unknown> {
  const caller: Record<string, string> = { kind: r.caller.kind, name: r.caller.name };
  if (r.caller.subjectCN !== undefined) caller.subjectCN = r.caller.subjectCN;
  if (r.caller.issuerCN !== undefined) caller.issuerCN = r.caller.issuerCN;
  return {
    file: r.record.file,
    line: r.record.line,
    time: new Date(r.record.time).toISOString(),
    node: r.record.node ?? null,
    client: r.record.client,
    caller,
    method: r.record.method,
    path: r.path,
    status: r.record.status,
    verdict: r.verdict,
    message: r.message,
    endpoints: r.endpoints.map((e): EndpointRef => ({ ...endpointRef(e), file: displayIFlow(e.file) })),
    trace: r.trace.map((t) => ({ file: t.file, line: t.line, message: t.message })),
  };
}

/**
 * Text from a log as a terminal may show it: control characters (an ANSI escape in a caller
 * field could rewrite the screen) become U+FFFD.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
export const printable = (s: string): string => s.replace(CONTROL, '\uFFFD');


export interface TextReportInput {
  groups: RequestGroup[];
  ungrouped: number;
  summary: Record<Verdict, number>;
  requests: number;
  traceRecords: number;
  accessLogs: number;
  traceLogs: number;
  notes: LogNote[];
  /** Groups of ok/challenge requests are included (`--all`). */
  all: boolean;
  display: (file: string) => string;
  style: TextStyle;
}

/** The text form: problems grouped, then a one-line summary. */
export function formatLogText(input: TextReportInput): string {
  const { style, display } = input;
  const out: string[] = [];
  for (const g of input.groups) {
    const problem = isProblem(g.verdict);
    const verdict = problem ? style.severity(g.verdict, g.verdict === 'server-error' || g.verdict === 'other' ? 'info' : 'warning') : style.dim(g.verdict);
    out.push(`${verdict}  ${style.bold(printable(g.endpoint))}  ${plural(g.count, 'request')}`);
    const when = g.count === 1 ? formatTime(g.first) : `${formatTime(g.first)} … ${formatTime(g.last)}`;
    out.push(`  ${printable(`${g.method} ${g.path}  caller ${g.caller === '-' ? '(none)' : g.caller}`)}  ${style.dim(when)}`);
    out.push(`  ${printable(`${display(g.file)}:${g.line}`)}${g.count > 1 ? style.dim(' (first)') : ''}`);
    if (g.message) out.push(`  ${printable(g.message)}`);
    out.push('');
  }
  if (input.ungrouped > 0) out.push(`${plural(input.ungrouped, 'more request')} in further groups (over ${MAX_GROUPS.toLocaleString('en-US')} groups: see --format json)`, '');
  const problems = VERDICTS.filter(isProblem).reduce((n, v) => n + input.summary[v], 0);
  const counts = VERDICTS.filter((v) => input.summary[v] > 0).map((v) => `${input.summary[v].toLocaleString('en-US')} ${v}`);
  const logs = `${plural(input.accessLogs, 'access log')}${input.traceLogs ? `, ${plural(input.traceLogs, 'trace')}` : ''}`;
  if (input.requests === 0) out.push(`No requests in ${logs}.`);
  else if (problems === 0) out.push(`No problems: ${plural(input.requests, 'request')} in ${logs} (${counts.join(', ')}).`);
  else out.push(style.bold(`${plural(problems, 'problem')} in ${plural(input.requests, 'request')} (${logs}): ${counts.join(', ')}.`));
  if (!input.all && input.summary.challenge > 0) out.push(style.dim(`${plural(input.summary.challenge, '401')} without a caller ${input.summary.challenge === 1 ? 'was' : 'were'} answered by the same client within 60 s: normal Basic-auth challenges, not listed (--all lists them).`));
  return `${out.join('\n')}\n`;
}
