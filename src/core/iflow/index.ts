/** Public API of the iFlow reader: `.iflw` parsing, parameters, manifest, export layout, archives. */
export { parseIFlow, parseCmdVariantUri, authorizationKeyOf, BPMN2_NS, IFL_NS } from './parse';
export type { ParseContext } from './parse';
export { parseParameters, resolveParameters, hasPlaceholder, placeholderNames } from './parameters';
export { parseManifest } from './manifest';
export type { ManifestInfo } from './manifest';
export { exportRootOf, manifestPathOf, parametersPathOf, isIFlowPath, iflowBaseName } from './layout';
export { parseCertificateTable } from './table';
export { decodeEntities, decodeXmlContent, escapeXmlText } from './xmlText';
export type { DecodedText } from './xmlText';
export { decodeText } from './encoding';
export type { DecodedTextResult } from './encoding';
export { readIFlowArchive, DEFAULT_ARCHIVE_LIMITS } from './archive';
export type { ArchiveLimits, ArchiveResult, ArchiveIFlow, ArchiveCertificate, ArchiveError } from './archive';
export { describeEndpoint, endpointOf, endpointKeyOf, matchEndpoint, endpointsServing, pathOfRequest } from './endpoint';
export type { EndpointMatch } from './endpoint';
