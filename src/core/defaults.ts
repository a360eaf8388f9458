/**
 * Every default of the tool, defined once. The CLI, the editor's settings, the configuration file
 * and the JSON schemas all take their defaults from here (tests tie package.json to these values).
 */
import type { ArchiveLimits } from './iflow/archive';

/** The role the runtime applies to a User Role sender channel that names none (and the designer's default). */
export const RUNTIME_DEFAULT_ROLE = 'ESBMessaging.send';

/** Roles that `generic-user-role` reports: shared by every flow that does not name its own. */
export const DEFAULT_GENERIC_ROLES: readonly string[] = [RUNTIME_DEFAULT_ROLE];

/** Days before notAfter that `certificate-expiring` starts to warn. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;

/** The certificate-user mapping file, relative to the configuration file's folder or the workspace root. */
export const DEFAULT_MAPPING_FILE = 'certificate-user-mappings.json';

/** File extensions the tools read as certificate material. */
export const CERTIFICATE_EXTENSIONS: readonly string[] = ['.cer', '.crt', '.pem', '.der', '.p7b', '.p7c'];

/** Where certificate files are looked for when nothing else is configured. */
export const DEFAULT_CERTIFICATE_GLOBS: readonly string[] = ['**/*.{cer,crt,pem,der,p7b,p7c}'];

/** Where *Import Certificate…* keeps the files it imports, relative to the workspace root. */
export const DEFAULT_CERTIFICATES_FOLDER = 'certificates';

/**
 * The role fixes give a flow (`flowRole`): `{iflow}` stands for the iFlow id (the manifest's
 * Bundle-SymbolicName). Never a generic role: a generic role lets every partner of every flow
 * that uses it call this one.
 */
export const DEFAULT_FLOW_ROLE = '{iflow}.send';

/** Where the mapping exports write, relative to the mapping file's folder. */
export const DEFAULT_NEO_EXPORT_FOLDER = 'iflow-auth-export/neo';
export const DEFAULT_CF_EXPORT_FOLDER = 'iflow-auth-export/cf';

/** The configuration file's name; the nearest one in a linted file's folder or its ancestors applies. */
export const CONFIG_FILE_NAME = '.iflow-auth.json';

/** Role patterns `role-not-allowed` accepts; none means every role is allowed (the rule is idle). */
export const DEFAULT_ALLOWED_ROLES: readonly string[] = [];

/**
 * The names `trustedRoots` (configuration file, VS Code setting) and `--trusted-roots` (CLI) accept
 * besides paths of PEM files or folders: `btp` = every root of SAP's BTP trust store (required and
 * optional), `btp-required` = only its required roots, `neo` = the roots SAP lists for Neo.
 */
export const TRUSTED_ROOT_SETS = ['btp', 'btp-required', 'neo'] as const;
export type TrustedRootSet = (typeof TRUSTED_ROOT_SETS)[number];

/**
 * `trustedRoots`: a list of TRUSTED_ROOT_SETS names and PEM file/folder paths. A list given
 * replaces this default; naming `btp` in it extends the default instead.
 */
export const DEFAULT_TRUSTED_ROOTS: readonly string[] = ['btp'];

/** Folders never searched for iFlows or certificates (dependencies and version control). */
export const EXCLUDED_FOLDERS: readonly string[] = ['node_modules', '.git', '.svn', '.hg'];

/**
 * Bounds on reading an exported archive (SECURITY.md): far above any real export, low enough that
 * a zip bomb or absurd nesting stops with a message. SAP's published content nests zips 3 levels
 * deep (a zip of package exports whose `_content` entries are iFlow zips). Among the 167 zips
 * of SAP's integration recipes, the largest declares 56 MB uncompressed over all its nested
 * entries; none has more than 259 entries or an entry over 21 MB.
 */
export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntryBytes: 50 * 1024 * 1024,
  maxDepth: 5,
  maxEntries: 20000,
});
