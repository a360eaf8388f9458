/**
 * The project model: one way to load a set of iFlows with everything that judges them, used by
 * the CLI and the editor alike. From its roots (the CLI's paths, the editor's workspace folders)
 * it discovers iFlows (files, export folders, `.zip` exports), certificate files, the mapping
 * file of each root and the configuration files, reads them through a FileSystemPort, lints
 * them, and keeps the findings per file. `update(paths)` re-reads what changed and re-lints only
 * what that affects (see docs/architecture.md).
 */
import { CertificateIndex } from '../certs/certificateIndex';
import { decodeCertificates } from '../certs/decode';
import { normalizeDN } from '../certs/dn';
import { SignatureChecks } from '../certs/signatures';
import { parseTrustedRootsSetting, TrustStore } from '../certs/trustedRoots';
import type { CertificateInfo, DecodedCertificates } from '../certs/types';
import { summarizeChannels, type ChannelSummary } from '../channels';
import { effectiveSettings, lintOptionsOf } from '../config/effective';
import { applyExemptions, type ExemptionScope } from '../config/exemptions';
import { readConfigFile } from '../config/read';
import type { ConfigFile, EffectiveSettings, SettingsLayer, SettingsValues } from '../config/types';
import { CERTIFICATE_EXTENSIONS, CONFIG_FILE_NAME, DEFAULT_CERTIFICATE_GLOBS, DEFAULT_MAPPING_FILE } from '../defaults';
import type { FixPlan } from '../edits/types';
import { createRuleContext, lintConfig, lintIFlow, lintMapping, lintWorkspace } from '../engine';
import type { FixSettings } from '../fixes';
import { decodeText } from '../iflow/encoding';
import { exportRootOf, manifestPathOf, parametersPathOf } from '../iflow/layout';
import { parseParameters, resolveParameters } from '../iflow/parameters';
import { parseIFlow } from '../iflow/parse';
import { logEndpointsOf, type LogWorkspaceInput } from '../logs/workspace';
import { readMappingFile } from '../mapping/read';
import type { MappingEntry, MappingFile } from '../mapping/types';
import type { IFlowDocument, ParameterSet, SenderChannel } from '../model';
import type { EntryResolution } from '../resolve';
import type { Finding, RuleContext } from '../rules/types';
import type { FileProblem, FileSystemPort, FoundFiles } from './fileSystem';
import type { CheckedFiles } from '../output/text';
import { pathMatcher, type Matcher } from '../glob';
import { loadArchiveReader, loadFixes } from '../onDemand';
import { baseNameOf, isAbsolutePath, relativePath } from '../paths';
import { comparePaths, isUnder, parentOf } from './paths';
import { ReadAhead } from './readAhead';

export interface ProjectRoot {
  /** A folder (searched) or a file (linted whatever its name, as the user named it). */
  path: string;
  /** Only certificate files are taken from it (the CLI's `--certificates`). */
  certificatesOnly?: boolean;
}

export interface ProjectOptions {
  fs: FileSystemPort;
  roots: readonly ProjectRoot[];
  /** The editor's settings of a root folder (VS Code: the `iflowAuth.*` set for that workspace folder). */
  editorSettings?(folder: string): SettingsValues | undefined;
  /**
   * The command line's flags: they win over everything; their paths are relative to `base`. A
   * flag that names the mapping file makes a missing one an error.
   */
  flags?: SettingsLayer;
  /** Which configuration file applies: the nearest `.iflow-auth.json` (the default), none, or this one. */
  configFile?: 'nearest' | 'none' | { file: string };
  /**
   * Whose mapping file a file uses: its own root folder's (workspace folders, the default), or
   * the first root's (the CLI, where the roots are one run's paths).
   */
  mappingScope?: 'each-root' | 'first-root';
  /** The clock; read once per load or update. */
  now?: () => Date;
}

/** A file the project could not use, or a note about one (a certificate file holding no certificate). */
export interface ProjectProblem extends FileProblem {
  kind: 'error' | 'note';
}

/** What an update did. */
export interface ProjectUpdate {
  /** Files whose findings changed, removed files included (their findings are now none). */
  changed: string[];
  /** Files linted again. */
  relinted: string[];
  /** Files read again through the port. */
  reread: string[];
}

/** What load() tells while it reads the iFlows: how many iFlows and `.zip` exports the searches so far found, and how many of them are read. */
export interface LoadProgress {
  readonly found: number;
  readonly read: number;
}

/** Hooks into load(): `read` once the iFlows and mapping files are read; `progress` while the iFlows are. */
export interface LoadHooks {
  read?: () => void;
  progress?: (progress: LoadProgress) => void;
}

/** A mapped user whose roles include a channel's role: who can call it with a certificate. */
export interface Caller {
  user: string;
  mappingFile: string;
  /** The mapping entry (0-based). */
  index: number;
  entry: MappingEntry;
  /** The entry's certificate, or the certificate file with its DNs while the entry names only DNs. */
  certificate?: CertificateInfo;
}

/** One certificate entry of a channel's Client Certificate table. */
export interface EntryRef {
  file: string;
  channelId: string;
  /** 0-based row of the table. */
  index: number;
}

interface IFlowRecord {
  doc: IFlowDocument;
  /** The `.zip` export it was read from: read-only. */
  archive?: string;
  /** The unpacked export's root folder, whose manifest and parameters.prop it uses. */
  exportRoot?: string;
  /** Dependency keys, computed the first time an update needs them. */
  keys?: IFlowKeys;
}

interface IFlowKeys {
  /** Normalized `subject\0issuer` of each certificate entry (parameters resolved). */
  entries: string[];
  /** Normalized issuer DN of each entry: a CA certificate with that subject may complete its chain. */
  issuers: string[];
  roles: string[];
}

interface Companions {
  manifest?: string;
  parametersText?: string;
  parameters?: ParameterSet;
}

/** What one update must re-lint, collected while the changed files are read. */
class Pending {
  readonly iflows = new Set<string>();
  readonly removed = new Set<string>();
  readonly mappings = new Set<string>();
  /** Mapping files that appeared, vanished or became (in)valid: every iFlow using them. */
  readonly mappingUsers = new Set<string>();
  readonly entryKeys = new Set<string>();
  readonly subjectKeys = new Set<string>();
  readonly roles = new Set<string>();
  /** Folders whose settings changed (a configuration file). */
  readonly settingsUnder = new Set<string>();
  /** Configuration files read again (or gone). */
  readonly configs = new Set<string>();
  /** Folders read whole in this update. */
  readonly scanned = new Set<string>();
  certificatesChanged = false;
}

const trustKey = (settings: EffectiveSettings): string => `${settings.trustedRoots.base}\u0000${settings.trustedRoots.value.join('\u0000')}`;

const pairKey = (subjectKey: string, issuerKey: string): string => `${subjectKey}\u0000${issuerKey}`;

function findingKey(f: Finding): string {
  const related = f.related?.map((r) => `${r.file}@${r.range?.start}-${r.range?.end}:${r.message}`).join('|') ?? '';
  return `${f.rule}\u0000${f.severity}\u0000${f.range.start}-${f.range.end}\u0000${f.message}\u0000${f.channel ?? ''}\u0000${f.iflow ?? ''}\u0000${related}\u0000${f.suppressed?.reason ?? ''}`;
}

function sameFindings(a: readonly Finding[] | undefined, b: readonly Finding[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((f, i) => findingKey(f) === findingKey(y[i]));
}

const isIFlowOrExport = (path: string): boolean => /\.(iflw|zip)$/i.test(path);

const COMPANION_SUFFIXES = ['/META-INF/MANIFEST.MF', '/src/main/resources/parameters.prop'];

/** The export root a manifest or parameters.prop belongs to; undefined for other files. */
function exportRootOfCompanion(path: string): string | undefined {
  const lower = path.toLowerCase();
  const suffix = COMPANION_SUFFIXES.find((s) => lower.endsWith(s.toLowerCase()));
  return suffix === undefined ? undefined : path.slice(0, path.length - suffix.length);
}

/** A certificate file that holds no certificate: said, since the entries it should match stay unresolved. */
function noCertificateNote(file: string, decoded: DecodedCertificates): ProjectProblem | undefined {
  if (decoded.certificates.length > 0) return undefined;
  return { file, message: `no certificate read (${decoded.errors[0] ?? 'empty'}); entries it should match stay unresolved`, kind: 'note' };
}

/** What a folder's search also lists, so that certificate files need no search of their own. */
const CERTIFICATE_SEARCH = CERTIFICATE_EXTENSIONS.map((ext) => `**/*${ext}`);

/**
 * Whether a certificate glob can match only files CERTIFICATE_SEARCH lists (its name ends in those
 * extensions, as written): then the folder search's listing, matched with the glob as the project
 * matches paths (any case, as isCertificateFile does), answers it. An exclusion adds no file.
 */
function listedByFolderSearch(glob: string): boolean {
  if (glob.startsWith('!')) return true;
  // A glob that may leave its folder (`../certs/*.pem`, an absolute path) is searched as written.
  if (glob.startsWith('/') || glob.includes('\\') || glob.split('/').includes('..')) return false;
  const name = glob.slice(glob.lastIndexOf('/') + 1);
  const m = /\.(?:\{([a-z0-9,]+)\}|([a-z0-9]+))$/.exec(name);
  return m !== null && (m[1] ?? m[2]).split(',').every((ext) => CERTIFICATE_EXTENSIONS.includes(`.${ext}`));
}

/** A certificate file by its extension alone (what `--certificates` folders hold). */
const isCertificatePath = (path: string): boolean => {
  const lower = path.toLowerCase();
  return CERTIFICATE_EXTENSIONS.some((ext) => lower.endsWith(ext));
};


export class Project {
  /** The port the project reads through. */
  readonly fileSystem: FileSystemPort;
  private rootFolders: Array<{ folder: string; certificatesOnly: boolean; file?: string }> = [];
  private readonly iflows = new Map<string, IFlowRecord>();
  private readonly archives = new Map<string, { iflows: string[]; certificates: string[] }>();
  private readonly certificates = new Map<string, DecodedCertificates>();
  private readonly companions = new Map<string, Promise<Companions>>();
  /** Mapping files by path; null: looked for, not there. */
  private readonly mappings = new Map<string, MappingFile | null>();
  /** Configuration files read, by path. */
  private readonly configs = new Map<string, ConfigFile>();
  /** Findings of the per-file rules, by file. */
  private readonly ownFindings = new Map<string, Finding[]>();
  /** Findings of the workspace-wide rules, by the file each sits in. */
  private workspaceFindings = new Map<string, Finding[]>();
  /** Both, merged, with exempted findings marked `suppressed`; and the configuration files' own: what a host shows. */
  private readonly findingsByFile = new Map<string, Finding[]>();
  /** By file: how many of its findings each exemption (by index) of its configuration file covered. */
  private exempted = new Map<string, ReadonlyMap<number, number>>();
  private readonly problemsBySource = new Map<string, ProjectProblem[]>();
  private readonly settingsCache = new Map<string, EffectiveSettings>();
  /** settingsKeyOf by file. */
  private readonly settingsKeys = new Map<string, string>();
  /** The mapping file of each settings (by settingsKeyOf). */
  private readonly mappingPaths = new Map<string, string>();
  /**
   * A run over paths (`first-root`): the folder above the first path, within its repository, that
   * holds the default mapping file, when the path itself holds none. It stands for the editor's
   * workspace folder: the defaults (mapping file, certificate globs) are relative to it.
   */
  private mappingFolderAbove?: string;
  /** Where certificate files are looked for: each settings' globs and the folder they are relative to. */
  private certificateScopes?: Array<{ base: string; globs: string[]; match: Matcher }>;
  private readonly configOfFolder = new Map<string, string | null>();
  /** The configuration files read, by the folder holding each. */
  private configFolders?: Map<string, string>;
  private readonly contexts = new Map<string, RuleContext>();
  /** The roots chains are judged against, by trustedRoots setting (its PEM files read). */
  private readonly trustStores = new Map<string, TrustStore>();
  /** Signature checks of chain links, kept across lints: each link is checked once. */
  private signatures = new SignatureChecks();
  private readAhead?: ReadAhead;
  /** load()'s progress while it reads the iFlows (over every root), and its hook. */
  private loading?: { found: number; read: number; report: (progress: LoadProgress) => void };
  private listing?: { folder: string; files: Set<string> };
  /** During load(): the certificate files each root folder's search listed (scanCertificates uses them). */
  private certificateListings?: Map<string, string[]>;
  private fileIndex?: CertificateIndex;
  private graph?: { entries: Map<string, Set<string>>; issuers: Map<string, Set<string>>; roles: Map<string, Set<string>> };
  private now: Date;
  private queue: Promise<unknown> = Promise.resolve();
  private reread = new Set<string>();

  constructor(private readonly options: ProjectOptions) {
    this.fileSystem = options.fs;
    this.now = this.clock();
  }

  /** A project over the same files read through another port, starting from this one's state. */
  fork(fs: FileSystemPort): Project {
    const copy = new Project({ ...this.options, fs });
    copy.rootFolders = [...this.rootFolders];
    copy.mappingFolderAbove = this.mappingFolderAbove;
    for (const [k, v] of this.iflows) copy.iflows.set(k, { ...v, keys: undefined });
    for (const [k, v] of this.archives) copy.archives.set(k, v);
    for (const [k, v] of this.certificates) copy.certificates.set(k, v);
    for (const [k, v] of this.companions) copy.companions.set(k, v);
    for (const [k, v] of this.mappings) copy.mappings.set(k, v);
    for (const [k, v] of this.configs) copy.configs.set(k, v);
    for (const [k, v] of this.ownFindings) copy.ownFindings.set(k, v);
    copy.workspaceFindings = new Map(this.workspaceFindings);
    copy.exempted = new Map(this.exempted);
    for (const [k, v] of this.findingsByFile) copy.findingsByFile.set(k, v);
    for (const [k, v] of this.problemsBySource) copy.problemsBySource.set(k, v);
    copy.fileIndex = this.fileIndex;
    for (const [k, v] of this.trustStores) copy.trustStores.set(k, v);
    copy.signatures = this.signatures;
    copy.now = this.now;
    return copy;
  }

  // ---- loading ------------------------------------------------------------------------------

  /**
   * Discovers and reads everything under the roots, and lints it. `files`: reads everything,
   * lints nothing (what the log analysis needs); `mappings`: only finds and reads the mapping
   * files (what an export needs). `hooks.read` is called once the iFlows and mapping files are
   * read, before the certificate files are and before linting: they can be shown while the rest is
   * done; `hooks.progress` while the iFlows are read, after each file a folder's search found.
   */
  load(what: 'everything' | 'files' | 'mappings' = 'everything', hooks: LoadHooks = {}): Promise<void> {
    return this.serialized(async () => {
      this.reset();
      this.loading = hooks.progress && { found: 0, read: 0, report: hooks.progress };
      this.certificateListings = new Map();
      try {
        try {
          await this.readRoots(what);
        } finally {
          this.loading = undefined;
        }
        hooks.read?.();
        if (what !== 'mappings') await this.scanCertificates(new Pending());
      } finally {
        this.certificateListings = undefined;
      }
      const named = this.options.flags?.values.mappingFile !== undefined ? this.wantedMappingPaths()[0] : undefined;
      if (named !== undefined && this.mappings.get(named) === null) {
        this.setProblems(named, [{ file: named, message: 'cannot read the mapping file: no such file or not readable', kind: 'error' }]);
      }
      // The log analysis judges chains too: against the configured roots, not the default.
      if (what !== 'mappings') await this.readTrustStores();
      if (what === 'everything') this.relintAll();
    });
  }

  /**
   * load()'s first part: the roots, the configuration files, the iFlows and the mapping files
   * (what a tree's first rows show; certificate files fill in its entries later).
   */
  private async readRoots(what: 'everything' | 'files' | 'mappings'): Promise<void> {
    for (const root of this.options.roots) {
      const type = await this.statOrProblem(root.path);
      // A root that is not there is an error, not its parent folder searched instead.
      if (type === undefined) continue;
      const folder = type === 'directory' ? root.path : parentOf(root.path) ?? root.path;
      this.rootFolders.push({ folder, certificatesOnly: Boolean(root.certificatesOnly), file: type === 'directory' ? undefined : root.path });
    }
    await this.discoverConfigFilesAbove();
    await this.discoverMappingFileAbove();
    for (const root of what === 'mappings' ? [] : this.options.roots) {
      const entry = this.rootFolders.find((r) => r.file === root.path || (r.file === undefined && r.folder === root.path));
      if (!entry) continue;
      if (entry.file !== undefined) {
        if (this.problemsBySource.has(entry.file)) continue; // missing
        await this.addFile(entry.file, new Pending(), { explicit: !entry.certificatesOnly, certificatesOnly: entry.certificatesOnly });
      } else {
        await this.scanFolder(entry.folder, new Pending(), entry.certificatesOnly);
      }
    }
    for (const path of this.wantedMappingPaths()) await this.readMapping(path, new Pending());
  }

  /**
   * Re-reads the changed paths (files or folders; created, changed or deleted) and re-lints what
   * they affect: an iFlow itself; a certificate file the entries it matches (and the mapping
   * files); a mapping file itself and the channels whose roles or certificates it changes;
   * parameters.prop or a manifest the iFlows of that export; a configuration file everything
   * under its folder.
   */
  update(paths: readonly string[]): Promise<ProjectUpdate> {
    return this.serialized(async () => {
      this.reread = new Set();
      const pending = new Pending();
      // Folders before what is in them: a created folder is scanned whole, so the events of the
      // files in it (a checkout, an unzip) need no read of their own.
      for (const path of [...new Set(paths)].sort((a, b) => a.length - b.length)) {
        if ([...pending.scanned].some((folder) => isUnder(path, folder))) continue;
        await this.applyChange(path, pending);
      }
      return this.relint(pending);
    });
  }

  /**
   * Checks the signatures of the chain links the lints followed by names and key ids, up to
   * `rounds` times: when one does not verify, chains change, so everything is linted again (and
   * that lint may follow new links). Off the typing path: the editor calls it after an update.
   */
  checkSignatures(rounds = 1): Promise<ProjectUpdate> {
    return this.serialized(async () => {
      const before = new Map(this.findingsByFile);
      let relinted: string[] = [];
      for (let round = 0; round < rounds && this.signatures.pendingCount > 0; round++) {
        if ((await this.signatures.verifyPending()) === 0) break;
        this.relintAll();
        relinted = [...this.findingsByFile.keys()];
      }
      const changed = [...new Set([...before.keys(), ...this.findingsByFile.keys()])].filter((f) => !sameFindings(before.get(f), this.findingsByFile.get(f)));
      return { changed: changed.sort(comparePaths), relinted: relinted.sort(comparePaths), reread: [] };
    });
  }

  /** Chain links waiting for their signature check. */
  get pendingSignatures(): number {
    return this.signatures.pendingCount;
  }

  /** Runs one load or update at a time, in the order asked: each sees the previous one's state. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private clock(): Date {
    return this.options.now?.() ?? new Date();
  }

  private reset(): void {
    this.rootFolders = [];
    for (const m of [this.iflows, this.archives, this.certificates, this.companions, this.mappings, this.ownFindings, this.findingsByFile, this.problemsBySource]) m.clear();
    this.workspaceFindings = new Map();
    this.exempted = new Map();
    this.configs.clear();
    this.invalidateSettings();
    this.fileIndex = undefined;
    this.graph = undefined;
    this.reread = new Set();
  }

  private invalidateSettings(): void {
    this.settingsCache.clear();
    this.settingsKeys.clear();
    this.mappingPaths.clear();
    this.certificateScopes = undefined;
    this.configOfFolder.clear();
    this.configFolders = undefined;
    this.contexts.clear();
    this.trustStores.clear();
  }

  private async statOrProblem(path: string): Promise<'file' | 'directory' | undefined> {
    try {
      const type = await this.fileSystem.stat(path);
      if (type === undefined) this.setProblems(path, [{ file: path, message: 'no such file or directory', kind: 'error' }]);
      return type;
    } catch (e) {
      this.setProblems(path, [{ file: path, message: (e as Error).message, kind: 'error' }]);
      return undefined;
    }
  }

  /** Configuration files in the roots' ancestors (a subfolder linted in CI still finds the repository's file). */
  private async discoverConfigFilesAbove(): Promise<void> {
    const seen = new Set<string>();
    for (const { folder } of this.rootFolders) {
      for (let dir = parentOf(folder); dir !== undefined && !seen.has(dir); dir = parentOf(dir)) {
        seen.add(dir);
        const candidate = this.fileSystem.join(dir, CONFIG_FILE_NAME);
        if (await this.fileSystem.stat(candidate).catch(() => undefined) === 'file') await this.readConfig(candidate);
      }
    }
    const named = this.options.configFile;
    if (typeof named === 'object') {
      // Only a regular file is read: a folder is no configuration, and a device could be endless.
      const type = await this.fileSystem.stat(named.file).catch(() => undefined);
      if (type === 'file') await this.readConfig(named.file);
      if (!this.configs.has(named.file)) {
        const why = type === 'directory' ? 'it is a folder' : 'no such file or not readable';
        this.setProblems(named.file, [{ file: named.file, message: `cannot read the configuration file: ${why}`, kind: 'error' }]);
      }
    }
  }

  /**
   * `iflow-auth fix flows/A flows/B` in a repository whose mapping file is at its top: the nearest
   * folder at or above the first path, up to the repository's top (the folder holding `.git`),
   * that holds the default mapping file is where the defaults apply — its mapping file is used
   * and merged into by fixes, its certificates are read — as the editor does for the workspace
   * folder, rather than a new mapping file in `flows/A`. Outside a repository nothing above the
   * first path is searched. A configuration file's `mappingFile` or `--mapping` wins.
   */
  private async discoverMappingFileAbove(): Promise<void> {
    this.mappingFolderAbove = undefined;
    const first = this.rootFolders.find((r) => !r.certificatesOnly);
    if (this.options.mappingScope !== 'first-root' || first === undefined) return;
    const exists = async (dir: string, name: string, type: 'file' | 'directory'): Promise<boolean> =>
      await this.fileSystem.stat(this.fileSystem.join(dir, name)).catch(() => undefined) === type;
    let found: string | undefined;
    for (let dir: string | undefined = first.folder; dir !== undefined; dir = parentOf(dir)) {
      if (found === undefined && await exists(dir, DEFAULT_MAPPING_FILE, 'file')) {
        if (dir === first.folder) return;
        found = dir;
      }
      if (await exists(dir, '.git', 'directory') || await exists(dir, '.git', 'file')) {
        this.mappingFolderAbove = found;
        return;
      }
    }
  }

  /** Reads a configuration file (or forgets it when it is gone); the settings it feeds are computed again. */
  private async readConfig(path: string): Promise<void> {
    const { text, error } = await this.readText(path, true);
    if (text === undefined && error === undefined) this.configs.delete(path);
    else this.configs.set(path, readConfigFile(text ?? '', path));
    this.invalidateSettings();
  }

  /**
   * Reads what a folder holds: iFlows, `.zip` exports and configuration files (configuration files
   * first: they decide the rest); certificate files are looked for by scanCertificates. A folder
   * that appeared later (`created`) is also searched for the certificate files its settings name.
   */
  private async scanFolder(folder: string, pending: Pending, certificatesOnly = this.isCertificatesOnly(folder), created = false): Promise<void> {
    // load()'s search of a root also lists the certificate files: their own search would walk the
    // folder again (scanCertificates takes them from this listing when the settings' globs allow).
    const listCertificates = this.certificateListings !== undefined && !certificatesOnly && !created;
    const patterns = certificatesOnly ? [...DEFAULT_CERTIFICATE_GLOBS]
      : created ? ['**/*'] : ['**/*.iflw', '**/*.zip', `**/${CONFIG_FILE_NAME}`, ...COMPANION_SUFFIXES.map((s) => `**${s}`), ...(listCertificates ? CERTIFICATE_SEARCH : [])];
    const found = await this.fileSystem.findFiles(folder, patterns);
    for (const p of found.problems) this.setProblems(p.file, [{ ...p, kind: 'error' }]);
    if (listCertificates) this.certificateListings?.set(folder, found.files.filter(isCertificatePath));
    const files = listCertificates ? found.files.filter((f) => !isCertificatePath(f)) : found.files;
    // The search says which manifests and parameters.prop exist: the others are not asked for.
    this.listing = { folder, files: new Set(files) };
    this.startReadingAhead(files.filter((f) => isIFlowOrExport(f) || baseNameOf(f) === CONFIG_FILE_NAME || exportRootOfCompanion(f) !== undefined || (created && this.isCertificateFile(f))));
    try {
      const configs = files.filter((f) => baseNameOf(f) === CONFIG_FILE_NAME);
      for (const f of configs) {
        await this.readConfig(f);
        pending.configs.add(f);
      }
      const progress = this.loading;
      if (progress && !certificatesOnly) progress.found += files.filter(isIFlowOrExport).length;
      for (const file of files) {
        if (configs.includes(file) || exportRootOfCompanion(file)) continue;
        await this.addFile(file, pending, { certificatesOnly });
        if (progress && !certificatesOnly && isIFlowOrExport(file)) {
          progress.read++;
          progress.report({ found: progress.found, read: progress.read });
        }
        await this.readAhead?.turn();
      }
    } finally {
      this.listing = undefined;
      this.stopReadingAhead();
    }
  }

  /**
   * Starts reading files in the order they will be used, as many at a time as the port says are
   * worth it: a port whose every read is a round trip (the editor's) would otherwise wait for each
   * in turn, and the files read are parsed while the next ones are on their way. The next read of
   * each path takes the bytes (or the error).
   */
  private startReadingAhead(paths: readonly string[]): void {
    const atOnce = this.fileSystem.readsAtOnce ?? 1;
    if (atOnce <= 1) return;
    this.readAhead = new ReadAhead(paths, (path) => this.fileSystem.readBytes(path), atOnce, (path) => this.fileSystem.openText?.(path) !== undefined);
  }

  private stopReadingAhead(): void {
    this.readAhead?.stop();
    this.readAhead = undefined;
  }

  /** A file's bytes: read ahead, known to be absent (not found by the folder's search), or read now. */
  private bytesOf(path: string): Promise<Uint8Array | undefined> {
    const ahead = this.readAhead?.take(path);
    if (ahead) return ahead;
    if (this.listing && exportRootOfCompanion(path) !== undefined && isUnder(path, this.listing.folder) && !this.listing.files.has(path)) return Promise.resolve(undefined);
    return this.fileSystem.readBytes(path);
  }

  /** The settings of each root folder and each configuration file's folder: every settings a file can have. */
  private distinctSettings(): EffectiveSettings[] {
    return [
      ...this.rootFolders.filter((r) => !r.certificatesOnly).map((r) => this.settingsOfFolder(r.folder)),
      ...[...this.configs.values()].map((c) => this.settingsOfFolder(c.folder)),
    ];
  }

  /** Where certificate files are: each root's and each configuration file's globs, relative to their folder. */
  private scopesOfCertificates(): Array<{ base: string; globs: string[]; match: Matcher }> {
    if (!this.certificateScopes) {
      const scopes = new Map<string, { base: string; globs: string[]; match: Matcher }>();
      const add = (base: string, value: string[]): void => {
        const key = `${base}\u0000${value.join('\u0000')}`;
        if (!scopes.has(key)) scopes.set(key, { base, globs: value, match: pathMatcher(value) });
      };
      for (const s of this.distinctSettings()) add(s.certificates.base, s.certificates.value);
      // The CLI's paths share the first one's settings, whose globs are relative to its folder (or
      // its configuration file's): a path beside it (`lint Orders certificates`) is searched with
      // the same globs from its own folder, or its certificates would resolve nothing.
      if (this.options.mappingScope === 'first-root') {
        for (const r of this.rootFolders) {
          if (r.certificatesOnly || r.file !== undefined) continue;
          const { base, value } = this.settingsOfFolder(r.folder).certificates;
          if (!isUnder(r.folder, base)) add(r.folder, value);
        }
      }
      this.certificateScopes = [...scopes.values()];
    }
    return this.certificateScopes;
  }

  /** Reads the PEM roots each trustedRoots setting names (rule contexts are built without waiting). */
  private async readTrustStores(): Promise<void> {
    for (const settings of this.distinctSettings()) {
      const key = trustKey(settings);
      if (!this.trustStores.has(key)) this.trustStores.set(key, await this.readTrustStore(settings));
    }
  }

  /**
   * The trust store of a trustedRoots setting: named sets, and PEM files or folders. A path that
   * cannot be read, or holds no certificate, is an error: its roots would silently not be trusted.
   */
  private async readTrustStore(settings: EffectiveSettings): Promise<TrustStore> {
    const { value, base } = settings.trustedRoots;
    const label = this.options.flags?.values.trustedRoots !== undefined ? '--trusted-roots' : 'trustedRoots';
    const files: Array<{ path: string; certificates: CertificateInfo[] }> = [];
    for (const p of parseTrustedRootsSetting(value).paths) {
      const path = isAbsolutePath(p) || base === '' ? p : this.fileSystem.join(base, p);
      const problems: ProjectProblem[] = [];
      const certificates: CertificateInfo[] = [];
      const read = async (file: string): Promise<void> => {
        try {
          const bytes = await this.fileSystem.readBytes(file);
          if (bytes) certificates.push(...decodeCertificates(bytes, { file, kind: 'file' }).certificates);
        } catch (e) {
          problems.push({ file, message: `${label}: cannot read: ${(e as Error).message}`, kind: 'error' });
        }
      };
      try {
        const type = await this.fileSystem.stat(path);
        if (type === undefined) problems.push({ file: path, message: `${label}: no such file or directory`, kind: 'error' });
        else if (type === 'file') await read(path);
        else {
          const found = await this.fileSystem.findFiles(path, DEFAULT_CERTIFICATE_GLOBS);
          problems.push(...found.problems.map((f) => ({ ...f, message: `${label}: ${f.message}`, kind: 'error' as const })));
          for (const file of found.files) await read(file);
        }
      } catch (e) {
        problems.push({ file: path, message: `${label}: ${(e as Error).message}`, kind: 'error' });
      }
      if (problems.length === 0 && certificates.length === 0) problems.push({ file: path, message: `${label}: no certificate found (expected PEM or DER root certificates)`, kind: 'error' });
      this.setProblems(`${label}\u0000${path}`, problems);
      files.push({ path: p, certificates });
    }
    return TrustStore.fromSetting(value, files);
  }

  /**
   * Reads the certificate files the settings name that are not read yet, and forgets those no
   * longer named (after a configuration file changed its globs).
   */
  private async scanCertificates(pending: Pending): Promise<void> {
    for (const scope of this.scopesOfCertificates()) {
      const found = this.listedCertificates(scope) ?? await this.fileSystem.findFiles(scope.base, scope.globs);
      for (const p of found.problems) this.setProblems(p.file, [{ ...p, kind: 'error' }]);
      const unread = found.files.filter((f) => !this.certificates.has(f));
      this.startReadingAhead(unread);
      try {
        for (const file of unread) {
          await this.readCertificateFile(file, pending);
          await this.readAhead?.turn();
        }
      } finally {
        this.stopReadingAhead();
      }
    }
    for (const path of [...this.certificates.keys()]) {
      if (!path.includes('!/') && !this.isCertificateFile(path)) {
        this.setCertificates(path, undefined, pending);
        this.problemsBySource.delete(path);
      }
    }
  }

  /** A scope's certificate files from load()'s search of the root folder holding it, when that listing has every file its globs can match. */
  private listedCertificates(scope: { base: string; globs: string[]; match: Matcher }): FoundFiles | undefined {
    // Only exclusions match every other file (not only certificates): searched as written.
    if (!this.certificateListings || !scope.globs.some((g) => !g.startsWith('!')) || !scope.globs.every(listedByFolderSearch)) return undefined;
    for (const [folder, files] of this.certificateListings) {
      if (!isUnder(scope.base, folder)) continue;
      return {
        files: files.filter((f) => {
          const relative = relativePath(scope.base, f);
          return relative !== undefined && relative !== '' && !relative.startsWith('../') && scope.match(relative);
        }),
        problems: [],
      };
    }
    return undefined;
  }

  private isCertificatesOnly(path: string): boolean {
    const lintRoot = this.rootFolders.some((r) => !r.certificatesOnly && (r.file === path || (r.file === undefined && isUnder(path, r.folder))));
    return !lintRoot && this.rootFolders.some((r) => r.certificatesOnly && (r.file === path || isUnder(path, r.folder)));
  }

  /** A file found in a root (or named as one): read it as what it is. */
  private async addFile(path: string, pending: Pending, how: { explicit?: boolean; certificatesOnly?: boolean } = {}): Promise<void> {
    const lower = path.toLowerCase();
    if (how.certificatesOnly) {
      if (isCertificatePath(path)) await this.readCertificateFile(path, pending);
    } else if (lower.endsWith('.iflw')) {
      await this.readIFlow(path, pending);
    } else if (lower.endsWith('.zip')) {
      await this.readArchive(path, pending);
    } else if (baseNameOf(path) === CONFIG_FILE_NAME) {
      await this.readConfig(path);
      pending.configs.add(path);
    } else if (this.isCertificateFile(path)) {
      await this.readCertificateFile(path, pending);
    } else if (how.explicit) {
      await this.readIFlow(path, pending);
    }
  }

  // ---- reading ------------------------------------------------------------------------------

  /** Text of a file: an open editor's, else the disk's. `lenient`: not UTF-8 is read as windows-1252. */
  private async readText(path: string, lenient = false): Promise<{ text?: string; error?: string }> {
    this.reread.add(path);
    const open = this.fileSystem.openText?.(path);
    if (open !== undefined) return { text: open };
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.bytesOf(path);
    } catch (e) {
      return { error: `cannot read: ${(e as Error).message}` };
    }
    if (bytes === undefined) return {};
    const decoded = decodeText(bytes, lenient ? { latin1Fallback: true, rejectNul: false } : {});
    return decoded.error !== undefined ? { error: decoded.error } : { text: decoded.text };
  }

  private setProblems(source: string, problems: ProjectProblem[]): void {
    if (problems.length === 0) this.problemsBySource.delete(source);
    else this.problemsBySource.set(source, problems);
  }

  private async readIFlow(path: string, pending: Pending): Promise<void> {
    const { text, error } = await this.readText(path);
    this.setProblems(path, error ? [{ file: path, message: error, kind: 'error' }] : []);
    if (text === undefined) {
      if (this.iflows.has(path)) this.removeIFlow(path, pending);
      return;
    }
    const exportRoot = exportRootOf(path);
    const companions = exportRoot === undefined ? {} : await this.companionsOf(exportRoot);
    this.setIFlow(path, { doc: parseIFlow(text, path, companions), exportRoot }, pending);
  }

  private setIFlow(path: string, record: IFlowRecord, pending: Pending): void {
    this.unlinkFromGraph(path);
    this.iflows.set(path, record);
    this.linkIntoGraph(path, record);
    pending.iflows.add(path);
    pending.removed.delete(path);
  }

  private removeIFlow(path: string, pending: Pending): void {
    this.unlinkFromGraph(path);
    this.iflows.delete(path);
    pending.removed.add(path);
    pending.iflows.delete(path);
  }

  private companionsOf(root: string): Promise<Companions> {
    let pending = this.companions.get(root);
    if (!pending) {
      pending = (async () => {
        const [manifest, parametersText] = await Promise.all([
          this.readText(manifestPathOf(root), true),
          this.readText(parametersPathOf(root), true),
        ]);
        return {
          manifest: manifest.text,
          parametersText: parametersText.text,
          parameters: parametersText.text === undefined ? undefined : parseParameters(parametersText.text, parametersPathOf(root)),
        };
      })();
      this.companions.set(root, pending);
    }
    return pending;
  }

  private async readArchive(path: string, pending: Pending): Promise<void> {
    this.removeArchive(path, pending);
    let bytes: Uint8Array | undefined;
    this.reread.add(path);
    try {
      bytes = await this.bytesOf(path);
    } catch (e) {
      this.setProblems(path, [{ file: path, message: `cannot read: ${(e as Error).message}`, kind: 'error' }]);
      return;
    }
    if (bytes === undefined) return;
    const { readIFlowArchive } = await loadArchiveReader();
    const archive = readIFlowArchive(bytes, path);
    const problems: ProjectProblem[] = [
      ...archive.notes.map((n) => ({ ...n, kind: 'note' as const })),
      ...archive.errors.map((e) => ({ ...e, kind: 'error' as const })),
    ];
    for (const a of archive.iflows) {
      const doc = parseIFlow(a.text, a.file, {
        manifest: a.manifest,
        parameters: a.parameters === undefined ? undefined : parseParameters(a.parameters, a.parametersFile),
      });
      this.setIFlow(a.file, { doc, archive: path }, pending);
    }
    for (const c of archive.certificates) {
      const decoded = decodeCertificates(c.bytes, { file: c.file, kind: 'file' });
      const note = noCertificateNote(c.file, decoded);
      if (note) problems.push(note);
      this.setCertificates(c.file, decoded, pending);
    }
    this.setProblems(path, problems);
    this.archives.set(path, { iflows: archive.iflows.map((a) => a.file), certificates: archive.certificates.map((c) => c.file) });
  }

  private removeArchive(path: string, pending: Pending): void {
    const old = this.archives.get(path);
    if (!old) return;
    for (const f of old.iflows) this.removeIFlow(f, pending);
    for (const f of old.certificates) this.setCertificates(f, undefined, pending);
    this.archives.delete(path);
  }

  private async readCertificateFile(path: string, pending: Pending): Promise<void> {
    this.reread.add(path);
    let bytes: Uint8Array | undefined;
    let problem: ProjectProblem | undefined;
    try {
      const open = this.fileSystem.openText?.(path);
      bytes = open !== undefined ? new TextEncoder().encode(open) : await this.bytesOf(path);
    } catch (e) {
      problem = { file: path, message: `cannot read: ${(e as Error).message}`, kind: 'error' };
    }
    const decoded = bytes === undefined ? undefined : decodeCertificates(bytes, { file: path, kind: 'file' });
    if (decoded) problem = noCertificateNote(path, decoded);
    this.setProblems(path, problem ? [problem] : []);
    this.setCertificates(path, decoded, pending);
  }

  /**
   * The certificates of a file the user picked (*Import Certificate…*, *Renew Certificate…*),
   * read through the port as the project reads its own, but not added to the project: nothing of
   * it counts until it is imported. `error`: it could not be read at all.
   */
  async readCertificatesOf(path: string): Promise<{ decoded?: DecodedCertificates; error?: string }> {
    try {
      const bytes = await this.fileSystem.readBytes(path);
      if (bytes === undefined) return { error: 'no such file' };
      return { decoded: decodeCertificates(bytes, { file: path, kind: 'file' }) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  /** Replaces a file's certificates; the entries matching the old or the new ones are re-linted. */
  private setCertificates(path: string, decoded: DecodedCertificates | undefined, pending: Pending): void {
    const old = this.certificates.get(path);
    if (!old && !decoded) return;
    for (const c of [...(old?.certificates ?? []), ...(decoded?.certificates ?? [])]) {
      pending.entryKeys.add(pairKey(c.subjectKey, c.issuerKey));
      pending.subjectKeys.add(c.subjectKey);
    }
    if (decoded) this.certificates.set(path, decoded);
    else this.certificates.delete(path);
    this.fileIndex = undefined;
    pending.certificatesChanged = true;
  }

  private async readMapping(path: string, pending: Pending): Promise<void> {
    const { text, error } = await this.readText(path, true);
    const next: MappingFile | null = error !== undefined
      ? { file: path, text: '', entries: [], error: { message: `cannot be read: ${error}`, range: { start: 0, end: 0 } }, problems: [] }
      : text === undefined ? null : readMappingFile(text, path);
    const old = this.mappings.get(path) ?? null;
    this.mappings.set(path, next);
    pending.mappings.add(path);
    if ((old === null) !== (next === null) || Boolean(old?.error) !== Boolean(next?.error)) {
      pending.mappingUsers.add(path);
      return;
    }
    // Same validity: what changed is which roles are mapped and which certificates it holds.
    const roles = (m: MappingFile | null): Set<string> => new Set(m?.entries.flatMap((e) => e.roles) ?? []);
    const before = roles(old);
    const after = roles(next);
    for (const r of before) if (!after.has(r)) pending.roles.add(r);
    for (const r of after) if (!before.has(r)) pending.roles.add(r);
    const certs = (m: MappingFile | null): Map<string, CertificateInfo> => new Map((m?.entries ?? []).flatMap((e) => (e.decoded ? [[`${e.decoded.sha256}`, e.decoded] as const] : [])));
    const a = certs(old);
    const b = certs(next);
    for (const [sha, c] of [...a, ...b]) {
      if (a.has(sha) && b.has(sha)) continue;
      pending.entryKeys.add(pairKey(c.subjectKey, c.issuerKey));
      pending.subjectKeys.add(c.subjectKey);
    }
  }

  // ---- changes ------------------------------------------------------------------------------

  private inLintRoot(path: string): boolean {
    return this.rootFolders.some((r) => !r.certificatesOnly && (r.file === undefined ? isUnder(path, r.folder) : r.file === path));
  }

  private async applyChange(path: string, pending: Pending): Promise<void> {
    const lower = path.toLowerCase();
    if (this.mappings.has(path)) {
      await this.readMapping(path, pending);
    } else if (baseNameOf(path) === CONFIG_FILE_NAME) {
      await this.readConfig(path);
      pending.configs.add(path);
      pending.settingsUnder.add(parentOf(path) ?? path);
    } else if (this.iflows.has(path) || (lower.endsWith('.iflw') && this.inLintRoot(path))) {
      await this.readIFlow(path, pending);
    } else if (this.archives.has(path) || (lower.endsWith('.zip') && this.inLintRoot(path))) {
      await this.readArchive(path, pending);
    } else if (exportRootOfCompanion(path) !== undefined && this.companions.has(exportRootOfCompanion(path)!)) {
      await this.reparseExport(exportRootOfCompanion(path)!, pending);
    } else if (this.certificates.has(path) || this.isCertificateFile(path)) {
      await this.readCertificateFile(path, pending);
    } else {
      const type = await this.fileSystem.stat(path).catch(() => undefined);
      if (type === 'directory') {
        await this.scanFolder(path, pending, undefined, true);
        pending.scanned.add(path);
      }
      else if (type === undefined) this.removeUnder(path, pending);
    }
  }

  /** parameters.prop or the manifest changed: the export's iFlows are parsed again (their text is kept). */
  private async reparseExport(root: string, pending: Pending): Promise<void> {
    this.companions.delete(root);
    const companions = await this.companionsOf(root);
    for (const [path, record] of this.iflows) {
      if (record.exportRoot !== root) continue;
      this.setIFlow(path, { ...record, keys: undefined, doc: parseIFlow(record.doc.text, path, companions) }, pending);
    }
  }

  /** A folder is gone: everything read from below it is forgotten. */
  private removeUnder(folder: string, pending: Pending): void {
    for (const path of [...this.archives.keys()]) if (isUnder(path, folder)) this.removeArchive(path, pending);
    for (const path of [...this.iflows.keys()]) if (isUnder(path, folder)) this.removeIFlow(path, pending);
    for (const path of [...this.certificates.keys()]) if (isUnder(path, folder)) this.setCertificates(path, undefined, pending);
    for (const root of [...this.companions.keys()]) if (isUnder(root, folder)) this.companions.delete(root);
    for (const path of [...this.problemsBySource.keys()]) if (isUnder(path, folder)) this.problemsBySource.delete(path);
    for (const path of [...this.mappings.keys()]) {
      if (isUnder(path, folder) && this.mappings.get(path) !== null) {
        this.mappings.set(path, null);
        pending.mappings.add(path);
        pending.mappingUsers.add(path);
      }
    }
    for (const path of [...this.configs.keys()]) {
      if (isUnder(path, folder)) {
        this.configs.delete(path);
        this.invalidateSettings();
        pending.configs.add(path);
        pending.settingsUnder.add(parentOf(path) ?? path);
      }
    }
  }

  // ---- the dependency graph -----------------------------------------------------------------

  private keysOf(record: IFlowRecord): IFlowKeys {
    if (record.keys) return record.keys;
    const keys: IFlowKeys = { entries: [], issuers: [], roles: [] };
    for (const channel of record.doc.channels) {
      const role = channel.role?.trim();
      if (role) keys.roles.push(role);
      for (const entry of channel.certificates) {
        const issuer = normalizeDN(resolveParameters(entry.issuerDN.value, record.doc.parameters).value);
        const subject = normalizeDN(resolveParameters(entry.subjectDN.value, record.doc.parameters).value);
        keys.entries.push(pairKey(subject, issuer));
        keys.issuers.push(issuer);
      }
    }
    record.keys = keys;
    return keys;
  }

  private ensureGraph(): NonNullable<Project['graph']> {
    if (!this.graph) {
      this.graph = { entries: new Map(), issuers: new Map(), roles: new Map() };
      for (const [path, record] of this.iflows) this.linkIntoGraph(path, record);
    }
    return this.graph;
  }

  private linkIntoGraph(path: string, record: IFlowRecord): void {
    if (!this.graph) return;
    const keys = this.keysOf(record);
    const add = (map: Map<string, Set<string>>, key: string): void => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(path);
    };
    for (const k of keys.entries) add(this.graph.entries, k);
    for (const k of keys.issuers) add(this.graph.issuers, k);
    for (const k of keys.roles) add(this.graph.roles, k);
  }

  private unlinkFromGraph(path: string): void {
    const record = this.iflows.get(path);
    if (!this.graph || !record?.keys) return;
    for (const k of record.keys.entries) this.graph.entries.get(k)?.delete(path);
    for (const k of record.keys.issuers) this.graph.issuers.get(k)?.delete(path);
    for (const k of record.keys.roles) this.graph.roles.get(k)?.delete(path);
  }

  // ---- linting ------------------------------------------------------------------------------

  private relintAll(): void {
    this.now = this.clock();
    this.contexts.clear();
    this.ownFindings.clear();
    for (const [path, record] of this.iflows) this.ownFindings.set(path, lintIFlow(record.doc, this.ruleContextFor(path)));
    for (const [path, mapping] of this.mappings) if (mapping) this.ownFindings.set(path, lintMapping(mapping, this.ruleContextFor(path)));
    this.workspaceFindings = this.lintWorkspaceWide();
    this.findingsByFile.clear();
    this.exempted.clear();
    this.publish(new Set([...this.ownFindings.keys(), ...this.workspaceFindings.keys()]), new Set(this.configs.keys()));
  }

  /**
   * Sets what a host shows of the touched files: their own and the workspace-wide findings, those
   * an exemption of the file's configuration file covers marked `suppressed`; then lints the
   * configuration files given and those whose exemptions' use may have changed (unused-exemption
   * counts what they cover). Returns the files whose findings changed.
   */
  private publish(touched: ReadonlySet<string>, configs: Set<string>): string[] {
    const changed: string[] = [];
    const show = (path: string, findings: Finding[] | undefined): void => {
      const before = this.findingsByFile.get(path);
      if (findings === undefined) this.findingsByFile.delete(path);
      else this.findingsByFile.set(path, findings);
      if (!sameFindings(before, findings)) changed.push(path);
    };
    for (const path of touched) {
      if (configs.has(path)) continue;
      const raw = this.ownFindings.has(path) || this.workspaceFindings.has(path) ? this.mergedFindings(path) : undefined;
      const configPath = this.configFileOf(path);
      const config = configPath === undefined ? undefined : this.configs.get(configPath);
      this.exempted.delete(path);
      if (!config || config.exemptions.length === 0 || raw === undefined) {
        show(path, raw);
        continue;
      }
      configs.add(config.file);
      const outcome = applyExemptions(raw, config, this.now, { complete: true, linted: [] });
      this.exempted.set(path, outcome.matched);
      show(path, outcome.findings);
    }
    for (const path of configs) {
      const config = this.configs.get(path);
      show(path, config && this.isConfigInUse(path) ? lintConfig(config, { ...this.ruleContextFor(path), exemptions: this.exemptionUse(config), settingsWithoutConfigFile: this.settingsWithoutConfigFile() }) : undefined);
    }
    return changed;
  }

  /** What applies where no configuration file is used, as this surface has it (for the configuration file's messages). */
  private settingsWithoutConfigFile(): string {
    if (this.options.editorSettings) return "the editor's settings and the defaults";
    const flags = this.options.flags?.values ?? {};
    return Object.values(flags).some((v) => v !== undefined) ? 'the command-line options and the defaults' : 'the defaults';
  }

  /** Whether the run uses this configuration file (`--no-config` uses none, `--config` only its own): others are not judged. */
  private isConfigInUse(path: string): boolean {
    const named = this.options.configFile;
    return named === undefined || named === 'nearest' || (typeof named === 'object' && named.file === path);
  }

  /** How many findings each exemption of a configuration file covers, and whether this run can tell it is unused. */
  private exemptionUse(config: ConfigFile): RuleContext['exemptions'] {
    const matched = new Map<number, number>(config.exemptions.map((e) => [e.index, 0]));
    for (const [file, counts] of this.exempted) {
      if (this.configFileOf(file) !== config.file) continue;
      for (const [index, n] of counts) matched.set(index, (matched.get(index) ?? 0) + n);
    }
    return { matched, judged: applyExemptions([], config, this.now, this.exemptionScope(config)).judged };
  }

  /**
   * What the run saw of a configuration file's files: all of them when a linted folder holds its
   * folder (the editor's workspace, a CLI run over the repository); else the iFlows and mapping
   * files it linted there (an exemption naming another iFlow is then not called unused).
   */
  private exemptionScope(config: ConfigFile): ExemptionScope {
    if (this.rootFolders.some((r) => !r.certificatesOnly && r.file === undefined && isUnder(config.folder, r.folder))) return { complete: true, linted: [] };
    const governed = (file: string): boolean => this.configFileOf(file) === config.file;
    return {
      complete: false,
      linted: [
        ...[...this.iflows].filter(([file]) => governed(file)).map(([file, r]) => ({ file, iflowId: r.doc.iflowId, iflowName: r.doc.iflowName })),
        ...this.mappingFiles().filter((m) => governed(m.file)).map((m) => ({ file: m.file })),
      ],
    };
  }

  /**
   * The workspace-wide rules over every iFlow, by file. Each file keeps the findings judged with
   * its own settings: the rules run once per distinct rule context (usually one).
   */
  private lintWorkspaceWide(): Map<string, Finding[]> {
    const byContext = new Map<RuleContext, Set<string>>();
    for (const path of this.iflows.keys()) {
      const ctx = this.ruleContextFor(path);
      let files = byContext.get(ctx);
      if (!files) byContext.set(ctx, (files = new Set()));
      files.add(path);
    }
    const docs = this.documents();
    const out = new Map<string, Finding[]>();
    for (const [ctx, files] of byContext) {
      for (const f of lintWorkspace(docs, ctx)) {
        if (!files.has(f.file)) continue;
        let list = out.get(f.file);
        if (!list) out.set(f.file, (list = []));
        list.push(f);
      }
    }
    return out;
  }

  /** A file's own findings and those the workspace-wide rules put in it, in source order. */
  private mergedFindings(path: string): Finding[] {
    const own = this.ownFindings.get(path) ?? [];
    const wide = this.workspaceFindings.get(path);
    return wide ? [...own, ...wide].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end) : own;
  }

  private async relint(pending: Pending): Promise<ProjectUpdate> {
    this.now = this.clock();
    this.contexts.clear();
    await this.readTrustStores();
    const targets = new Set(pending.iflows);
    if (pending.settingsUnder.size > 0) {
      for (const path of this.iflows.keys()) if ([...pending.settingsUnder].some((f) => isUnder(path, f))) targets.add(path);
      // Settings may name other certificate files and another mapping file: read them.
      await this.scanCertificates(pending);
      for (const path of this.wantedMappingPaths()) if (!this.mappings.has(path)) await this.readMapping(path, pending);
    }
    if (pending.entryKeys.size > 0 || pending.subjectKeys.size > 0 || pending.roles.size > 0) {
      const graph = this.ensureGraph();
      for (const k of pending.entryKeys) for (const p of graph.entries.get(k) ?? []) targets.add(p);
      for (const k of pending.subjectKeys) for (const p of graph.issuers.get(k) ?? []) targets.add(p);
      for (const r of pending.roles) for (const p of graph.roles.get(r) ?? []) targets.add(p);
    }
    if (pending.mappingUsers.size > 0) {
      for (const path of this.iflows.keys()) if (pending.mappingUsers.has(this.mappingPathFor(path))) targets.add(path);
    }
    const mappings = new Set(pending.mappings);
    if (pending.certificatesChanged || pending.settingsUnder.size > 0) for (const path of this.mappings.keys()) mappings.add(path);

    const touched = new Set<string>(pending.removed);
    const relinted: string[] = [];
    for (const path of pending.removed) this.ownFindings.delete(path);
    for (const path of targets) {
      const record = this.iflows.get(path);
      if (!record) continue;
      relinted.push(path);
      touched.add(path);
      this.ownFindings.set(path, lintIFlow(record.doc, this.ruleContextFor(path)));
    }
    for (const path of mappings) {
      const mapping = this.mappings.get(path);
      touched.add(path);
      if (mapping) {
        relinted.push(path);
        this.ownFindings.set(path, lintMapping(mapping, this.ruleContextFor(path)));
      } else {
        this.ownFindings.delete(path);
      }
    }
    for (const path of pending.configs) if (this.configs.has(path)) relinted.push(path);
    // Any iFlow changed: the workspace-wide rules run again over all (a change in one file can
    // add or clear a finding in another).
    if (relinted.some((p) => this.iflows.has(p)) || pending.removed.size > 0) {
      const next = this.lintWorkspaceWide();
      for (const path of new Set([...this.workspaceFindings.keys(), ...next.keys()])) {
        if (!sameFindings(this.workspaceFindings.get(path), next.get(path))) touched.add(path);
      }
      this.workspaceFindings = next;
    }
    const changed = this.publish(touched, new Set(pending.configs));
    return { changed: changed.sort(comparePaths), relinted: relinted.sort(comparePaths), reread: [...this.reread].sort(comparePaths) };
  }

  // ---- settings and scope -------------------------------------------------------------------

  /** The root folder a file belongs to: its settings and its mapping file are that folder's. */
  scopeOf(file: string): string {
    const first = this.rootFolders.find((r) => !r.certificatesOnly) ?? this.rootFolders[0];
    if (this.options.mappingScope === 'first-root') return this.mappingFolderAbove ?? first?.folder ?? parentOf(file) ?? file;
    let best: string | undefined;
    for (const r of this.rootFolders) {
      if (r.certificatesOnly || !isUnder(file, r.folder)) continue;
      if (best === undefined || r.folder.length > best.length) best = r.folder;
    }
    return best ?? first?.folder ?? parentOf(file) ?? file;
  }

  /** The nearest configuration file in the file's folder or its ancestors. */
  configFileOf(file: string): string | undefined {
    const named = this.options.configFile;
    if (named === 'none') return undefined;
    if (typeof named === 'object') return named.file;
    const start = parentOf(file.split('!/')[0]);
    const visited: string[] = [];
    let found: string | undefined;
    for (let dir = start; dir !== undefined; dir = parentOf(dir)) {
      const cached = this.configOfFolder.get(dir);
      if (cached !== undefined) {
        found = cached ?? undefined;
        break;
      }
      visited.push(dir);
      const candidate = this.configsByFolder().get(dir);
      if (candidate !== undefined) {
        found = candidate;
        break;
      }
    }
    for (const dir of visited) this.configOfFolder.set(dir, found ?? null);
    return found;
  }

  private configsByFolder(): Map<string, string> {
    if (!this.configFolders) {
      this.configFolders = new Map();
      for (const path of this.configs.keys()) {
        const folder = parentOf(path);
        if (folder !== undefined) this.configFolders.set(folder, path);
      }
    }
    return this.configFolders;
  }

  /**
   * The settings a file is judged by: the command line's flags over the nearest configuration
   * file over the editor's settings of its root folder over the defaults. Without a file: the
   * first root folder's (so for mappingPathFor, ruleContextFor and mappingFor).
   */
  settingsFor(file = this.firstRootFile()): EffectiveSettings {
    const key = this.settingsKeyOf(file);
    let settings = this.settingsCache.get(key);
    if (!settings) {
      const scope = this.scopeOf(file);
      const configPath = this.configFileOf(file);
      const editor = this.options.editorSettings?.(scope);
      settings = effectiveSettings({
        flags: this.options.flags,
        configFile: configPath === undefined ? undefined : this.configs.get(configPath),
        editor: editor === undefined ? undefined : { values: editor, base: scope },
        root: scope,
      });
      this.settingsCache.set(key, settings);
    }
    return settings;
  }

  /** A path directly in `folder`: what the folder's own settings are looked up by. */
  private fileIn(folder: string): string {
    return this.fileSystem.join(folder, CONFIG_FILE_NAME);
  }

  /**
   * What a query without a file is about: the first root folder's own files (the editor's first
   * workspace folder, where a command without a file acts).
   */
  private firstRootFile(): string {
    const folder = this.lintRoots()[0] ?? this.options.roots[0]?.path;
    return folder === undefined ? '' : this.fileIn(folder);
  }

  /** What decides a file's settings: its root folder and its configuration file (kept per file: every lint asks). */
  private settingsKeyOf(file: string): string {
    let key = this.settingsKeys.get(file);
    if (key === undefined) {
      key = `${this.scopeOf(file)}\u0000${this.configFileOf(file) ?? ''}`;
      this.settingsKeys.set(file, key);
    }
    return key;
  }

  /** Whether a path is a certificate file: named by the certificate globs of some settings (relative to their folder). */
  isCertificateFile(path: string): boolean {
    if (this.isCertificatesOnly(path)) return isCertificatePath(path);
    return this.scopesOfCertificates().some((scope) => {
      const relative = relativePath(scope.base, path);
      return relative !== undefined && relative !== '' && !relative.startsWith('../') && scope.match(relative);
    });
  }

  /** The mapping file of a root folder's own files (it may not exist). */
  mappingPathOfFolder(folder: string): string {
    return this.mappingPathFor(this.fileIn(folder));
  }

  /** The settings of a root folder's own files. */
  settingsOfFolder(folder: string): EffectiveSettings {
    return this.settingsFor(this.fileIn(folder));
  }

  /**
   * Whether a change of this path can change anything the project holds: a host filters its
   * many file events with it (a created or deleted folder is always worth an update).
   */
  isRelevant(path: string): boolean {
    if (this.mappings.has(path) || this.iflows.has(path) || this.archives.has(path) || this.certificates.has(path)) return true;
    if (baseNameOf(path) === CONFIG_FILE_NAME) return true;
    const lower = path.toLowerCase();
    if ((lower.endsWith('.iflw') || lower.endsWith('.zip')) && this.inLintRoot(path)) return true;
    const root = exportRootOfCompanion(path);
    if (root !== undefined && this.companions.has(root)) return true;
    return this.isCertificateFile(path);
  }

  /** The folders linted (workspace folders, the CLI's folders and files' folders). */
  lintRoots(): string[] {
    return this.rootFolders.filter((r) => !r.certificatesOnly).map((r) => r.folder);
  }

  /** The mapping file a file is judged with (it may not exist). */
  mappingPathFor(file = this.firstRootFile()): string {
    const key = this.settingsKeyOf(file);
    let path = this.mappingPaths.get(key);
    if (path === undefined) {
      const { value, base } = this.settingsFor(file).mappingFile;
      path = isAbsolutePath(value) || base === '' ? value : this.fileSystem.join(base, value);
      this.mappingPaths.set(key, path);
    }
    return path;
  }

  private wantedMappingPaths(): string[] {
    const wanted = new Set<string>();
    for (const r of this.rootFolders) if (!r.certificatesOnly) wanted.add(this.mappingPathFor(r.file ?? this.fileIn(r.folder)));
    for (const path of this.iflows.keys()) wanted.add(this.mappingPathFor(path));
    return [...wanted];
  }

  private certificateIndex(): CertificateIndex {
    if (!this.fileIndex) {
      const index = new CertificateIndex();
      for (const decoded of this.certificates.values()) index.addDecoded(decoded);
      this.fileIndex = index;
    }
    return this.fileIndex;
  }

  /**
   * What the rules see when judging a file: its settings at this update's instant, the
   * certificate files with its mapping file's certificates, its mapping file.
   */
  ruleContextFor(file = this.firstRootFile()): RuleContext {
    // The settings decide the mapping file: they key the context.
    const key = this.settingsKeyOf(file);
    let ctx = this.contexts.get(key);
    if (!ctx) {
      const mappingPath = this.mappingPathFor(file);
      const settings = this.settingsFor(file);
      const trust = this.trustStores.get(trustKey(settings)) ?? TrustStore.fromSetting(settings.trustedRoots.value);
      ctx = createRuleContext(lintOptionsOf(settings, this.now), this.certificateIndex(), this.mappings.get(mappingPath) ?? undefined, { trust, signatures: this.signatures });
      this.contexts.set(key, ctx);
    }
    return ctx;
  }

  // ---- queries ------------------------------------------------------------------------------

  /** The iFlows, in the order they were found. */
  documents(): IFlowDocument[] {
    return [...this.iflows.values()].map((r) => r.doc);
  }

  document(file: string): IFlowDocument | undefined {
    return this.iflows.get(file)?.doc;
  }

  /** The `.zip` export an iFlow was read from (it is read-only); undefined for files on disk. */
  archiveOf(file: string): string | undefined {
    return this.iflows.get(file)?.archive;
  }

  /** The mapping file a file is judged with (a mapping file: itself), when it exists. */
  mappingFor(file = this.firstRootFile()): MappingFile | undefined {
    return this.mappings.get(file) ?? this.mappings.get(this.mappingPathFor(file)) ?? undefined;
  }

  /** The mapping files that exist. */
  mappingFiles(): MappingFile[] {
    return [...this.mappings.values()].filter((m): m is MappingFile => m !== null);
  }

  mappingFile(path: string): MappingFile | undefined {
    return this.mappings.get(path) ?? undefined;
  }

  /** A configuration file that was read. */
  configFile(path: string): ConfigFile | undefined {
    return this.configs.get(path);
  }

  /** The certificate files read (archive members included), by path. */
  certificateFiles(): ReadonlyMap<string, DecodedCertificates> {
    return this.certificates;
  }

  /** Files that could not be used, and notes. */
  problems(): ProjectProblem[] {
    return [...this.problemsBySource.values()].flat();
  }

  findings(file: string): Finding[] {
    return this.findingsByFile.get(file) ?? [];
  }

  /** Every file with findings (iFlows and mapping files). */
  findingsByFiles(): ReadonlyMap<string, Finding[]> {
    return this.findingsByFile;
  }

  allFindings(): Finding[] {
    return [...this.findingsByFile.values()].flat();
  }

  /** The text a file was read with: an iFlow, a mapping file, a manifest or parameters.prop. */
  textOf(file: string): string | undefined {
    return this.iflows.get(file)?.doc.text ?? this.mappings.get(file)?.text ?? this.configs.get(file)?.text;
  }

  /** What a run checked, by kind: the iFlows, the mapping files and the configuration files it judged. */
  checkedFiles(): CheckedFiles {
    return { iflows: this.iflows.size, mappingFiles: this.mappingFiles().length, configFiles: [...this.configs.keys()].filter((c) => this.isConfigInUse(c)).length };
  }

  /** The channels of every iFlow as `iflow-auth channels` prints them. */
  channelSummaries(): ChannelSummary[] {
    return [...this.iflows.keys()].flatMap((file) => this.channelSummariesOf(file));
  }

  /** The channels of one iFlow as `iflow-auth channels` prints them (none for a file that is no iFlow). */
  channelSummariesOf(file: string): ChannelSummary[] {
    const record = this.iflows.get(file);
    return record ? summarizeChannels(record.doc, this.ruleContextFor(file)) : [];
  }

  /** Mapped users holding the channel's role (none for a channel without one). */
  callersOf(file: string, channel: SenderChannel): Caller[] {
    const role = channel.role?.trim();
    const mapping = this.mappingFor(file);
    if (!role || !mapping || channel.authorization === 'none') return [];
    const ctx = this.ruleContextFor(file);
    return mapping.entries
      .filter((entry) => entry.roles.includes(role))
      .map((entry) => ({
        user: entry.user,
        mappingFile: mapping.file,
        index: entry.index,
        entry,
        certificate: entry.decoded
          ?? (entry.subjectDN && entry.issuerDN ? ctx.certificates.find(entry.subjectDN, entry.issuerDN).find((c) => c.source.kind !== 'mapping') : undefined),
      }));
  }

  /** The channels a mapped user's roles reach, in every iFlow using that mapping file. */
  channelsReachedBy(mappingFile: string, user: string): Array<{ doc: IFlowDocument; channel: SenderChannel }> {
    const mapping = this.mappings.get(mappingFile);
    const roles = new Set(mapping?.entries.filter((e) => e.user === user).flatMap((e) => e.roles) ?? []);
    const out: Array<{ doc: IFlowDocument; channel: SenderChannel }> = [];
    for (const [path, record] of this.iflows) {
      if (this.mappingPathFor(path) !== mappingFile) continue;
      for (const channel of record.doc.channels) {
        const role = channel.role?.trim();
        if (role && channel.authorization !== 'none' && roles.has(role)) out.push({ doc: record.doc, channel });
      }
    }
    return out;
  }

  /**
   * A channel's certificate entries, each with the certificate it resolves to, judged with the
   * iFlow's own settings and mapping file (in a multi-root workspace each folder's).
   */
  resolvedEntries(doc: IFlowDocument, channel: SenderChannel): EntryResolution[] {
    return this.ruleContextFor(doc.file).resolver.resolve(doc, channel);
  }

  /** The certificate entries of iFlows that a certificate file's certificates resolve. */
  entriesResolvedBy(certificateFile: string): EntryRef[] {
    const decoded = this.certificates.get(certificateFile);
    if (!decoded) return [];
    const graph = this.ensureGraph();
    const files = new Set<string>();
    for (const c of decoded.certificates) for (const p of graph.entries.get(pairKey(c.subjectKey, c.issuerKey)) ?? []) files.add(p);
    const out: EntryRef[] = [];
    for (const file of [...files].sort(comparePaths)) {
      const doc = this.iflows.get(file)!.doc;
      for (const channel of doc.channels) {
        for (const r of this.resolvedEntries(doc, channel)) {
          if (r.matches.some((c) => c.source.file === certificateFile)) out.push({ file, channelId: channel.id, index: r.entry.index });
        }
      }
    }
    return out;
  }

  /**
   * What judging the tenant's log lines needs: every channel with its endpoint and resolved
   * certificate entries, and the first root's mapping file with the certificates it sees.
   */
  logContext(): LogWorkspaceInput {
    const endpoints = [...this.iflows].flatMap(([path, record]) => logEndpointsOf([record.doc], this.ruleContextFor(path).resolver));
    const first = this.lintRoots()[0];
    const mappingPath = first === undefined ? undefined : this.mappingPathOfFolder(first);
    const ctx = mappingPath === undefined ? undefined : this.ruleContextFor(mappingPath);
    return { endpoints, mapping: ctx?.mapping, certificates: ctx?.certificates ?? this.certificateIndex(), trust: ctx?.chains.trust };
  }

  /** The iFlows whose export a parameters.prop (or manifest) belongs to. */
  iflowsOfCompanion(path: string): string[] {
    const root = exportRootOfCompanion(path);
    return root === undefined ? [] : [...this.iflows].filter(([, r]) => r.exportRoot === root).map(([p]) => p);
  }

  // ---- fixes --------------------------------------------------------------------------------

  /** The roles the other iFlows' channels use (tenant users may hold them already). */
  private rolesUsedBesides(file: string): Set<string> {
    const roles = new Set<string>();
    for (const [role, files] of this.ensureGraph().roles) if (files.size > (files.has(file) ? 1 : 0)) roles.add(role);
    return roles;
  }

  /** What a fix of this iFlow needs to know: its settings, its mapping file, its parameters.prop. */
  async fixSettingsFor(file: string): Promise<FixSettings> {
    const root = this.iflows.get(file)?.exportRoot;
    const companions = root === undefined ? undefined : await this.companionsOf(root);
    return {
      flowRole: this.settingsFor(file).flowRole,
      mappingFile: this.mappingPathFor(file),
      rolesInUse: this.rolesUsedBesides(file),
      parametersFileOf: () => (root === undefined ? undefined : parametersPathOf(root)),
      parametersText: () => companions?.parametersText,
    };
  }

  /** The fixes of a finding, the preferred first; none inside a `.zip` export. */
  async fixesFor(finding: Finding): Promise<FixPlan[]> {
    const record = this.iflows.get(finding.file);
    if (!record || record.archive) return [];
    const { fixesFor } = await loadFixes();
    return fixesFor(finding, record.doc, this.ruleContextFor(finding.file), await this.fixSettingsFor(finding.file));
  }

  /** Every fix of the iFlow that changes no one's access (duplicate and empty rows), or undefined. */
  async fixAllPlan(file: string): Promise<FixPlan | undefined> {
    const record = this.iflows.get(file);
    if (!record || record.archive) return undefined;
    const { fixAllPlan } = await loadFixes();
    return fixAllPlan(record.doc, this.ruleContextFor(file), await this.fixSettingsFor(file));
  }

  /** The migration of one channel to User Role with its certificates in the mapping file. */
  async migrateChannelPlan(file: string, channelId: string, choice?: { user?: string; role?: string }): Promise<FixPlan | undefined> {
    const record = this.iflows.get(file);
    const channel = record?.doc.channels.find((c) => c.id === channelId);
    if (!record || !channel) return undefined;
    if (record.archive) return { id: `migrate:${channelId}`, title: 'Switch to User Role', rule: 'client-certificate-authorization', files: [], notes: ['The iFlow is inside a .zip export: unpack it to change it.'] };
    const { migrateChannelPlan } = await loadFixes();
    return migrateChannelPlan(record.doc, channel, this.ruleContextFor(file), await this.fixSettingsFor(file), choice);
  }

  /** Why a channel's migration cannot be offered, or undefined. */
  async whyNoMigration(file: string, channelId: string): Promise<string | undefined> {
    const record = this.iflows.get(file);
    const channel = record?.doc.channels.find((c) => c.id === channelId);
    if (!record || !channel) return undefined;
    if (record.archive) return 'the iFlow is inside a .zip export: unpack it to change it';
    const { whyNoMigration } = await loadFixes();
    return whyNoMigration(record.doc, channel, this.ruleContextFor(file), await this.fixSettingsFor(file));
  }
}
