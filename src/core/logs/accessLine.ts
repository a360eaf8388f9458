/**
 * Reads one line of a Neo HTTP access log:
 *
 *   <LB ip> (<client ip>) - <caller> [12/Apr/2021:00:00:03 +0000] POST /cxf/vendor/Stock HTTP/1.1 401 5 123 <host>:443 -
 *
 * (after the status: response bytes or `-`, duration in ms, host:port, a correlation id or `-`),
 * and the short form `<ip> – <caller> [<date>] GET <path> HTTP/1.1 <status>` with an en dash. The
 * caller runs from after the dash to the ` [` that opens the date, so it may contain spaces.
 * Written as a character scanner over offsets: it runs once per line of files of gigabytes.
 */

import type { AccessRecord } from './types';

const SPACE = 32;

/** The digit at `i` as a number, or -1. */
export const digit = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/** Two digits at `i` as a number, or -1. */
function two(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `n` digits at `i` as a number, or -1. */
export function digits(text: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = digit(text, i + k);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Where the last date read ends (after its `]`): set by the date readers, saving an object per line. */
let dateEnd = 0;
/** Lines of a minute share its `dd/Mon/yyyy:HH:MM`: the last one read, and its time (UTC, before the zone). */
let lastMinute = '';
let lastMinuteTime = 0;

/** The month of three letters at `i` (`Jan`…`Dec`), 0-based, or -1. */
function monthAt(text: string, i: number): number {
  switch ((text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2)) {
    case 0x4a616e: return 0; // Jan
    case 0x466562: return 1; // Feb
    case 0x4d6172: return 2; // Mar
    case 0x417072: return 3; // Apr
    case 0x4d6179: return 4; // May
    case 0x4a756e: return 5; // Jun
    case 0x4a756c: return 6; // Jul
    case 0x417567: return 7; // Aug
    case 0x536570: return 8; // Sep
    case 0x4f6374: return 9; // Oct
    case 0x4e6f76: return 10; // Nov
    case 0x446563: return 11; // Dec
    default: return -1;
  }
}

/**
 * `dd/Mon/yyyy:HH:MM:SS ±hhmm]` at `i` → its time (and `dateEnd`), or NaN. The zone may be
 * missing (`…:SS]`): then UTC. Runs once per line: the minute's `dd/Mon/yyyy:HH:MM` is remembered
 * (the lines of a minute compare it in one call instead of reading its eleven digits and letters).
 */
function parseClfDate(text: string, i: number, limit: number): number {
  if (i + 21 > limit) return NaN;
  let minuteTime: number;
  if (lastMinute.length === 17 && text.startsWith(lastMinute, i)) {
    minuteTime = lastMinuteTime;
  } else {
    const day = two(text, i);
    if (day < 1 || day > 31 || text.charCodeAt(i + 2) !== 47 /* / */ || text.charCodeAt(i + 6) !== 47) return NaN;
    const month = monthAt(text, i + 3);
    const year = digits(text, i + 7, 4);
    if (month < 0 || year < 0) return NaN;
    const hour = two(text, i + 12);
    const minute = two(text, i + 15);
    if (hour < 0 || minute < 0 || text.charCodeAt(i + 11) !== 58 /* : */ || hour > 23 || minute > 59) return NaN;
    const midnight = Date.UTC(year, month, day);
    if (!Number.isFinite(midnight)) return NaN;
    minuteTime = midnight + (hour * 60 + minute) * 60_000;
    lastMinute = text.slice(i, i + 17);
    lastMinuteTime = minuteTime;
  }
  const second = two(text, i + 18);
  if (second < 0 || second > 60) return NaN;
  let j = i + 20;
  let offsetMinutes = 0;
  if (text.charCodeAt(j) === SPACE) {
    const sign = text.charCodeAt(j + 1);
    const zone = digits(text, j + 2, 4);
    if ((sign !== 43 /* + */ && sign !== 45 /* - */) || zone < 0) return NaN;
    offsetMinutes = Math.floor(zone / 100) * 60 + (zone % 100);
    if (sign === 45) offsetMinutes = -offsetMinutes;
    j += 6;
  }
  if (text.charCodeAt(j) !== 93 /* ] */) return NaN;
  dateEnd = j + 1;
  return minuteTime + (second - offsetMinutes * 60) * 1000;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** `[2021-04-12T00:00:03Z]`-style dates (some exports rewrite the date): ISO-8601 inside the brackets. */
function parseIsoDate(text: string, i: number, limit: number): number {
  const close = text.indexOf(']', i);
  if (close < 0 || close > limit || close - i > 40) return NaN;
  const inner = text.slice(i, close);
  if (!ISO_DATE.test(inner)) return NaN;
  let iso = inner.replace(' ', 'T').replace(',', '.');
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z';
  const time = Date.parse(iso);
  if (Number.isFinite(time)) dateEnd = close + 1;
  return time;
}

/** The common methods as shared strings (no new string per line), told by length and first letter. */
function knownMethod(text: string, start: number, end: number): string | undefined {
  const n = end - start;
  const c = text.charCodeAt(start);
  const m = c === 80 /* P */ ? (n === 4 ? 'POST' : n === 3 ? 'PUT' : 'PATCH')
    : c === 71 /* G */ ? 'GET' : c === 68 /* D */ ? 'DELETE' : c === 72 /* H */ ? 'HEAD' : c === 79 /* O */ ? 'OPTIONS' : undefined;
  return m !== undefined && m.length === n && text.startsWith(m, start) ? m : undefined;
}

/** `text.indexOf(' [', from)`, searching for the one character (measured faster per line than a two-character search). */
function spaceBracketAt(text: string, from: number): number {
  let q = text.indexOf('[', from + 1);
  while (q >= 0 && text.charCodeAt(q - 1) !== SPACE) q = text.indexOf('[', q + 1);
  return q < 0 ? -1 : q - 1;
}

/** `text.indexOf(' HTTP/', from)` when it lies before `limit`, else -1 (one-character searches, as above). */
function spaceHttpAt(text: string, from: number, limit: number): number {
  for (let s = text.indexOf(' ', from); s >= 0 && s < limit; s = text.indexOf(' ', s + 1)) {
    if (text.charCodeAt(s + 1) === 72 && text.charCodeAt(s + 2) === 84 && text.charCodeAt(s + 3) === 84 && text.charCodeAt(s + 4) === 80 && text.charCodeAt(s + 5) === 47) return s; // HTTP/
  }
  return -1;
}

/** Index of the next space at or after `i` (or `limit`). */
function spaceAt(text: string, i: number, limit: number): number {
  const s = text.indexOf(' ', i);
  return s < 0 || s > limit ? limit : s;
}

/** The whole number from `i` to the next space (or `limit`), or undefined (`-`, anything else). */
function countAt(text: string, i: number, limit: number): number | undefined {
  let v = 0;
  let k = i;
  for (; k < limit && k - i < 15; k++) {
    const c = text.charCodeAt(k);
    if (c === SPACE) break;
    const d = c - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return k > i && (k === limit || text.charCodeAt(k) === SPACE) ? v : undefined;
}

/** The caller field from `start` to `end`, trimmed; `-` when empty. The common `-` is no new string. */
function callerAt(text: string, start: number, end: number): string {
  if (start >= end) return '-';
  const first = text.charCodeAt(start);
  if (end === start + 1 && first === 45 /* - */) return '-';
  const last = text.charCodeAt(end - 1);
  // Printable ASCII at both ends is no white space: nothing to trim.
  if (first > SPACE && first < 127 && last > SPACE && last < 127) return text.slice(start, end);
  return text.slice(start, end).trim() || '-';
}

/**
 * The request of `text.slice(start, end)` if it is an access-log line, else undefined. The
 * record's `file`, `line` and `node` are the reader's to fill in (one object per line, millions).
 */
export function parseAccessLine(text: string, start = 0, end = text.length): AccessRecord | undefined {
  let i = start;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  // The first address (the load balancer's, or the client's in the short form).
  const ipEnd = spaceAt(text, i, end);
  if (ipEnd === i || ipEnd >= end) return undefined;
  let clientStart = i;
  let clientEnd = ipEnd;
  i = ipEnd + 1;
  if (text.charCodeAt(i) === 40 /* ( */) {
    const close = text.indexOf(')', i);
    if (close < 0 || close >= end) return undefined;
    let a = i + 1;
    let b = close;
    while (a < b && text.charCodeAt(a) === SPACE) a++;
    while (b > a && text.charCodeAt(b - 1) === SPACE) b--;
    if (b > a && !(b === a + 1 && text.charCodeAt(a) === 45 /* - */)) {
      clientStart = a;
      clientEnd = b;
    }
    i = close + 1;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
  }
  const dash = text.charCodeAt(i);
  if (dash !== 45 /* - */ && dash !== 0x2013 /* – */ && dash !== 0x2014 /* — */) return undefined;
  if (text.charCodeAt(i + 1) !== SPACE) return undefined;
  const callerStart = i + 2;
  // The caller ends at the ` [` that opens a date (a caller may itself hold ` [`).
  let open = spaceBracketAt(text, i + 1);
  let time = NaN;
  while (open >= 0 && open < end) {
    time = parseClfDate(text, open + 2, end);
    if (Number.isNaN(time)) time = parseIsoDate(text, open + 2, end);
    if (!Number.isNaN(time)) break;
    open = spaceBracketAt(text, open + 1);
  }
  if (Number.isNaN(time) || open < 0) return undefined;
  const caller = callerAt(text, callerStart, open);
  i = dateEnd;
  while (i < end && text.charCodeAt(i) === SPACE) i++;

  // The request line: METHOD PATH PROTOCOL, possibly quoted (common log format).
  let method: string;
  /** A common method, which needs no check. */
  let known: string | undefined;
  let target: string;
  let after: number;
  if (text.charCodeAt(i) === 34 /* " */) {
    const close = text.indexOf('"', i + 1);
    if (close < 0 || close >= end) return undefined;
    const request = text.slice(i + 1, close).trim();
    const sp = request.indexOf(' ');
    if (sp <= 0) return undefined;
    method = request.slice(0, sp);
    const proto = request.lastIndexOf(' HTTP/');
    target = (proto > sp ? request.slice(sp + 1, proto) : request.slice(sp + 1)).trim();
    after = close + 1;
  } else {
    const methodEnd = spaceAt(text, i, end);
    if (methodEnd === i || methodEnd >= end) return undefined;
    known = knownMethod(text, i, methodEnd);
    method = known ?? text.slice(i, methodEnd);
    const targetStart = methodEnd + 1;
    const proto = spaceHttpAt(text, targetStart, end);
    if (proto >= 0) {
      target = text.slice(targetStart, proto);
      after = spaceAt(text, proto + 1, end);
    } else {
      const targetEnd = spaceAt(text, targetStart, end);
      target = text.slice(targetStart, targetEnd);
      after = targetEnd;
    }
  }
  if (method.length > 32 || target.length === 0) return undefined;
  for (let k = 0; known === undefined && k < method.length; k++) {
    const c = method.charCodeAt(k);
    if (c < 65 || c > 90) return undefined; // methods are upper-case letters
  }

  while (after < end && text.charCodeAt(after) === SPACE) after++;
  const status = digits(text, after, 3);
  if (status < 100 || status > 599) return undefined;
  const statusEnd = after + 3;
  if (statusEnd < end && text.charCodeAt(statusEnd) !== SPACE) return undefined;

  // Then: response bytes, the duration in ms (read: trace records fall within it), host:port, an id.
  let durationMs: number | undefined;
  if (statusEnd < end) {
    const durationAt = spaceAt(text, statusEnd + 1, end) + 1;
    if (durationAt < end) durationMs = countAt(text, durationAt, end);
  }
  return { kind: 'access', file: '', line: 0, time, node: undefined, client: text.slice(clientStart, clientEnd), caller, method, target, status, durationMs };
}
