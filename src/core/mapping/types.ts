import type { CertificateInfo } from '../certs/types';
import type { SourceError, TextRange } from '../model';

export interface MappingUsage {
  iflow: string;
  channel: string;
}

/**
 * A certificate an entry held before a renewal: SAP Neo still holds its mapping (its id is the
 * MD5 of the certificate) until someone deletes it once the partner has switched.
 */
export interface PreviousCertificate {
  /** Lower-case hex MD5 of the DER: the Neo mapping's `Id`. */
  md5: string;
  notAfter?: string;
}

/** One entry of `certificate-user-mappings.json`, with where it sits. */
export interface MappingEntry {
  index: number;
  user: string;
  roles: string[];
  /** PEM text, or null while only the DNs are known. */
  certificate: string | null;
  subjectDN?: string;
  issuerDN?: string;
  notAfter?: string;
  /** Certificates this entry held before renewals, whose tenant mappings are to be deleted. */
  previousCertificates?: PreviousCertificate[];
  usedBy: MappingUsage[];
  /** Range of the entry object in the file. */
  range: TextRange;
  /** Range of the `certificate` value (or of the entry when absent). */
  certificateRange: TextRange;
  userRange: TextRange;
  /** Decoded certificate when `certificate` is set and decodes. */
  decoded?: CertificateInfo;
  /** Why `certificate` did not decode. */
  certificateError?: string;
}

export interface MappingFile {
  file: string;
  text: string;
  entries: MappingEntry[];
  /** Set when the file is not valid JSON or not the expected shape; entries hold what could be read. */
  error?: SourceError;
  /** Shape problems that do not stop reading (e.g. an entry without a user). */
  problems: SourceError[];
}
