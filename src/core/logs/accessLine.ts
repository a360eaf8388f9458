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

/** The fields of an access-log line (file, line and node are the reader's). */
export interface AccessLineFields {
  time: number;
  client: string;
  caller: string;
  method: string;
  target: string;
  status: number;
  bytes?: number;
  durationMs?: number;
  host?: string;
}

const SPACE = 32;
const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

const digit = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/** `n` digits at `i` as a number, or -1. */
function digits(text: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = digit(text, i + k);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * `dd/Mon/yyyy:HH:MM:SS ±hhmm]` at `i` → { time, end (index after `]`) }, or undefined.
 * The zone may be missing (`…:SS]`): then UTC.
 */
function parseClfDate(text: string, i: number, limit: number): { time: number; end: number } | undefined {
  if (i + 21 > limit) return undefined;
  const day = digits(text, i, 2);
  if (day < 1 || text.charCodeAt(i + 2) !== 47 /* / */ || text.charCodeAt(i + 6) !== 47) return undefined;
  const month = MONTHS[text.substr(i + 3, 3)];
  if (month === undefined) return undefined;
  const year = digits(text, i + 7, 4);
  const hour = digits(text, i + 12, 2);
  const minute = digits(text, i + 15, 2);
  const second = digits(text, i + 18, 2);
  if (year < 0 || hour < 0 || minute < 0 || second < 0 || text.charCodeAt(i + 11) !== 58 /* : */) return undefined;
  if (day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let j = i + 20;
  let offsetMinutes = 0;
  if (text.charCodeAt(j) === SPACE) {
    const sign = text.charCodeAt(j + 1);
    const zone = digits(text, j + 2, 4);
    if ((sign !== 43 /* + */ && sign !== 45 /* - */) || zone < 0) return undefined;
    offsetMinutes = Math.floor(zone / 100) * 60 + (zone % 100);
    if (sign === 45) offsetMinutes = -offsetMinutes;
    j += 6;
  }
  if (text.charCodeAt(j) !== 93 /* ] */) return undefined;
  const time = Date.UTC(year, month, day, hour, minute, second) - offsetMinutes * 60_000;
  return Number.isFinite(time) ? { time, end: j + 1 } : undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** `[2021-04-12T00:00:03Z]`-style dates (some exports rewrite the date): ISO-8601 inside the brackets. */
function parseIsoDate(text: string, i: number, limit: number): { time: number; end: number } | undefined {
  const close = text.indexOf(']', i);
  if (close < 0 || close > limit || close - i > 40) return undefined;
  const inner = text.slice(i, close);
  if (!ISO_DATE.test(inner)) return undefined;
  let iso = inner.replace(' ', 'T').replace(',', '.');
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z';
  const time = Date.parse(iso);
  return Number.isFinite(time) ? { time, end: close + 1 } : undefined;
}

/** Index of the next space at or after `i` (or `limit`). */
function spaceAt(text: string, i: number, limit: number): number {
  const s = text.indexOf(' ', i);
  return s < 0 || s > limit ? limit : s;
}

/** A whole number, or undefined for `-` or anything else. */
function count(token: string): number | undefined {
  if (token.length === 0 || token.length > 15) return undefined;
  for (let k = 0; k < token.length; k++) if (digit(token, k) < 0) return undefined;
  return Number(token);
}

/** The fields of `text.slice(start, end)` if it is an access-log line, else undefined. */
export function parseAccessLine(text: string, start = 0, end = text.length): AccessLineFields | undefined {
  let i = start;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  // The first address (the load balancer's, or the client's in the short form).
  const ipEnd = spaceAt(text, i, end);
  if (ipEnd === i || ipEnd >= end) return undefined;
  let client = text.slice(i, ipEnd);
  i = ipEnd + 1;
  if (text.charCodeAt(i) === 40 /* ( */) {
    const close = text.indexOf(')', i);
    if (close < 0 || close >= end) return undefined;
    const inner = text.slice(i + 1, close).trim();
    if (inner.length > 0 && inner !== '-') client = inner;
    i = close + 1;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
  }
  const dash = text.charCodeAt(i);
  if (dash !== 45 /* - */ && dash !== 0x2013 /* – */ && dash !== 0x2014 /* — */) return undefined;
  if (text.charCodeAt(i + 1) !== SPACE) return undefined;
  const callerStart = i + 2;
  // The caller ends at the ` [` that opens a date (a caller may itself hold ` [`).
  let open = text.indexOf(' [', i + 1);
  let date: { time: number; end: number } | undefined;
  while (open >= 0 && open < end) {
    date = parseClfDate(text, open + 2, end) ?? parseIsoDate(text, open + 2, end);
    if (date) break;
    open = text.indexOf(' [', open + 1);
  }
  if (!date || open < 0) return undefined;
  const caller = callerStart <= open ? text.slice(callerStart, open).trim() || '-' : '-';
  i = date.end;
  while (i < end && text.charCodeAt(i) === SPACE) i++;

  // The request line: METHOD PATH PROTOCOL, possibly quoted (common log format).
  let method: string;
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
    method = text.slice(i, methodEnd);
    const targetStart = methodEnd + 1;
    const proto = text.indexOf(' HTTP/', targetStart);
    if (proto >= 0 && proto < end) {
      target = text.slice(targetStart, proto);
      after = spaceAt(text, proto + 1, end);
    } else {
      const targetEnd = spaceAt(text, targetStart, end);
      target = text.slice(targetStart, targetEnd);
      after = targetEnd;
    }
  }
  if (method.length > 32 || target.length === 0) return undefined;
  for (let k = 0; k < method.length; k++) {
    const c = method.charCodeAt(k);
    if (c < 65 || c > 90) return undefined; // methods are upper-case letters
  }

  while (after < end && text.charCodeAt(after) === SPACE) after++;
  const status = digits(text, after, 3);
  if (status < 100 || status > 599) return undefined;
  const statusEnd = after + 3;
  if (statusEnd < end && text.charCodeAt(statusEnd) !== SPACE) return undefined;

  const fields: AccessLineFields = { time: date.time, client, caller, method, target, status };
  // Optional: bytes, duration in ms, host:port (then a correlation id, not used).
  const rest = statusEnd < end ? text.slice(statusEnd + 1, end).split(' ') : [];
  if (rest.length > 0) fields.bytes = count(rest[0]);
  if (rest.length > 1) fields.durationMs = count(rest[1]);
  if (rest.length > 2 && rest[2] !== '-' && rest[2].length > 0) fields.host = rest[2];
  return fields;
}
