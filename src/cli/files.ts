import { promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { readIFlowArchive } from '../core/iflow/archive';
import { decodeText } from '../core/iflow/encoding';
import { CertificateIndex } from '../core/certs/certificateIndex';
import { decodeCertificates } from '../core/certs/decode';
import { parseTrustedRootsSetting, TrustStore } from '../core/certs/trustedRoots';
import type { CertificateInfo } from '../core/certs/types';
import { DEFAULT_MAPPING_FILE, DEFAULT_TRUSTED_ROOTS } from '../core/defaults';
import { parseParameters } from '../core/iflow/parameters';
import { parseIFlow } from '../core/iflow/parse';
import { readMappingFile } from '../core/mapping/read';
import type { MappingFile } from '../core/mapping/types';
import type { IFlowDocument } from '../core/model';
import { isCertificatePath, type IFlowLoader } from '../core/workspace';
import type { CliArgs } from './args';

/** An iFlow to lint: from disk, or from inside an export archive. */
export interface IFlowSource {
  file: string;
  text: string;
  /** Companions that came from an archive (files on disk are found by the loader). */
  manifest?: string;
  parameters?: string;
}

export interface CollectedFiles {
  iflows: IFlowSource[];
  /** Files on disk that are iFlows (read lazily by the loader). */
  certificateFiles: Array<{ file: string; bytes: Uint8Array }>;
  /** Clear messages naming the file: the run continues without it. */
  errors: Array<{ file: string; message: string }>;
  /** What was read despite a flaw (said on stderr; not an error). */
  notes: Array<{ file: string; message: string }>;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.hg']);

function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    default: return err.message ?? String(e);
  }
}

/**
 * Walks the given paths (files, folders, .zip exports) and collects what the linter reads.
 * Synchronous reads on purpose: a CLI run waits for every file anyway, and one round trip through
 * the thread pool per file and folder left the process idle for most of a 1,000-iFlow run.
 */
export async function collectFiles(paths: string[], certificateDirs: string[]): Promise<CollectedFiles> {
  const out: CollectedFiles = { iflows: [], certificateFiles: [], errors: [], notes: [] };
  const seen = new Set<string>();

  const addFile = async (file: string, explicit: boolean, certificatesOnly: boolean): Promise<void> => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    const lower = file.toLowerCase();
    const isIFlow = lower.endsWith('.iflw');
    const isZip = lower.endsWith('.zip');
    const isCert = isCertificatePath(file);
    if (certificatesOnly ? !isCert : !(isIFlow || isZip || isCert || explicit)) return;
    seen.add(key);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      out.errors.push({ file, message: `cannot read: ${ioMessage(e)}` });
      return;
    }
    if (isCert) {
      out.certificateFiles.push({ file, bytes });
    } else if (isZip) {
      const archive = readIFlowArchive(bytes, file);
      out.iflows.push(...archive.iflows);
      out.certificateFiles.push(...archive.certificates);
      out.errors.push(...archive.errors);
      out.notes.push(...archive.notes);
    } else {
      const decoded = decodeText(bytes);
      if (decoded.error) out.errors.push({ file, message: decoded.error });
      else out.iflows.push({ file, text: decoded.text });
    }
  };

  const walk = async (dir: string, certificatesOnly: boolean): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      out.errors.push({ file: dir, message: `cannot read folder: ${ioMessage(e)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) await walk(child, certificatesOnly);
      } else if (entry.isFile()) {
        await addFile(child, false, certificatesOnly);
      }
    }
  };

  const visit = async (p: string, certificatesOnly: boolean): Promise<void> => {
    let stat;
    try {
      stat = statSync(p);
    } catch (e) {
      out.errors.push({ file: p, message: ioMessage(e) });
      return;
    }
    if (stat.isDirectory()) await walk(p, certificatesOnly);
    else await addFile(p, !certificatesOnly, certificatesOnly);
  };

  for (const p of paths) await visit(p, false);
  for (const d of certificateDirs) await visit(d, true);
  return out;
}

/** The certificate files found, indexed; a file that holds no certificate is noted on stderr. */
export function certificateIndexOf(collected: CollectedFiles, stderr: (s: string) => void): CertificateIndex {
  const index = new CertificateIndex();
  for (const { file, bytes } of collected.certificateFiles) {
    const decoded = decodeCertificates(bytes, { file, kind: 'file' });
    index.addDecoded(decoded);
    if (decoded.certificates.length === 0) {
      stderr(`iflow-auth: note: ${file}: no certificate read (${decoded.errors[0] ?? 'empty'}); entries it should match stay unresolved\n`);
    }
  }
  return index;
}

/**
 * The roots of `--trusted-roots` (default DEFAULT_TRUSTED_ROOTS): named sets, and PEM files or
 * folders read from disk. A path that cannot be read, or holds no certificate, is an error: its
 * roots would silently not be trusted.
 */
export async function trustStoreOf(setting: readonly string[], cwd: string, errors: Array<{ file: string; message: string }>): Promise<TrustStore> {
  const values = setting.length > 0 ? setting : DEFAULT_TRUSTED_ROOTS;
  const files: Array<{ path: string; certificates: CertificateInfo[] }> = [];
  for (const p of parseTrustedRootsSetting(values).paths) {
    const found = await collectFiles([], [path.resolve(cwd, p)]);
    errors.push(...found.errors.map((e) => ({ file: p, message: `--trusted-roots: ${e.message}` })));
    const certificates = found.certificateFiles.flatMap(({ file, bytes }) => decodeCertificates(bytes, { file, kind: 'file' }).certificates);
    if (found.errors.length === 0 && certificates.length === 0) errors.push({ file: p, message: '--trusted-roots: no certificate found (expected PEM or DER root certificates)' });
    files.push({ path: p, certificates });
  }
  return TrustStore.fromSetting(values, files);
}

/** The mapping file: --mapping, else certificate-user-mappings.json in the first path (or its folder). */
export async function mappingPathOf(args: CliArgs, cwd: string): Promise<string> {
  if (args.mapping) return path.resolve(cwd, args.mapping);
  const first = path.resolve(cwd, args.paths[0]);
  const root = await fs.stat(first).then((s) => (s.isDirectory() ? first : path.dirname(first)), () => path.dirname(first));
  return path.join(root, DEFAULT_MAPPING_FILE);
}

/** Paths relative to the working directory (JSON's contract), forward slashes; archive members keep their `!/`. */
export function displayPath(file: string, cwd: string): string {
  const [outer, ...inner] = file.split('!/');
  const relative = path.isAbsolute(outer) ? path.relative(cwd, outer) || outer : outer;
  return [relative.split(path.sep).join('/'), ...inner].join('!/');
}

/** Synchronous for the same reason as collectFiles: two small companions per iFlow. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The mapping file named by --mapping (must exist), else the default one in the first root, if any. */
export async function loadMapping(args: CliArgs, cwd: string, errors: Array<{ file: string; message: string }>): Promise<MappingFile | undefined> {
  const file = await mappingPathOf(args, cwd);
  const text = await readTextIfExists(file);
  if (text === undefined) {
    if (args.mapping) errors.push({ file: args.mapping, message: 'cannot read the mapping file: no such file or not readable' });
    return undefined;
  }
  return readMappingFile(text, displayPath(file, cwd));
}

/** An iFlow from disk (its export's companions found by the loader) or from an archive (companions included). */
export async function toDocument(source: IFlowSource, loader: IFlowLoader): Promise<IFlowDocument> {
  if (source.manifest !== undefined || source.parameters !== undefined) {
    return parseIFlow(source.text, source.file, {
      manifest: source.manifest,
      parameters: source.parameters === undefined ? undefined : parseParameters(source.parameters),
    });
  }
  return loader.load(source.file, source.text);
}
