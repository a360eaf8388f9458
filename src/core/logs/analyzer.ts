/**
 * Reads every given log side by side in time order (a k-way merge of the files' record streams),
 * so that one pass with a short window does what needs more than one line:
 *
 * - the challenge pairing: a 401 without a caller is a normal Basic-auth challenge when the same
 *   client calls the same path with a caller, successfully, 0–60 s later, in any of the logs;
 * - the trace correlation: a failed request picks up the trace records of its node around it.
 *
 * A request waits in a queue only until its window has passed in log time (its verdict is then
 * final), and requests leave the queue in the order they were read; so memory depends on the requests within
 * about a minute of log time, never on the size of the logs (and the queue has a hard cap).
 */
import { pathOfRequest } from '../iflow/endpoint';
import { classifyCaller } from './caller';
import type { LogInput } from './input';
import { readLogRecords, type LogFileSummary, type ReadOptions } from './logFile';
import { parseRejectedCertificate } from './traceReader';
import { isProblem, VERDICTS, type AccessRecord, type AnalyzedRequest, type Caller, type LogNote, type LogRecord, type TraceRecord, type TraceRef, type Verdict } from './types';
import { CHALLENGE_WINDOW_MS, explain, verdictOf } from './verdict';
import { detached, type LogEndpoint, type LogWorkspace } from './workspace';

/** Lines within a log are not strictly in time order (a line is written when its request ends). */
const DISORDER_MS = 10_000;
/** Trace records that belong to a request lie this far before its start … */
const TRACE_BEFORE_MS = 2_000;
/** … and this far after its end. */
const TRACE_AFTER_MS = 5_000;
/** Successes remembered for a 401 read after its answer (the ones within about DISORDER_MS). */
const RECENT_SUCCESSES = 4096;
/** Requests waiting for their window at most; beyond, the oldest is decided (and a note says so). */
export const MAX_PENDING_REQUESTS = 50_000;
/** Relevant trace records kept per node (within the window). */
const MAX_TRACE_WINDOW = 5_000;
const MAX_TRACES_PER_REQUEST = 3;
const MAX_CALLER_CACHE = 10_000;
/** Slots of the last-seen caller per cheap hash (a power of two). */
const CALLER_SLOTS = 256;
/** Buckets counting the waiting 401s by a cheap hash of their client (a power of two). */
const WAITING_BUCKETS = 1024;

/**
 * A hash of a few characters, no pass over the whole string: for slots that are then compared in
 * full, where a Map would hash every line's new string.
 */
function quickHash(s: string): number {
  const n = s.length;
  return n === 0 ? 0 : n * 31 + s.charCodeAt(n - 1) * 7 + s.charCodeAt(n >> 1) * 3 + s.charCodeAt(0);
}

export interface AnalyzeOptions extends ReadOptions {
  /** Each request once its verdict is final: each file's lines in order, the files interleaved by time. */
  onRequest(request: AnalyzedRequest): void;
  /** Each note as it arises (also returned at the end). */
  onNote?(note: LogNote): void;
  /** Only requests with these verdicts are handed to onRequest (all are counted); default: all. */
  only?(verdict: Verdict): boolean;
  /** Awaited after each batch of records: room to write output, yield, or throw to cancel. */
  between?(): void | Promise<void>;
  maxPending?: number;
}

export interface AnalysisResult {
  summary: Record<Verdict, number>;
  requests: number;
  traceRecords: number;
  notes: LogNote[];
  files: LogFileSummary[];
}

interface Pending {
  record: AccessRecord;
  caller: Caller;
  path: string;
  /** A 401 without caller still waiting for its answer. */
  waiting: boolean;
  answeredBy?: { time: number; caller: string };
}

/** Shared by the millions of requests without trace records (never modified). */
const NO_TRACES: TraceRecord[] = [];
const NO_TRACE_REFS: TraceRef[] = [];
const NO_ENDPOINTS: LogEndpoint[] = [];
const NO_CALLER: Caller = classifyCaller('-');

const RELEVANT_TRACE = /unauthori[sz]ed|forbidden|authenticat|authori[sz]|certificate|subjectAndIssuers|role|csrf|not allowed|denied/i;
const SEVERE = new Set(['ERROR', 'FATAL', 'SEVERE', 'WARNING']);

export const emptySummary = (): Record<Verdict, number> => Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;

/** Does a trace record speak of this request (its caller, its path or its iFlow)? */
function concerns(t: TraceRecord, caller: Caller, path: string, endpoints: LogEndpoint[]): boolean {
  if (caller.kind !== 'none' && t.user && t.user.toLowerCase() === caller.name.toLowerCase()) return true;
  const rejected = caller.kind === 'certificate' ? parseRejectedCertificate(t.message) : undefined;
  if (rejected && caller.subjectCN && rejected.subjectDN.toLowerCase().includes(caller.subjectCN.toLowerCase())) return true;
  if (path.length >= 4 && t.message.includes(path)) return true;
  return endpoints.some((e) => e.iflow.length >= 3 && t.message.includes(e.iflow));
}

class Correlator {
  readonly summary = emptySummary();
  requests = 0;
  traceRecords = 0;
  private watermark = -Infinity;
  private readonly queue: Pending[] = [];
  private head = 0;
  /**
   * 401s without caller still waiting for their answer, by client (their paths are compared as
   * they are few): one lookup per success, the fresh string of the client hashed once.
   */
  private readonly waiting = new Map<string, Pending[]>();
  /** 401s waiting, in all. */
  private waitingCount = 0;
  /**
   * The last successes with a caller, in the order read: a 401 may be read just after its answer
   * (same second in another node's log, or written out of order). Parallel arrays as a ring: no
   * object per line.
   */
  private readonly recentTimes = new Float64Array(RECENT_SUCCESSES);
  /**
   * The latest time among the successes remembered up to each one (a running maximum): the search
   * for an answer stops as soon as no older success can lie at or after the 401, instead of reading
   * back through the whole disorder window for every 401.
   */
  private readonly recentLatest = new Float64Array(RECENT_SUCCESSES);
  private latestSuccess = -Infinity;
  private readonly recentClients: string[] = new Array<string>(RECENT_SUCCESSES).fill('');
  private readonly recentPaths: string[] = new Array<string>(RECENT_SUCCESSES).fill('');
  private readonly recentCallers: string[] = new Array<string>(RECENT_SUCCESSES).fill('');
  private recentNext = 0;
  private recentCount = 0;
  private readonly traces = new Map<string, TraceRecord[]>();
  private readonly callers = new Map<string, Caller>();
  /** The last caller seen per slot, before the map: most lines repeat a few callers. */
  private readonly callerKeys: string[] = new Array<string>(CALLER_SLOTS).fill('');
  private readonly callerValues: Caller[] = new Array<Caller>(CALLER_SLOTS).fill(NO_CALLER);
  /** Waiting 401s per bucket of their client: a success whose bucket is empty answers none, without a map lookup. */
  private readonly waitingBuckets = new Int32Array(WAITING_BUCKETS);
  private sincePrune = 0;
  private capNoted = false;
  /**
   * Whether `ok` requests are handed out at all. When they are not (the CLI's text form), a success
   * is counted at once instead of queued behind the requests waiting for their window: its verdict
   * never depends on what comes later, and no one sees the order of what is only counted.
   */
  private readonly showsOk: boolean;

  constructor(private readonly ws: LogWorkspace, private readonly options: AnalyzeOptions, private readonly note: (n: LogNote) => void) {
    this.showsOk = !options.only || options.only('ok');
  }

  add(r: LogRecord): void {
    if (r.time > this.watermark) this.watermark = r.time;
    if (r.kind === 'trace') this.addTrace(r);
    else this.addAccess(r);
    this.finalizeReady(false);
    if (++this.sincePrune >= 20_000) this.prune();
  }

  end(): void {
    this.finalizeReady(true);
  }

  private callerOf(raw: string): Caller {
    if (raw === '-') return NO_CALLER;
    const slot = quickHash(raw) & (CALLER_SLOTS - 1);
    if (this.callerKeys[slot] === raw) return this.callerValues[slot];
    let c = this.callers.get(raw);
    if (!c) {
      // Kept for the whole run: a copy, not a slice that would keep its megabyte chunk alive.
      const own = detached(raw);
      c = classifyCaller(own, this.ws.callers);
      if (this.callers.size >= MAX_CALLER_CACHE) this.callers.clear();
      this.callers.set(own, c);
    }
    this.callerKeys[slot] = c.name === raw ? c.name : detached(raw);
    this.callerValues[slot] = c;
    return c;
  }

  private addAccess(r: AccessRecord): void {
    const caller = this.callerOf(r.caller);
    const target = r.target;
    const path = target.indexOf('?') < 0 && target.indexOf('#') < 0 ? target : pathOfRequest(target);
    if (r.status < 400 && (this.head === this.queue.length || !this.showsOk)) {
      // The common case: a success with nothing waiting before it (or only counted) is decided at once.
      if (caller.kind !== 'none') this.succeeded(r, path, caller);
      this.decide(r, caller, path, undefined);
      return;
    }
    const p: Pending = { record: r, caller, path, waiting: false, answeredBy: undefined };
    if (r.status === 401 && caller.kind === 'none') {
      const answer = this.answeredAlready(r, path);
      if (answer) {
        p.answeredBy = answer;
      } else {
        p.waiting = true;
        this.waitingCount++;
        this.waitingBuckets[quickHash(r.client) & (WAITING_BUCKETS - 1)]++;
        const list = this.waiting.get(r.client);
        if (list) list.push(p);
        else this.waiting.set(detached(r.client), [p]);
      }
    } else if (r.status < 400 && caller.kind !== 'none') {
      this.succeeded(r, path, caller);
    }
    this.queue.push(p);
  }

  /** A success with a caller: answers waiting 401s, and is remembered for those read after it. */
  private succeeded(r: AccessRecord, path: string, caller: Caller): void {
    if (this.waitingCount > 0) this.answer(r, path, caller);
    const k = this.recentNext;
    this.recentTimes[k] = r.time;
    this.recentClients[k] = r.client;
    this.recentPaths[k] = path;
    this.recentCallers[k] = caller.name;
    if (r.time > this.latestSuccess) this.latestSuccess = r.time;
    this.recentLatest[k] = this.latestSuccess;
    this.recentNext = (k + 1) % RECENT_SUCCESSES;
    if (this.recentCount < RECENT_SUCCESSES) this.recentCount++;
  }

  /** A success read before this 401 that answers it: the latest ones, back to a little before its time. */
  private answeredAlready(r: AccessRecord, path: string): { time: number; caller: string } | undefined {
    for (let n = 0, k = this.recentNext; n < this.recentCount; n++) {
      k = (k + RECENT_SUCCESSES - 1) % RECENT_SUCCESSES;
      if (this.recentLatest[k] < r.time) break;
      const time = this.recentTimes[k];
      if (time < r.time - DISORDER_MS) break;
      if (time >= r.time && time - r.time <= CHALLENGE_WINDOW_MS && this.recentClients[k] === r.client && this.recentPaths[k] === path) {
        return { time, caller: this.recentCallers[k] };
      }
    }
    return undefined;
  }

  /** A success with a caller answers the waiting 401s of its client and path (0–60 s before it). */
  private answer(r: AccessRecord, path: string, caller: Caller): void {
    const bucket = quickHash(r.client) & (WAITING_BUCKETS - 1);
    if (this.waitingBuckets[bucket] === 0) return;
    const list = this.waiting.get(r.client);
    if (!list) return;
    let kept = 0;
    for (const w of list) {
      if (w.waiting && w.path === path && r.time >= w.record.time && r.time - w.record.time <= CHALLENGE_WINDOW_MS) {
        w.waiting = false;
        this.waitingCount--;
        this.waitingBuckets[bucket]--;
        w.answeredBy = { time: r.time, caller: caller.name };
      }
      if (w.waiting) list[kept++] = w;
    }
    // An emptied list stays for the client's next challenge (prune() drops the idle ones).
    if (kept < list.length) list.length = kept;
  }

  private addTrace(t: TraceRecord): void {
    this.traceRecords++;
    if (!SEVERE.has(t.severity) && !RELEVANT_TRACE.test(t.message)) return;
    const key = t.node ?? '';
    let list = this.traces.get(key);
    if (!list) this.traces.set(key, (list = []));
    list.push(t);
    if (list.length > MAX_TRACE_WINDOW) list.splice(0, list.length - MAX_TRACE_WINDOW);
  }

  private ready(p: Pending): boolean {
    const r = p.record;
    if (p.waiting && this.watermark <= r.time + CHALLENGE_WINDOW_MS + DISORDER_MS) return false;
    if (r.status >= 400 && !p.answeredBy && this.watermark <= r.time + (r.durationMs ?? 0) + TRACE_AFTER_MS + DISORDER_MS) return false;
    return true;
  }

  private finalizeReady(all: boolean): void {
    const max = this.options.maxPending ?? MAX_PENDING_REQUESTS;
    while (this.head < this.queue.length) {
      const p = this.queue[this.head];
      const overfull = this.queue.length - this.head > max;
      if (!all && !overfull && !this.ready(p)) break;
      if (overfull && !this.capNoted && !this.ready(p)) {
        this.capNoted = true;
        this.note({ file: p.record.file, message: `more than ${max.toLocaleString('en-US')} requests within about a minute of log time: the oldest were decided before their 60-s window had passed (a 401 answered later may be reported as no-credentials)` });
      }
      this.queue[this.head++] = undefined as unknown as Pending;
      if (p.waiting) {
        p.waiting = false;
        this.waitingCount--;
        this.waitingBuckets[quickHash(p.record.client) & (WAITING_BUCKETS - 1)]--;
        const list = this.waiting.get(p.record.client);
        const i = list ? list.indexOf(p) : -1;
        if (i >= 0) list!.splice(i, 1);
      }
      this.decide(p.record, p.caller, p.path, p.answeredBy);
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private decide(r: AccessRecord, caller: Caller, path: string, answeredBy: Pending['answeredBy']): void {
    // Only a 403's verdict depends on the channel: the rest look it up only when shown.
    let endpoints = r.status === 403 ? this.ws.endpointsFor(path) : undefined;
    const verdict = verdictOf(r.status, caller, answeredBy !== undefined, endpoints ?? NO_ENDPOINTS, this.ws);
    this.summary[verdict]++;
    this.requests++;
    if (this.options.only && !this.options.only(verdict)) return;
    endpoints ??= this.ws.endpointsFor(path);
    const traces = isProblem(verdict) ? this.tracesFor(r, caller, path, endpoints) : NO_TRACES;
    const message = verdict === 'ok' ? '' : explain({ record: r, caller, path, verdict, endpoints, ws: this.ws, traces, answeredBy });
    this.options.onRequest({
      record: r,
      caller,
      path,
      verdict,
      message,
      endpoints,
      trace: traces.length === 0 ? NO_TRACE_REFS : traces.map((t): TraceRef => ({ file: t.file, line: t.line, message: t.message })),
    });
  }

  private tracesFor(r: AccessRecord, caller: Caller, path: string, endpoints: LogEndpoint[]): TraceRecord[] {
    const from = r.time - TRACE_BEFORE_MS;
    const to = r.time + (r.durationMs ?? 0) + TRACE_AFTER_MS;
    const lists = r.node !== undefined ? [this.traces.get(r.node), this.traces.get('')] : [...this.traces.values()];
    const found: TraceRecord[] = [];
    for (const list of lists) {
      if (!list) continue;
      for (const t of list) {
        if (t.time < from || t.time > to) continue;
        if (concerns(t, caller, path, endpoints)) found.push(t);
        if (found.length >= MAX_TRACES_PER_REQUEST) return found;
      }
    }
    return found;
  }

  /** Drops what no waiting request can need any more. */
  private prune(): void {
    this.sincePrune = 0;
    for (const [client, list] of this.waiting) if (list.length === 0) this.waiting.delete(client);
    const oldest = this.head < this.queue.length ? this.queue[this.head].record.time : this.watermark;
    const horizon = Math.min(oldest, this.watermark - CHALLENGE_WINDOW_MS - DISORDER_MS) - TRACE_BEFORE_MS - DISORDER_MS;
    for (const [key, list] of this.traces) {
      let drop = 0;
      while (drop < list.length && list[drop].time < horizon) drop++;
      if (drop === list.length) this.traces.delete(key);
      else if (drop > 0) list.splice(0, drop);
    }
  }
}

interface Head {
  iterator: AsyncGenerator<LogRecord[]>;
  batch: LogRecord[];
  i: number;
}

/** Reads every input and hands each request, with its verdict, to `options.onRequest` (files interleaved by time). */
export async function analyzeLogs(inputs: LogInput[], ws: LogWorkspace, options: AnalyzeOptions): Promise<AnalysisResult> {
  const notes: LogNote[] = [];
  const note = (n: LogNote): void => {
    notes.push(n);
    options.onNote?.(n);
  };
  const files: LogFileSummary[] = [];
  const correlator = new Correlator(ws, options, note);
  const heads: Head[] = [];
  const advance = async (h: Head): Promise<boolean> => {
    for (;;) {
      const next = await h.iterator.next();
      if (next.done) return false;
      if (next.value.length > 0) {
        h.batch = next.value;
        h.i = 0;
        return true;
      }
    }
  };
  for (const input of inputs) {
    const h: Head = { iterator: readLogRecords(input, note, options, (s) => files.push(s)), batch: [], i: 0 };
    if (await advance(h)) heads.push(h);
  }
  while (heads.length > 0) {
    if (heads.length === 1) {
      const h = heads[0];
      do {
        const batch = h.batch;
        for (let i = h.i; i < batch.length; i++) correlator.add(batch[i]);
        await options.between?.();
      } while (await advance(h));
      heads.length = 0;
      break;
    }
    // The head with the earliest record, and the time up to which it may run on alone.
    let best = 0;
    let second = Infinity;
    for (let k = 1; k < heads.length; k++) {
      const t = heads[k].batch[heads[k].i].time;
      const b = heads[best].batch[heads[best].i].time;
      if (t < b) {
        second = Math.min(second, b);
        best = k;
      } else {
        second = Math.min(second, t);
      }
    }
    const h = heads[best];
    const batch = h.batch;
    let i = h.i;
    do correlator.add(batch[i++]);
    while (i < batch.length && batch[i].time <= second);
    h.i = i;
    if (i >= batch.length) {
      await options.between?.();
      if (!(await advance(h))) heads.splice(best, 1);
    }
  }
  correlator.end();
  return { summary: correlator.summary, requests: correlator.requests, traceRecords: correlator.traceRecords, notes, files };
}
