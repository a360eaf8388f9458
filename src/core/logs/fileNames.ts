/**
 * What a log file's name says: the tenant names them `http_access_<node>_<yyyy-mm-dd>.log` and
 * `ljs_trace_<node>_<yyyy-mm-dd>.log` (plain or `.gz`), so the node id links an access log to the
 * trace of the same runtime node.
 */

import { baseNameOf } from '../paths';

export type LogKind = 'access' | 'trace';

export interface LogFileName {
  kind: LogKind;
  node: string;
  /** `yyyy-mm-dd`, when the name carries it. */
  date?: string;
}

const NAME = /^(http_access|ljs_trace)_(.+?)(?:_(\d{4}-\d{2}-\d{2}))?\.log(?:\.gz)?$/i;

/** The last segment of a path, a URI or a zip member name (`a.zip!dir/b.log`, `a.zip!b.log`). */
export const logBaseNameOf = (file: string): string => baseNameOf(file.slice(file.lastIndexOf('!') + 1));

/** Kind, node and date from a log file's name; undefined for any other name. */
export function parseLogFileName(file: string): LogFileName | undefined {
  const m = NAME.exec(logBaseNameOf(file));
  if (!m) return undefined;
  return { kind: m[1].toLowerCase() === 'http_access' ? 'access' : 'trace', node: m[2], date: m[3] };
}

/** A name the folder walk and the editor pick up as a tenant log (any other file must be named explicitly). */
export const isLogFileName = (file: string): boolean => parseLogFileName(file) !== undefined;

/** Names of archives that may hold logs. */
export const isZipName = (file: string): boolean => /\.zip$/i.test(logBaseNameOf(file));
