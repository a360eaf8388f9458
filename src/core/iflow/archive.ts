/**
 * Read exported iFlow archives: a single-iFlow export `.zip` (the unpacked layout inside), a
 * package export `.zip` whose `<guid>_content` entries are themselves iFlow zips, and zips of
 * those (SAP's learning content ships package exports inside a zip: three levels). Pure: fflate
 * and Uint8Array only (browser-safe). Never throws; everything is bounded by limits.
 *
 * The central directory is read here (so sizes are known before anything is inflated); entries
 * are inflated with fflate's streaming Inflate so the output is capped while inflating. A zip
 * whose central directory is missing (a real package export has a `_content` zip without one) is read
 * entry by entry from its local headers, with a note. macOS's AppleDouble companions
 * (`__MACOSX/…`, `._name`) are not content and are skipped.
 */
import { Inflate } from 'fflate';
import { decodeText } from './encoding';
import { exportRootOf, manifestPathOf, parametersPathOf } from './layout';
import { baseNameOf } from '../paths';
import { DEFAULT_ARCHIVE_LIMITS } from '../defaults';
import { plural } from '../plural';

export interface ArchiveLimits {
  /** Total uncompressed bytes inflated over the archive and its nested archives. */
  maxTotalBytes: number;
  /** Uncompressed bytes of one entry (declared size checked before inflating, and enforced while inflating). */
  maxEntryBytes: number;
  /** Archive nesting: 1 = the archive itself, 2 = zips inside it (package exports), 3 = a zip of package exports. */
  maxDepth: number;
  /** Entries over the archive and its nested archives. */
  maxEntries: number;
}

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
  /** What could not be read (a broken zip, an unsafe name, a limit reached). */
  errors: ArchiveError[];
  /** What was read despite a flaw, and how (e.g. entry by entry, without a central directory). */
  notes: ArchiveError[];
}

const CERT_EXT = /\.(cer|crt|pem|der|p7b|p7c)$/i;
const INFLATE_CHUNK = 16 * 1024;
/** Record signatures (little-endian "PK.."). */
const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

export interface CdEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  localOffset: number;
}

export class ZipFormatError extends Error {
  /** True when the central directory is missing or broken, so the local headers may still be read. */
  constructor(message: string, readonly directoryMissing = false) {
    super(message);
  }
}

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
    if (b[i] === 0x50 && b[i + 1] === 0x4b && u32(b, i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory record: not a zip archive, or cut short', true);
  const count = u16(b, eocd + 10);
  const cdSize = u32(b, eocd + 12);
  const cdOffset = u32(b, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipFormatError('ZIP64 archives are not supported');
  if (cdOffset < base || cdOffset + cdSize > base + eocd) throw new ZipFormatError('central directory lies outside the archive: cut short or corrupt', true);
  if (count > maxEntries) throw new ZipFormatError(`too many entries (${count}, limit ${maxEntries})`);
  const entries: CdEntry[] = [];
  let p = cdOffset - base;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || u32(b, p) !== CENTRAL_HEADER) throw new ZipFormatError('corrupt central directory', true);
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    const crc = u32(b, p + 16);
    const csize = u32(b, p + 20);
    const usize = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    const localOffset = u32(b, p + 42);
    if (p + 46 + nameLen > eocd) throw new ZipFormatError('corrupt central directory', true);
    if (csize === 0xffffffff || usize === 0xffffffff || localOffset === 0xffffffff) throw new ZipFormatError('ZIP64 archives are not supported');
    const name = utf8.decode(b.subarray(p + 46, p + 46 + nameLen));
    entries.push({ name, flags, method, crc, csize, usize, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Where the data of a local entry written with a data descriptor (flag bit 3: sizes and CRC only
 * after the data) ends: the descriptor whose compressed size equals the distance from the data's
 * start — with its optional signature, or without it right before the next record or the end of
 * the bytes. Linear: every candidate is checked in O(1).
 */
function findDataDescriptor(b: Uint8Array, dataStart: number): { crc: number; csize: number; usize: number; next: number } | undefined {
  const unsignedBefore = (q: number) => (q - 12 >= dataStart && u32(b, q - 8) === q - 12 - dataStart
    ? { crc: u32(b, q - 12), csize: q - 12 - dataStart, usize: u32(b, q - 4), next: q }
    : undefined);
  for (let q = dataStart; q + 4 <= b.length; q++) {
    if (b[q] !== 0x50 || b[q + 1] !== 0x4b) continue;
    const sig = u32(b, q);
    if (sig === DATA_DESCRIPTOR && q + 16 <= b.length && u32(b, q + 8) === q - dataStart) {
      return { crc: u32(b, q + 4), csize: q - dataStart, usize: u32(b, q + 12), next: q + 16 };
    }
    if (sig === LOCAL_HEADER || sig === CENTRAL_HEADER || sig === END_OF_CENTRAL_DIRECTORY) {
      const found = unsignedBefore(q);
      if (found) return found;
    }
  }
  return unsignedBefore(b.length);
}

/**
 * The entries of a zip without a usable central directory, read one by one from their local
 * headers; stops at the first header that is not one (or an entry whose end cannot be found).
 */
function readLocalHeaders(b: Uint8Array, maxEntries: number): { entries: CdEntry[]; stopped?: string } {
  const entries: CdEntry[] = [];
  let p = 0;
  while (p + 30 <= b.length && u32(b, p) === LOCAL_HEADER) {
    if (entries.length >= maxEntries) return { entries, stopped: `too many entries (limit ${maxEntries})` };
    const flags = u16(b, p + 6);
    const nameLen = u16(b, p + 26);
    const dataStart = p + 30 + nameLen + u16(b, p + 28);
    if (dataStart > b.length) return { entries, stopped: 'a local header runs past the end' };
    const name = utf8.decode(b.subarray(p + 30, p + 30 + nameLen));
    const entry: CdEntry = { name, flags, method: u16(b, p + 8), crc: u32(b, p + 14), csize: u32(b, p + 18), usize: u32(b, p + 22), localOffset: p };
    let next = dataStart + entry.csize;
    if (flags & 8) {
      const descriptor = findDataDescriptor(b, dataStart);
      if (!descriptor) return { entries, stopped: `the end of "${name}" cannot be found` };
      entry.crc = descriptor.crc;
      entry.csize = descriptor.csize;
      entry.usize = descriptor.usize;
      next = descriptor.next;
    }
    if (dataStart + entry.csize > b.length) return { entries, stopped: `"${name}" is cut off` };
    entries.push(entry);
    p = next;
  }
  // The entries end where the central directory (or its end record) begins, or at the end of the bytes.
  if (p < b.length) {
    const signature = p + 4 <= b.length ? u32(b, p) : undefined;
    if (signature === LOCAL_HEADER) return { entries, stopped: `the entry header at byte ${p} is cut off` };
    if (signature !== CENTRAL_HEADER && signature !== END_OF_CENTRAL_DIRECTORY) return { entries, stopped: `no entry header at byte ${p}` };
  }
  return { entries };
}

interface State {
  limits: ArchiveLimits;
  total: number;
  entries: number;
  result: ArchiveResult;
  /** Set when the total limit is reached: nothing more of the archive is read (one message, not one per entry). */
  exhausted: boolean;
}

const megabytes = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;

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
  if (state.total + e.usize > limits.maxTotalBytes) {
    state.exhausted = true;
    return `archive too large: more than ${megabytes(limits.maxTotalBytes)} uncompressed in total (with its nested archives); this entry and the rest of the archive were not read`;
  }
  const lo = e.localOffset;
  if (lo + 30 > b.length || u32(b, lo) !== LOCAL_HEADER) return 'corrupt entry: bad local header';
  const dataStart = lo + 30 + u16(b, lo + 26) + u16(b, lo + 28);
  const dataEnd = dataStart + e.csize;
  if (dataEnd > b.length) return 'corrupt entry: data runs past the end of the archive';
  const data = b.subarray(dataStart, dataEnd);
  let out: Uint8Array;
  if (e.method === 0) {
    if (e.csize !== e.usize) return 'corrupt entry: stored sizes differ';
    out = data.slice();
  } else if (e.method === 8) {
    // A deflate stream holds at least one block (an empty file deflates to 2 bytes): no data at all
    // means a header whose sizes were lost, not an empty file (fflate accepts it as empty).
    if (data.length === 0) return 'corrupt entry: deflated, but holds no data';
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

/**
 * Entries whose bytes (local header and data) begin inside an earlier entry's: a zip where many
 * directory entries share one compressed body inflates it again for each. Linear after a sort.
 */
function overlappingEntries(b: Uint8Array, entries: CdEntry[]): Set<CdEntry> {
  const spans = entries.map((e) => {
    const lo = e.localOffset;
    const header = lo + 30 <= b.length ? 30 + u16(b, lo + 26) + u16(b, lo + 28) : 30;
    return { e, start: lo, end: lo + header + e.csize };
  });
  spans.sort((x, y) => x.start - y.start);
  const overlapping = new Set<CdEntry>();
  let end = -1;
  for (const s of spans) {
    if (s.start < end) overlapping.add(s.e);
    else end = s.end;
  }
  return overlapping;
}

function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && u32(b, 0) === LOCAL_HEADER;
}

/** An AppleDouble companion macOS adds to zips it makes (`__MACOSX/…`, `._name`): resource forks, not content. */
function isAppleDouble(name: string, bytes?: Uint8Array): boolean {
  const segments = name.replace(/\\/g, '/').split('/');
  if (segments.includes('__MACOSX')) return true;
  // `._name` outside __MACOSX: only when it is one (its magic number), not any file so named.
  return bytes !== undefined && segments[segments.length - 1].startsWith('._') && bytes.length >= 4
    && bytes[0] === 0x00 && bytes[1] === 0x05 && bytes[2] === 0x16 && bytes[3] === 0x07;
}

function readZip(b: Uint8Array, display: string, depth: number, state: State): void {
  const { result, limits } = state;
  let entries: CdEntry[];
  const allowed = Math.max(0, limits.maxEntries - state.entries);
  try {
    entries = readCentralDirectory(b, allowed);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const missing = err instanceof ZipFormatError && err.directoryMissing;
    const local = missing && isZip(b) ? readLocalHeaders(b, allowed) : { entries: [] };
    if (local.entries.length === 0) {
      result.errors.push({ file: display, message: `not a readable zip archive: ${reason}` });
      return;
    }
    entries = local.entries;
    result.notes.push({ file: display, message: `its central directory is unusable (${reason}); read entry by entry from the local headers instead: ${plural(entries.length, 'entry', 'entries')}` });
    // What follows a cut-off entry is lost: said as an error, never left out silently.
    if (local.stopped) result.errors.push({ file: display, message: `reading entry by entry stopped after ${plural(entries.length, 'entry', 'entries')}: ${local.stopped}; whatever follows could not be read` });
  }
  state.entries += entries.length;
  const at = (name: string): string => `${display}!/${name}`;
  const overlapping = overlappingEntries(b, entries);
  if (overlapping.size > 0) {
    result.errors.push({ file: display, message: `${plural(overlapping.size, 'entry', 'entries')} overlapping another entry's data (a zip bomb technique; no zip tool writes that) skipped` });
    entries = entries.filter((e) => !overlapping.has(e));
  }
  const iflows: Array<{ name: string; text: string }> = [];
  const texts = new Map<string, { name: string; text: string }>(); // manifests and parameters, by lower-case name
  for (const e of entries) {
    if (state.exhausted) break;
    if (e.name.endsWith('/') || e.name.endsWith('\\')) continue; // directory
    if (isAppleDouble(e.name)) continue;
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
    if (isAppleDouble(e.name, bytes)) continue;
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
        result.errors.push({ file: at(e.name), message: `nested archive skipped: zips nested deeper than ${limits.maxDepth} levels (no real export nests that deep)` });
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
  const result: ArchiveResult = { iflows: [], certificates: [], errors: [], notes: [] };
  const lim: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS };
  if (limits) {
    for (const k of Object.keys(DEFAULT_ARCHIVE_LIMITS) as Array<keyof ArchiveLimits>) {
      const v = limits[k];
      if (typeof v === 'number' && v >= 0) lim[k] = v;
    }
  }
  try {
    if (!(bytes instanceof Uint8Array)) throw new Error('archive bytes must be a Uint8Array');
    readZip(bytes, archiveName, 1, { limits: lim, total: 0, entries: 0, result, exhausted: false });
  } catch (err) {
    result.errors.push({ file: archiveName, message: `could not read the archive: ${err instanceof Error ? err.message : String(err)}` });
  }
  return result;
}
