import type { CertificateIndex } from './certs/certificateIndex';
import { decodeCertificates, looksLikeCertificateMaterial } from './certs/decode';
import type { CertificateInfo, DecodedCertificates } from './certs/types';
import { resolveParameters } from './iflow/parameters';
import type { CertificateEntry, IFlowDocument, ResolvedValue, SenderChannel, TableCell } from './model';

/** A `clientCertificates` row as the rules see it: parameters resolved, matched to certificates. */
export interface EntryResolution {
  entry: CertificateEntry;
  subjectDN: ResolvedValue;
  issuerDN: ResolvedValue;
  /** Set when a cell holds certificate material (PEM or base64 DER) instead of a DN. */
  embedded?: { cell: TableCell; decoded: DecodedCertificates };
  /** Certificates with this Subject and Issuer DN, newest first (or the embedded one). */
  matches: CertificateInfo[];
  /** The certificate whose validity is judged: the embedded one, else the newest match. */
  certificate?: CertificateInfo;
}

/**
 * Resolves the certificate entries of a channel. Memoized per channel object, so rules that
 * look at the same entries do the matching once per lint run.
 */
export class EntryResolver {
  private readonly cache = new WeakMap<SenderChannel, EntryResolution[]>();

  constructor(private readonly index: CertificateIndex) {}

  resolve(doc: IFlowDocument, channel: SenderChannel): EntryResolution[] {
    let resolved = this.cache.get(channel);
    if (!resolved) {
      resolved = channel.certificates.map((entry) => this.resolveEntry(doc, entry));
      this.cache.set(channel, resolved);
    }
    return resolved;
  }

  private resolveEntry(doc: IFlowDocument, entry: CertificateEntry): EntryResolution {
    const subjectDN = resolveParameters(entry.subjectDN.value, doc.parameters);
    const issuerDN = resolveParameters(entry.issuerDN.value, doc.parameters);
    for (const [cell, value] of [[entry.subjectDN, subjectDN], [entry.issuerDN, issuerDN]] as const) {
      if (looksLikeCertificateMaterial(value.value)) {
        const decoded = decodeCertificates(value.value, { file: doc.file, kind: 'embedded', range: cell.range });
        const certificate = decoded.certificates[0];
        return { entry, subjectDN, issuerDN, embedded: { cell, decoded }, matches: certificate ? [certificate] : [], certificate };
      }
    }
    const complete = subjectDN.unresolved.length === 0 && issuerDN.unresolved.length === 0
      && subjectDN.value.trim() !== '' && issuerDN.value.trim() !== '';
    const matches = complete ? this.index.find(subjectDN.value, issuerDN.value) : [];
    return { entry, subjectDN, issuerDN, matches, certificate: matches[0] };
  }
}
