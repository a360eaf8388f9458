/**
 * The roots the SAP load balancer trusts: the facts shipped in trusted-roots.json (SAP's BTP trust
 * store and Neo's list), and the user's own PEM roots. Matching a certificate to a root never
 * rests on the name alone where the facts allow more: a held certificate is the root when its
 * fingerprint is the root's, or when its key hashes to the root's key identifier (a re-issue of
 * the same key); the issuer of a certificate that is not held is judged by subject DN and key
 * identifier, as nothing else is known of it. Pure: no Node built-ins.
 */
import { sha1 } from '@noble/hashes/legacy';
import { DEFAULT_TRUSTED_ROOTS, TRUSTED_ROOT_SETS, type TrustedRootSet } from '../defaults';
import { normalizeDN } from './dn';
import { toColonHex, toHex } from './encoding';
import type { CertificateInfo } from './types';
import shipped from './trusted-roots.json';
import { publicKeyBits, subjectPublicKeyInfoOf } from './x509';

/** One root the load balancer trusts. */
export interface TrustedRoot {
  name: string;
  subject: string;
  /** normalizeDN(subject). */
  subjectKey: string;
  /** Upper-case colon hex, as CertificateInfo.sha256. */
  sha256?: string;
  sha1?: string;
  /** Lower-case hex. */
  subjectKeyId?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** A public WebPKI (TLS) root: its CAs follow the browsers' rules (and drop clientAuth). */
  publicTls: boolean;
  /** Where the trust comes from, for messages: "SAP's BTP trust store", or the user's file. */
  origin: string;
  /** The SAP lists that name the root (`btp-required`, `btp-optional`, `neo`); empty for the user's own. */
  lists: string[];
  /** The certificate, for the user's own roots (its key is known, so signatures can be checked). */
  certificate?: CertificateInfo;
}

interface RootFacts {
  name: string;
  subject: string;
  sha256: string | null;
  sha1: string | null;
  subjectKeyIdentifier: string | null;
  notBefore: string | null;
  notAfter: string | null;
  lists: string[];
  publicTls: boolean;
}

/** The shipped data: what it is, where the facts come from and when, and the roots. */
export interface TrustedRootData {
  about: string;
  sources: Array<{ name: string; url: string; version?: string; released?: string; changed?: string }>;
  roots: RootFacts[];
}

// The CLI and the tests bundle the data. The extension's bundles do not (44 KB of its 200 KB
// budget; scripts/bundle.mjs leaves `shipped` undefined there): it reads the same file from its
// folder at activation and hands it over with setTrustedRootData before anything asks for roots.
let current: TrustedRootData | undefined = shipped as TrustedRootData | undefined;

/** The shipped data (what trusted-roots.json holds). */
export function trustedRootData(): TrustedRootData {
  if (!current) throw new Error('the trusted roots were not loaded (trusted-roots.json)');
  return current;
}

/** Installs the shipped data read from a copy of trusted-roots.json (the extension does this at activation). */
export function setTrustedRootData(data: unknown): void {
  const d = data as Partial<TrustedRootData> | null;
  if (!d || typeof d.about !== 'string' || !Array.isArray(d.sources) || !Array.isArray(d.roots) || d.roots.length === 0) {
    throw new Error('trusted-roots.json does not hold the trusted roots (about, sources, roots)');
  }
  current = d as TrustedRootData;
  defaultStore = undefined;
}

const ORIGIN: Record<TrustedRootSet, string> = {
  btp: "SAP's BTP trust store",
  'btp-required': "SAP's BTP trust store (required roots)",
  neo: "SAP's list for Neo",
};

const date = (s: string | null): Date | undefined => (s ? new Date(s) : undefined);

function shippedRoot(r: RootFacts, origin: string): TrustedRoot {
  const root: TrustedRoot = { name: r.name, subject: r.subject, subjectKey: normalizeDN(r.subject), publicTls: r.publicTls, origin, lists: [...r.lists] };
  if (r.sha256) root.sha256 = r.sha256.toUpperCase();
  if (r.sha1) root.sha1 = r.sha1.toUpperCase();
  if (r.subjectKeyIdentifier) root.subjectKeyId = r.subjectKeyIdentifier.toLowerCase();
  const notBefore = date(r.notBefore);
  const notAfter = date(r.notAfter);
  if (notBefore) root.notBefore = notBefore;
  if (notAfter) root.notAfter = notAfter;
  return root;
}

const inSet = (r: RootFacts, set: TrustedRootSet): boolean =>
  set === 'btp' ? r.lists.some((l) => l.startsWith('btp-')) : r.lists.includes(set);

/** The shipped roots of one named set. */
export function rootsOfSet(set: TrustedRootSet): TrustedRoot[] {
  return trustedRootData().roots.filter((r) => inSet(r, set)).map((r) => shippedRoot(r, ORIGIN[set]));
}

/** A user's own root, from a PEM file (`origin` names the file). */
export function userRoot(certificate: CertificateInfo, origin: string): TrustedRoot {
  const root: TrustedRoot = {
    name: certificate.commonName ?? certificate.subject,
    subject: certificate.subject,
    subjectKey: certificate.subjectKey,
    sha256: certificate.sha256,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    publicTls: trustedRootData().roots.some((r) => r.publicTls && r.sha256 === certificate.sha256),
    origin,
    lists: [],
    certificate,
  };
  if (certificate.subjectKeyId) root.subjectKeyId = certificate.subjectKeyId;
  return root;
}

const isSetName = (v: string): v is TrustedRootSet => (TRUSTED_ROOT_SETS as readonly string[]).includes(v);

/** A `trustedRoots` setting split into named sets and paths of PEM files or folders. */
export function parseTrustedRootsSetting(values: readonly string[]): { sets: TrustedRootSet[]; paths: string[] } {
  const sets: TrustedRootSet[] = [];
  const paths: string[] = [];
  for (const raw of values) {
    const v = raw.trim();
    if (!v) continue;
    const lower = v.toLowerCase();
    if (isSetName(lower)) {
      if (!sets.includes(lower)) sets.push(lower);
    } else if (!paths.includes(v)) {
      paths.push(v);
    }
  }
  return { sets, paths };
}

/** What matching a held certificate against the roots found. */
export type RootMatch =
  | { kind: 'root'; root: TrustedRoot }
  /** A certificate with a trusted root's name but neither its fingerprint nor its key. */
  | { kind: 'other-key'; root: TrustedRoot };

/** The roots a chain may end at. */
export class TrustStore {
  private readonly bySubject = new Map<string, TrustedRoot[]>();
  private readonly keyHashes = new WeakMap<CertificateInfo, { keyId?: string; sha1: string; spki?: string }>();

  /**
   * `description` says which roots these are, in messages ("SAP's BTP trust store").
   */
  constructor(readonly roots: readonly TrustedRoot[], readonly description: string) {
    for (const r of roots) {
      const list = this.bySubject.get(r.subjectKey);
      if (list) list.push(r);
      else this.bySubject.set(r.subjectKey, [r]);
    }
  }

  /**
   * The store a `trustedRoots` setting selects. `files` are the certificates read from its paths
   * (the adapter reads them), each with the path it came from.
   */
  static fromSetting(values: readonly string[] = DEFAULT_TRUSTED_ROOTS, files: Array<{ path: string; certificates: CertificateInfo[] }> = []): TrustStore {
    const { sets, paths } = parseTrustedRootsSetting(values);
    const roots: TrustedRoot[] = [];
    const seen = new Set<string>();
    const add = (r: TrustedRoot): void => {
      const id = r.sha256 ?? r.sha1 ?? `${r.subjectKey}\u0000${r.subjectKeyId ?? ''}`;
      if (seen.has(id)) return;
      seen.add(id);
      roots.push(r);
    };
    for (const set of sets) for (const r of rootsOfSet(set)) add(r);
    for (const f of files) for (const c of f.certificates) add(userRoot(c, f.path));
    const described = [...sets.map((s) => ORIGIN[s]), ...paths.map((p) => `your roots in ${p}`)];
    return new TrustStore(roots, described.length > 0 ? described.join(' and ') : 'no trusted roots');
  }

  /** Certificates of the user's own roots: they join the certificates a chain is built from. */
  userCertificates(): CertificateInfo[] {
    return this.roots.flatMap((r) => (r.certificate ? [r.certificate] : []));
  }

  private hashes(cert: CertificateInfo): { keyId?: string; sha1: string; spki?: string } {
    let h = this.keyHashes.get(cert);
    if (!h) {
      const spki = subjectPublicKeyInfoOf(cert.der);
      const bits = spki ? publicKeyBits(spki) : undefined;
      h = { sha1: toColonHex(sha1(cert.der)), keyId: bits ? toHex(sha1(bits)) : undefined, spki: spki ? toHex(spki) : undefined };
      this.keyHashes.set(cert, h);
    }
    return h;
  }

  /** Whether a held certificate is one of the roots (or the same key under the same name). */
  matchCertificate(cert: CertificateInfo): RootMatch | undefined {
    const named = this.bySubject.get(cert.subjectKey);
    if (!named) return undefined;
    for (const root of named) {
      if (root.sha256 === cert.sha256) return { kind: 'root', root };
    }
    for (const root of named) {
      const h = this.hashes(cert);
      if (root.sha1 && root.sha1 === h.sha1) return { kind: 'root', root };
      // The same key: a re-issued or cross-signed root certificate.
      if (root.subjectKeyId && h.keyId === root.subjectKeyId) return { kind: 'root', root };
      if (root.certificate && h.spki && h.spki === this.hashes(root.certificate).spki) return { kind: 'root', root };
    }
    return { kind: 'other-key', root: named[0] };
  }

  /**
   * The root named as `cert`'s issuer, for an issuer the tool does not hold: subject DN = issuer
   * DN, and key identifiers equal where both are known.
   */
  matchIssuer(cert: CertificateInfo): TrustedRoot | undefined {
    const named = this.bySubject.get(cert.issuerKey);
    return named?.find((r) => !cert.authorityKeyId || !r.subjectKeyId || r.subjectKeyId === cert.authorityKeyId);
  }
}

let defaultStore: TrustStore | undefined;

/** The store of DEFAULT_TRUSTED_ROOTS (built once). */
export function defaultTrustStore(): TrustStore {
  defaultStore ??= TrustStore.fromSetting(DEFAULT_TRUSTED_ROOTS);
  return defaultStore;
}
