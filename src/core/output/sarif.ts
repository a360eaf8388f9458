import type { Severity } from '../model';
import { rules, ruleDocUrl } from '../rules/registry';
import type { LocatedFinding, Span } from './located';

const level: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

const region = (s: Span) => ({ startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn });

/** A SARIF artifact URI: forward slashes, each segment percent-encoded, relative to %SRCROOT%. */
const artifactUri = (path: string): string => path.split(/[\\/]/).map(encodeURIComponent).join('/');

/** SARIF 2.1.0 with rule metadata and help links, for code-scanning uploads. */
export function formatSarif(findings: LocatedFinding[], displayPath: (file: string) => string, toolVersion: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'iflow-auth',
          fullName: 'iFlow Sender Auth',
          version: toolVersion,
          informationUri: 'https://github.com/iflow-sender-auth/iflow-sender-auth',
          rules: rules.map((r) => ({
            id: r.id,
            name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: r.description },
            fullDescription: { text: r.description },
            helpUri: ruleDocUrl(r.id),
            help: { text: `${r.description} See ${ruleDocUrl(r.id)}` },
            defaultConfiguration: { level: level[r.defaultSeverity] },
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory iflow-auth ran in.' } } },
      results: findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIndex.get(f.rule),
        level: level[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: { artifactLocation: { uri: artifactUri(displayPath(f.file)), uriBaseId: '%SRCROOT%' }, region: region(f.span) },
          ...(f.channel ? { logicalLocations: [{ name: f.channel, fullyQualifiedName: f.iflow ? `${f.iflow}/${f.channel}` : f.channel, kind: 'object' }] } : {}),
        }],
        // An exempted finding stays in the log, marked as accepted with the team's reason.
        ...(f.suppressed ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.suppressed.reason }] } : {}),
        ...(f.relatedSpans?.length ? {
          relatedLocations: f.relatedSpans.map((r, id) => ({
            id,
            message: { text: r.message },
            physicalLocation: { artifactLocation: { uri: artifactUri(displayPath(r.file)), uriBaseId: '%SRCROOT%' }, ...(r.span ? { region: region(r.span) } : {}) },
          })),
        } : {}),
      })),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
