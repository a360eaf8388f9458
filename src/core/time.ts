import { plural } from './plural';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `now` to `when`, rounded towards zero (negative when in the past). */
export function daysBetween(now: Date, when: Date): number {
  return Math.trunc((when.getTime() - now.getTime()) / DAY_MS);
}

/** "expires in 12 days", "expires today", "expired 3 days ago" — for messages, tree and hover. */
export function describeExpiry(notAfter: Date, now: Date): string {
  const days = daysBetween(now, notAfter);
  if (notAfter.getTime() <= now.getTime()) {
    return days === 0 ? 'expired today' : `expired ${plural(-days, 'day')} ago`;
  }
  return days === 0 ? 'expires today' : `expires in ${plural(days, 'day')}`;
}

/** "valid from in 40 days" style, for certificates whose notBefore is still ahead. */
export function describeStart(notBefore: Date, now: Date): string {
  const days = daysBetween(now, notBefore);
  return days === 0 ? 'becomes valid today' : `becomes valid in ${plural(days, 'day')}`;
}

/** True when `notAfter` is still ahead of `now` but no more than `days` days away. */
export function expiresWithin(notAfter: Date, now: Date, days: number): boolean {
  const left = notAfter.getTime() - now.getTime();
  return left > 0 && left <= days * DAY_MS;
}

/** ISO date without time, the way findings cite validity dates. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
