/**
 * Read exported iFlow archives: a single-iFlow export `.zip` (the unpacked layout inside) and a
 * package export `.zip` whose `<guid>_content` entries are themselves iFlow zips. Pure: fflate
 * and Uint8Array only (browser-safe). Never throws; everything is bounded by limits.
 *
 * The central directory is read here (so sizes are known before anything is inflated); entries
 * are inflated with fflate's streaming Inflate so the output is capped while inflating.
 */
import { Inflate } from 'fflate';
import { decodeText } from './encoding';
import { exportRootOf, manifestPathOf, parametersPathOf } from './layout';
import { baseNameOf } from '../paths';

export interface ArchiveLimits {
  /** Total uncompressed bytes inflated over the archive and its nested archives. */
  maxTotalBytes: number;
  /** Uncompressed bytes of one entry (declared size checked before inflating, and enforced while inflating). */
  maxEntryBytes: number;
  /** Archive nesting: 1 = the archive itself, 2 = zips inside it (package exports). */
  maxDepth: number;
  /** Entries over the archive and its nested archives. */
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntryBytes: 50 * 1024 * 1024,
  maxDepth: 2,
  maxEntries: 20000,
});

export interface ArchiveIFlow {
  /** `<archiveName>!/<inner path>` (nested: `<archiveName>!/<guid>_content!/<inner path>`). */
  file: string;
  text: string;
  /** Text of the export's META-INF/MANIFEST.MF. */
  manifest?: string;
  manifestFile?: string;
  /** Text of the export's src/main/resources/parameters.prop. */
  parameters?: string;
  parametersFile?: string;
}

export interface ArchiveCertificate {
  file: string;
  bytes: Uint8Array;
}

export interface ArchiveError {
  file: string;
  message: string;
}

export interface ArchiveResult {
  iflows: ArchiveIFlow[];
  certificates: ArchiveCertificate[];
  errors: ArchiveError[];
}

const CERT_EXT = /\.(cer|crt|pem|der|p7b|p7c)$/i;
const INFLATE_CHUNK = 16 * 1024;

export interface CdEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  localOffset: number;
}

export class ZipFormatError extends Error {}

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

let CRC_TABLE: Uint32Array | undefined;
function crc32(data: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Read the central directory; throws ZipFormatError on anything malformed. `b` may be just the
 * end of the archive (the log reader reads only that much of a large file): `base` is the offset
 * of `b[0]` in the archive, and offsets in the entries stay absolute.
 */
export function readCentralDirectory(b: Uint8Array, maxEntries: number, base = 0): CdEntry[] {
  if (b.length < 22) throw new ZipFormatError('too short to be a zip archive');
  let eocd = -1;
  const lowest = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= lowest; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory record (not a zip archive, or truncated)');
  const count = u16(b, eocd + 10);
  const cdSize = u32(b, eocd + 12);
  const cdOffset = u32(b, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipFormatError('ZIP64 archives are not supported');
  if (cdOffset < base || cdOffset + cdSize > base + eocd) throw new ZipFormatError('central directory lies outside the archive (truncated or corrupt)');
  if (count > maxEntries) throw new ZipFormatError(`too many entries (${count}, limit ${maxEntries})`);
  const entries: CdEntry[] = [];
  let p = cdOffset - base;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || u32(b, p) !== 0x02014b50) throw new ZipFormatError('corrupt central directory');
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    const crc = u32(b, p + 16);
    const csize = u32(b, p + 20);
    const usize = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    const localOffset = u32(b, p + 42);
    if (p + 46 + nameLen > eocd) throw new ZipFormatError('corrupt central directory');
    if (csize === 0xffffffff || usize === 0xffffffff || localOffset === 0xffffffff) throw new ZipFormatError('ZIP64 archives are not supported');
    const name = utf8.decode(b.subarray(p + 46, p + 46 + nameLen));
    entries.push({ name, flags, method, crc, csize, usize, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

interface State {
  limits: ArchiveLimits;
  total: number;
  entries: number;
  result: ArchiveResult;
}

/** A name that would escape the extraction folder: absolute, drive-qualified, or with `..`. */
function isUnsafeName(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.includes('\u0000')) return true;
  return n.split('/').some((seg) => seg === '..');
}


/** Inflate (or copy) one entry within the limits; returns bytes or an error message. */
function extract(b: Uint8Array, e: CdEntry, state: State): Uint8Array | string {
  const { limits } = state;
  if (e.flags & 1) return 'encrypted entry: not supported';
  if (e.usize > limits.maxEntryBytes) return `entry too large: declares ${e.usize} uncompressed bytes (limit ${limits.maxEntryBytes})`;
  if (state.total + e.usize > limits.maxTotalBytes) return `archive too large: more than ${limits.maxTotalBytes} uncompressed bytes in total`;
  const lo = e.localOffset;
  if (lo + 30 > b.length || u32(b, lo) !== 0x04034b50) return 'corrupt entry: bad local header';
  const dataStart = lo + 30 + u16(b, lo + 26) + u16(b, lo + 28);
  const dataEnd = dataStart + e.csize;
  if (dataEnd > b.length) return 'corrupt entry: data runs past the end of the archive';
  const data = b.subarray(dataStart, dataEnd);
  let out: Uint8Array;
  if (e.method === 0) {
    if (e.csize !== e.usize) return 'corrupt entry: stored sizes differ';
    out = data.slice();
  } else if (e.method === 8) {
    const cap = Math.min(e.usize, limits.maxEntryBytes, limits.maxTotalBytes - state.total);
    const chunks: Uint8Array[] = [];
    let size = 0;
    let over = false;
    const inflater = new Inflate((chunk) => {
      if (over) return;
      size += chunk.length;
      if (size > cap) over = true;
      else chunks.push(chunk);
    });
    try {
      if (data.length === 0) inflater.push(data, true);
      for (let off = 0; off < data.length && !over; off += INFLATE_CHUNK) {
        const end = Math.min(off + INFLATE_CHUNK, data.length);
        inflater.push(data.subarray(off, end), end >= data.length);
      }
    } catch (err) {
      if (!over) return `corrupt entry: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (over) return `entry inflates beyond its declared size of ${e.usize} bytes (or the limits): possible zip bomb, skipped`;
    if (size !== e.usize) return `corrupt entry: inflated to ${size} bytes, declared ${e.usize}`;
    out = new Uint8Array(size);
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
  } else {
    return `unsupported compression method ${e.method}`;
  }
  if (crc32(out) !== e.crc) return 'corrupt entry: CRC mismatch';
  state.total += out.length;
  return out;
}

function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function readZip(b: Uint8Array, display: string, depth: number, state: State): void {
  const { result, limits } = state;
  let entries: CdEntry[];
  try {
    entries = readCentralDirectory(b, Math.max(0, limits.maxEntries - state.entries));
  } catch (err) {
    result.errors.push({ file: display, message: `not a readable zip archive: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  state.entries += entries.length;
  const at = (name: string): string => `${display}!/${name}`;
  const iflows: Array<{ name: string; text: string }> = [];
  const texts = new Map<string, { name: string; text: string }>(); // manifests and parameters, by lower-case name
  for (const e of entries) {
    if (e.name.endsWith('/') || e.name.endsWith('\\')) continue; // directory
    if (isUnsafeName(e.name)) {
      result.errors.push({ file: at(e.name), message: 'unsafe entry name (absolute path or "..") skipped' });
      continue;
    }
    const lower = e.name.replace(/\\/g, '/').toLowerCase();
    const base = baseNameOf(lower);
    const isIflw = lower.endsWith('.iflw');
    const isManifest = lower === 'meta-inf/manifest.mf' || lower.endsWith('/meta-inf/manifest.mf');
    const isParams = lower === 'src/main/resources/parameters.prop' || lower.endsWith('/src/main/resources/parameters.prop');
    const isCert = CERT_EXT.test(lower);
    const maybeZip = !base.includes('.') || lower.endsWith('.zip');
    if (!isIflw && !isManifest && !isParams && !isCert && !maybeZip) continue;
    const bytes = extract(b, e, state);
    if (typeof bytes === 'string') {
      result.errors.push({ file: at(e.name), message: bytes });
      continue;
    }
    if (isIflw) {
      const d = decodeText(bytes);
      if (d.error !== undefined) result.errors.push({ file: at(e.name), message: `not an iFlow text file: ${d.error}` });
      else iflows.push({ name: e.name, text: d.text });
    } else if (isManifest || isParams) {
      const d = decodeText(bytes, { latin1Fallback: true });
      if (d.error !== undefined) result.errors.push({ file: at(e.name), message: d.error });
      else texts.set(lower, { name: e.name, text: d.text });
    } else if (isCert) {
      result.certificates.push({ file: at(e.name), bytes });
    } else if (isZip(bytes)) {
      if (depth >= limits.maxDepth) {
        result.errors.push({ file: at(e.name), message: `nested archive skipped: nesting deeper than ${limits.maxDepth} levels` });
      } else {
        readZip(bytes, at(e.name), depth + 1, state);
      }
    }
  }
  for (const f of iflows) {
    const item: ArchiveIFlow = { file: at(f.name), text: f.text };
    const root = exportRootOf(f.name.replace(/\\/g, '/'));
    if (root !== undefined) {
      const m = texts.get(manifestPathOf(root).toLowerCase());
      if (m) {
        item.manifest = m.text;
        item.manifestFile = at(m.name);
      }
      const p = texts.get(parametersPathOf(root).toLowerCase());
      if (p) {
        item.parameters = p.text;
        item.parametersFile = at(p.name);
      }
    }
    result.iflows.push(item);
  }
}

/**
 * Read an exported archive. iFlows come with their manifest and parameters texts (when the
 * export has them); certificate files (.cer .crt .pem .der .p7b .p7c) are returned as bytes.
 * Problems (broken zip, unsafe names, limits, binary .iflw) become `errors`; never throws.
 */
export function readIFlowArchive(bytes: Uint8Array, archiveName: string, limits?: Partial<ArchiveLimits>): ArchiveResult {
  const result: ArchiveResult = { iflows: [], certificates: [], errors: [] };
  const lim: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS };
  if (limits) {
    for (const k of Object.keys(DEFAULT_ARCHIVE_LIMITS) as Array<keyof ArchiveLimits>) {
      const v = limits[k];
      if (typeof v === 'number' && v >= 0) lim[k] = v;
    }
  }
  try {
    if (!(bytes instanceof Uint8Array)) throw new Error('archive bytes must be a Uint8Array');
    readZip(bytes, archiveName, 1, { limits: lim, total: 0, entries: 0, result });
  } catch (err) {
    result.errors.push({ file: archiveName, message: `could not read the archive: ${err instanceof Error ? err.message : String(err)}` });
  }
  return result;
}
