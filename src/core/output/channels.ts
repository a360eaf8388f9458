import type { ChannelSummary } from '../channels';

/** A channel as `channels` lists it in text: the summary, and what only the text shows. */
export interface ChannelRow extends ChannelSummary {
  /** The endpoint as people read it, also when it could not be resolved (`{{path}} (no value in parameters.prop)`). */
  endpointLabel?: string;
  /** The role is the one SAP applies when none is set (a User Role channel without a role key, a participant with an empty role). */
  roleImplicit?: boolean;
}

const AUTHORIZATION: Record<ChannelSummary['authorization'], string> = {
  userRole: 'User Role', clientCertificate: 'Client Certificate', externalized: 'externalized', unknown: 'unknown', none: '—',
};

const HEADER = ['CHANNEL', 'ADAPTER', 'AUTHORIZATION', 'ROLE', 'ENDPOINT'];

/** Cells padded to the widest of their column, two spaces apart; no trailing blanks. */
function alignColumns(rows: string[][], indent: string): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${indent}${r.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd());
}

/**
 * `iflow-auth channels` as text: a header line per iFlow (its name and file), then its channels in
 * columns aligned across the whole list, each Client Certificate channel's table rows beneath it.
 */
export function formatChannelsText(channels: ChannelRow[], displayPath: (file: string) => string): string {
  if (channels.length === 0) return 'No sender channels found.\n';
  const cells = channels.map((c) => [
    c.channel || c.id,
    c.adapter,
    AUTHORIZATION[c.authorization],
    c.authorization === 'userRole' ? `${c.role || '(empty)'}${c.roleImplicit ? ' (implicit: none set)' : ''}` : '',
    c.endpointLabel ?? c.endpoint ?? '',
  ]);
  const [header, ...rows] = alignColumns([HEADER, ...cells], '  ');
  const lines: string[] = [header];
  let file: string | undefined;
  for (const [i, c] of channels.entries()) {
    if (c.file !== file) {
      lines.push('', `${c.iflow}  ${displayPath(c.file)}`);
      file = c.file;
    }
    lines.push(rows[i]);
    if (c.certificates.length > 0) {
      const certs = c.certificates.map((cert) => [
        cert.notAfter ? `until ${cert.notAfter.slice(0, 10)}` : 'not found',
        cert.subjectDN || '(empty subject)',
        `issued by ${cert.issuerDN || '(empty issuer)'}`,
      ]);
      lines.push(...alignColumns(certs, '      '));
    }
  }
  return `${lines.join('\n')}\n`;
}
