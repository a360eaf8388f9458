/**
 * Signature checks of chain links (does this issuer's key verify that certificate's signature?)
 * through the platform's Web Crypto (`globalThis.crypto.subtle`: Node, VS Code's extension host,
 * browsers and web workers alike), never a Node module. Asynchronous, so chains are first built
 * from names and key identifiers and the links they used are checked afterwards, outside the
 * editor's typing path; verdicts are cached by the two certificates' fingerprints.
 */
import { children, readOid, readTlv } from './asn1';
import type { CertificateInfo } from './types';
import { signedParts } from './x509';

/** `unsupported`: an algorithm, curve or key Web Crypto cannot check here (the link is judged by names and key ids). */
export type SignatureVerdict = 'valid' | 'invalid' | 'unsupported';

/** At most this many links wait to be checked; the rest are judged by names and key identifiers. */
export const MAX_PENDING_SIGNATURES = 2000;
/** Links checked at the same time. */
const CONCURRENCY = 4;

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const RSA_PKCS1: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

const ECDSA: Record<string, string> = {
  '1.2.840.10045.4.1': 'SHA-1',
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};

const CURVES: Record<string, { name: string; bytes: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', bytes: 32 },
  '1.3.132.0.34': { name: 'P-384', bytes: 48 },
  '1.3.132.0.35': { name: 'P-521', bytes: 66 },
};

const RSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** The Web Crypto algorithm that checks a signature, or why it cannot be checked. */
interface Scheme {
  importAlgorithm: RsaHashedImportParams | EcKeyImportParams;
  verifyAlgorithm: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
  /** ECDSA: DER (r, s) → the fixed-size r‖s Web Crypto expects. */
  curveBytes?: number;
}

/** RSASSA-PSS-params: hash (default SHA-1), MGF1 with the same hash, salt length (default 20). */
function pssScheme(parameters: Uint8Array | undefined): Scheme | undefined {
  let hash = 'SHA-1';
  let mgfHash = 'SHA-1';
  let saltLength = 20;
  if (parameters) {
    const top = readTlv(parameters, 0);
    if (!top || top.tag !== 0x30) return undefined;
    for (const field of children(parameters, top, 4)) {
      const [inner] = children(parameters, field, 1);
      if (field.tag === 0xa0 && inner?.tag === 0x30) {
        const h = HASHES[readOid(parameters, children(parameters, inner, 1)[0]) ?? ''];
        if (!h) return undefined;
        hash = h;
      } else if (field.tag === 0xa1 && inner?.tag === 0x30) {
        const [oid, params] = children(parameters, inner, 2);
        if (readOid(parameters, oid) !== MGF1 || params?.tag !== 0x30) return undefined;
        const h = HASHES[readOid(parameters, children(parameters, params, 1)[0]) ?? ''];
        if (!h) return undefined;
        mgfHash = h;
      } else if (field.tag === 0xa2 && inner?.tag === 0x02 && inner.end - inner.contentStart <= 2) {
        saltLength = 0;
        for (let p = inner.contentStart; p < inner.end; p++) saltLength = saltLength * 256 + parameters[p];
      }
    }
  }
  // Web Crypto's RSA-PSS uses one hash for the message and MGF1.
  if (hash !== mgfHash) return undefined;
  return { importAlgorithm: { name: 'RSA-PSS', hash }, verifyAlgorithm: { name: 'RSA-PSS', saltLength } };
}

function ecCurve(spki: Uint8Array): { name: string; bytes: number } | undefined {
  const top = readTlv(spki, 0);
  if (!top || top.tag !== 0x30) return undefined;
  const [alg] = children(spki, top, 1);
  if (!alg || alg.tag !== 0x30) return undefined;
  const [oid, params] = children(spki, alg, 2);
  if (readOid(spki, oid) !== EC_PUBLIC_KEY) return undefined;
  return CURVES[readOid(spki, params) ?? ''];
}

function schemeOf(algorithm: string, parameters: Uint8Array | undefined, issuerSpki: Uint8Array): Scheme | undefined {
  const rsaHash = RSA_PKCS1[algorithm];
  if (rsaHash) return { importAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: rsaHash }, verifyAlgorithm: { name: 'RSASSA-PKCS1-v1_5' } };
  if (algorithm === RSA_PSS) return pssScheme(parameters);
  const ecHash = ECDSA[algorithm];
  if (ecHash) {
    const curve = ecCurve(issuerSpki);
    if (!curve) return undefined;
    return { importAlgorithm: { name: 'ECDSA', namedCurve: curve.name }, verifyAlgorithm: { name: 'ECDSA', hash: ecHash }, curveBytes: curve.bytes };
  }
  return undefined;
}

/** ECDSA-Sig-Value (DER SEQUENCE of two INTEGERs) → r‖s, each `size` bytes; undefined if malformed. */
function rawEcdsaSignature(der: Uint8Array, size: number): Uint8Array | undefined {
  const top = readTlv(der, 0);
  if (!top || top.tag !== 0x30 || top.end !== der.length) return undefined;
  const ints = children(der, top, 3);
  if (ints.length !== 2 || ints.some((t) => t.tag !== 0x02)) return undefined;
  const out = new Uint8Array(size * 2);
  for (let k = 0; k < 2; k++) {
    let p = ints[k].contentStart;
    while (p < ints[k].end - 1 && der[p] === 0) p++;
    const len = ints[k].end - p;
    if (len > size) return undefined;
    out.set(der.subarray(p, ints[k].end), k * size + size - len);
  }
  return out;
}

/** The platform's SubtleCrypto, if it has one. */
function subtle(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
}

/** A copy in an ArrayBuffer of its own (Web Crypto rejects views of shared pools in some hosts). */
const own = (bytes: Uint8Array): ArrayBuffer => new Uint8Array(bytes).buffer as ArrayBuffer;

/** Checks that `issuer`'s key verifies `child`'s signature. Never throws. */
export async function verifySignature(child: CertificateInfo, issuer: CertificateInfo): Promise<SignatureVerdict> {
  const crypto = subtle();
  const signed = signedParts(child.der);
  const issuerParts = signedParts(issuer.der);
  if (!crypto || !signed || !issuerParts) return 'unsupported';
  const scheme = schemeOf(signed.algorithm, signed.parameters, issuerParts.spki);
  if (!scheme) return 'unsupported';
  let key: CryptoKey;
  try {
    key = await crypto.importKey('spki', own(issuerParts.spki), scheme.importAlgorithm, false, ['verify']);
  } catch {
    // The issuer's key is not of the signature's kind (an RSA signature, an EC key): it did not sign it.
    return issuerKeyMatchesScheme(issuerParts.spki, scheme) ? 'unsupported' : 'invalid';
  }
  const signature = scheme.curveBytes ? rawEcdsaSignature(signed.signature, scheme.curveBytes) : signed.signature;
  if (!signature) return 'invalid';
  try {
    return (await crypto.verify(scheme.verifyAlgorithm, key, own(signature), own(signed.tbs))) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Whether the key's algorithm family fits the scheme (else the import failed because of a mismatch). */
function issuerKeyMatchesScheme(spki: Uint8Array, scheme: Scheme): boolean {
  const top = readTlv(spki, 0);
  const [alg] = top && top.tag === 0x30 ? children(spki, top, 1) : [];
  const oid = alg && alg.tag === 0x30 ? readOid(spki, children(spki, alg, 1)[0]) : undefined;
  const rsa = oid === '1.2.840.113549.1.1.1' || oid === RSA_PSS;
  return scheme.importAlgorithm.name === 'ECDSA' ? oid === EC_PUBLIC_KEY : rsa;
}

const linkKey = (child: CertificateInfo, issuer: CertificateInfo): string => `${child.sha256}>${issuer.sha256}`;

/**
 * Verdicts of chain links, shared by every chain built over the same certificates. Asking for a
 * verdict that is not known yet queues the link; `verifyPending` checks the queue.
 */
export class SignatureChecks {
  private readonly verdicts = new Map<string, SignatureVerdict>();
  private readonly pending = new Map<string, [CertificateInfo, CertificateInfo]>();
  private changes = 0;

  /** The verdict of `issuer` signing `child`; undefined (and queued) when not checked yet. */
  verdict(child: CertificateInfo, issuer: CertificateInfo): SignatureVerdict | undefined {
    const key = linkKey(child, issuer);
    const known = this.verdicts.get(key);
    if (known === undefined && !this.pending.has(key) && this.pending.size < MAX_PENDING_SIGNATURES) this.pending.set(key, [child, issuer]);
    return known;
  }

  /** The verdict if known, without queueing a check. */
  known(child: CertificateInfo, issuer: CertificateInfo): SignatureVerdict | undefined {
    return this.verdicts.get(linkKey(child, issuer));
  }

  /** Links waiting to be checked. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Grows whenever checks were added (chains built before may be out of date). */
  get version(): number {
    return this.changes;
  }

  /**
   * Checks the queued links. Resolves to the number of links whose signature does not verify:
   * chains built before may change, so the caller lints again when it is not 0.
   */
  async verifyPending(): Promise<number> {
    let invalid = 0;
    const before = this.verdicts.size;
    while (this.pending.size > 0) {
      const batch: Array<[string, [CertificateInfo, CertificateInfo]]> = [];
      for (const entry of this.pending) {
        batch.push(entry);
        if (batch.length === CONCURRENCY) break;
      }
      const results = await Promise.all(batch.map(([, [child, issuer]]) => verifySignature(child, issuer)));
      batch.forEach(([key], i) => {
        this.pending.delete(key);
        this.verdicts.set(key, results[i]);
        if (results[i] === 'invalid') invalid++;
      });
    }
    if (this.verdicts.size !== before) this.changes++;
    return invalid;
  }
}
