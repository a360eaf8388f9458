import { certificateExpired } from './certificateExpired';
import { certificateExpiring } from './certificateExpiring';
import { certificateNotForClientAuth } from './certificateNotForClientAuth';
import { certificateNotFound } from './certificateNotFound';
import { certificateNotYetValid } from './certificateNotYetValid';
import { clientAuthEkuPhaseout } from './clientAuthEkuPhaseout';
import { clientCertificateAuthorization } from './clientCertificateAuthorization';
import { csrfProtectionDisabled } from './csrfProtectionDisabled';
import { duplicateCertificateEntry } from './duplicateCertificateEntry';
import { duplicateEndpoint } from './duplicateEndpoint';
import { duplicateMapping } from './duplicateMapping';
import { emptyCertificateEntry } from './emptyCertificateEntry';
import { expiredExemption } from './expiredExemption';
import { genericUserRole } from './genericUserRole';
import { incompleteCertificateChain } from './incompleteCertificateChain';
import { invalidCertificate } from './invalidCertificate';
import { invalidConfigFile } from './invalidConfigFile';
import { invalidIflow } from './invalidIflow';
import { invalidMappingFile } from './invalidMappingFile';
import { missingUserRole } from './missingUserRole';
import { roleNotAllowed } from './roleNotAllowed';
import { roleWithoutMapping } from './roleWithoutMapping';
import { selfSignedCertificate } from './selfSignedCertificate';
import { unknownAuthorization } from './unknownAuthorization';
import { unresolvedParameter } from './unresolvedParameter';
import { untrustedRootCa } from './untrustedRootCa';
import { unusedExemption } from './unusedExemption';
import type { Rule, RuleId } from './types';

/** Every rule, in the order docs/rules/README.md lists them. Adding a rule: one file, one line here. */
export const rules: readonly Rule[] = [
  invalidIflow,
  clientCertificateAuthorization,
  certificateExpired,
  certificateExpiring,
  certificateNotYetValid,
  certificateNotFound,
  selfSignedCertificate,
  certificateNotForClientAuth,
  untrustedRootCa,
  incompleteCertificateChain,
  clientAuthEkuPhaseout,
  emptyCertificateEntry,
  duplicateCertificateEntry,
  missingUserRole,
  genericUserRole,
  roleNotAllowed,
  csrfProtectionDisabled,
  unresolvedParameter,
  unknownAuthorization,
  invalidCertificate,
  duplicateMapping,
  roleWithoutMapping,
  invalidMappingFile,
  duplicateEndpoint,
  invalidConfigFile,
  unusedExemption,
  expiredExemption,
];

const ids = new Set<string>(rules.map((r) => r.id));

export const isRuleId = (id: string): id is RuleId => ids.has(id);

/** The published documentation (docs/rules/<id>.md), for links in SARIF and diagnostics. */
/** The project's documentation on GitHub (rule pages, the log verdicts). */
export const DOCS_BASE_URL = 'https://github.com/iflow-sender-auth/iflow-sender-auth/blob/main/docs/';
const RULE_DOCS_BASE_URL = `${DOCS_BASE_URL}rules/`;
export const ruleDocUrl = (id: RuleId): string => `${RULE_DOCS_BASE_URL}${id}.md`;
