// Placeholder: the certificate index is being written (see the certs work). API contract:
import type { CertificateInfo } from './types';
export declare class CertificateIndex {
  constructor(certificates?: Iterable<CertificateInfo>);
  add(certificate: CertificateInfo): void;
  find(subjectDN: string, issuerDN: string): CertificateInfo[];
  all(): CertificateInfo[];
  readonly size: number;
}
