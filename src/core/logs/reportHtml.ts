/**
 * The *Analyze Access Logs…* report as one HTML page: the problems grouped, and a timeline of
 * failures per endpoint drawn as inline SVG (no script; tooltips are SVG titles). Everything that
 * comes from the files is escaped; the page loads nothing and runs nothing, so a strict content
 * security policy (styles by nonce only) holds. Colours follow the editor's theme.
 */
import { baseNameOf } from '../paths';
import { plural } from '../plural';
import { isoDate } from '../time';
import { formatTime, PROBLEM_VERDICTS, type FailureTimeline, type RequestGroup } from './report';
import { isProblem, VERDICTS, type LogNote, type Verdict } from './types';

export interface HtmlReportInput {
  /** What was analyzed, e.g. the file names. */
  title: string;
  accessLogs: number;
  traceLogs: number;
  requests: number;
  summary: Record<Verdict, number>;
  groups: RequestGroup[];
  ungrouped: number;
  timeline: FailureTimeline;
  notes: LogNote[];
  /** Nonce of the page's one style element (the glue sets the matching CSP). */
  nonce: string;
  /** A link (href) to a place in a log or an iFlow, if the host can open it. */
  linkTo?: (file: string, where: { line?: number; offset?: number }) => string | undefined;
  /** How a file is shown (e.g. relative to the workspace). */
  display?: (file: string) => string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/**
 * One colour per verdict from a categorical palette (Tableau 10) that reads on light and dark
 * themes alike: VS Code's own chart colours are too few, and its orange and yellow look alike on
 * a light theme.
 */
const COLOURS: Record<string, string> = {
  'no-credentials': '#f28e2b',
  'authentication-failed': '#e15759',
  'certificate-not-mapped': '#b07aa1',
  'certificate-not-accepted': '#edc948',
  'missing-role': '#4e79a7',
  'unknown-endpoint': '#bab0ac',
  forbidden: '#ff9da7',
  'server-error': '#76b7b2',
  other: '#9c755f',
  ok: '#59a14f',
  challenge: '#d4d4d4',
};

const ROW_HEIGHT = 30;
const LABEL_WIDTH = 300;
const CHART_WIDTH = 640;
const RIGHT_PAD = 30;
const AXIS_HEIGHT = 26;
const MAX_ROWS = 15;
const MAX_BINS = 96;

/** A readable bin width (1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, days) for a span. */
function binWidth(spanMs: number): number {
  const minute = 60_000;
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * minute);
  for (const s of steps) if (spanMs / s <= MAX_BINS) return s;
  return Math.ceil(spanMs / MAX_BINS / (1440 * minute)) * 1440 * minute;
}


const hhmm = (ms: number, withDate: boolean): string => {
  const iso = new Date(ms).toISOString();
  return withDate ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
};

function timelineSvg(timeline: FailureTimeline): string {
  const rows = timeline.list();
  if (rows.length === 0 || !Number.isFinite(timeline.from)) return '<p class="empty">No failures to draw.</p>';
  const width = binWidth(Math.max(timeline.to - timeline.from, timeline.bucketMs));
  const start = Math.floor(timeline.from / width) * width;
  const bins = Math.max(1, Math.ceil((timeline.to + 1 - start) / width));
  const shown = rows.slice(0, MAX_ROWS);
  const height = shown.length * ROW_HEIGHT + AXIS_HEIGHT;
  const binPx = CHART_WIDTH / bins;
  const multiDay = isoDate(new Date(start)) !== isoDate(new Date(start + bins * width - 1));
  const out: string[] = [];
  out.push(`<svg class="timeline" viewBox="0 0 ${LABEL_WIDTH + CHART_WIDTH + RIGHT_PAD} ${height}" width="${LABEL_WIDTH + CHART_WIDTH + RIGHT_PAD}" height="${height}" role="img" aria-label="Failures over time, per endpoint">`);
  // Vertical grid lines and time labels: about six across.
  const every = Math.max(1, Math.round(bins / 6));
  for (let b = 0; b <= bins; b += every) {
    const x = LABEL_WIDTH + b * binPx;
    out.push(`<line class="grid" x1="${x.toFixed(1)}" y1="0" x2="${x.toFixed(1)}" y2="${shown.length * ROW_HEIGHT}"/>`);
    out.push(`<text class="axis" x="${x.toFixed(1)}" y="${shown.length * ROW_HEIGHT + 16}" text-anchor="middle">${escapeHtml(hhmm(start + b * width, multiDay))}</text>`);
  }
  shown.forEach((row, r) => {
    const top = r * ROW_HEIGHT;
    const label = row.endpoint.length > 40 ? `${row.endpoint.slice(0, 39)}…` : row.endpoint;
    out.push(`<g class="row"><title>${escapeHtml(`${row.endpoint}: ${plural(row.total, 'failure')}`)}</title>`);
    out.push(`<line class="base" x1="${LABEL_WIDTH}" y1="${top + ROW_HEIGHT - 4}" x2="${LABEL_WIDTH + CHART_WIDTH}" y2="${top + ROW_HEIGHT - 4}"/>`);
    out.push(`<text class="label" x="${LABEL_WIDTH - 10}" y="${top + ROW_HEIGHT / 2 + 4}" text-anchor="end">${escapeHtml(label)} <tspan class="count">${row.total.toLocaleString('en-US')}</tspan></text></g>`);
    // Re-bin the row's buckets into the display bins.
    const display = new Map<number, number[]>();
    for (const [bucket, counts] of row.buckets) {
      const b = Math.min(bins - 1, Math.max(0, Math.floor((bucket * timeline.bucketMs - start) / width)));
      const into = display.get(b);
      if (into) counts.forEach((c, i) => (into[i] += c));
      else display.set(b, [...counts]);
    }
    let max = 0;
    for (const counts of display.values()) max = Math.max(max, counts.reduce((a, c) => a + c, 0));
    const barMax = ROW_HEIGHT - 8;
    for (const [b, counts] of display) {
      const total = counts.reduce((a, c) => a + c, 0);
      const barHeight = Math.max(2, (total / max) * barMax);
      let y = top + ROW_HEIGHT - 4;
      const x = LABEL_WIDTH + b * binPx + 0.5;
      const w = Math.max(1, binPx - 1);
      const parts = counts.map((c, i) => [PROBLEM_VERDICTS[i], c] as const).filter(([, c]) => c > 0);
      const tip = `${row.endpoint}, ${hhmm(start + b * width, multiDay)}–${hhmm(start + (b + 1) * width, multiDay)} UTC: ${parts.map(([v, c]) => `${c} ${v}`).join(', ')}`;
      out.push(`<g><title>${escapeHtml(tip)}</title>`);
      for (const [verdict, c] of parts) {
        const h = (c / total) * barHeight;
        y -= h;
        out.push(`<rect class="v-${verdict}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}"/>`);
      }
      out.push('</g>');
    }
  });
  out.push('</svg>');
  const hidden = rows.length - shown.length;
  const legend = PROBLEM_VERDICTS.filter((v) => rows.some((row) => [...row.buckets.values()].some((c) => c[PROBLEM_VERDICTS.indexOf(v)] > 0)))
    .map((v) => `<span class="key"><span class="swatch s-${v}"></span>${escapeHtml(v)}</span>`).join('');
  const more = hidden > 0 || timeline.otherFailures > 0 ? `<p class="muted">${hidden > 0 ? `${plural(hidden, 'more endpoint')} with fewer failures not drawn. ` : ''}${timeline.otherFailures > 0 ? `${plural(timeline.otherFailures, 'failure')} of further endpoints not counted here.` : ''}</p>` : '';
  return `<div class="legend">${legend}<span class="muted">bars: failures per ${width >= 3_600_000 ? `${width / 3_600_000} h` : `${width / 60_000} min`}, scaled per row; hover for counts</span></div>${out.join('')}${more}`;
}

function link(input: HtmlReportInput, text: string, file: string, where: { line?: number; offset?: number }): string {
  const href = input.linkTo?.(file, where);
  return href ? `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** The first sentence (what happened) stands out; the rest (why, what to do) follows. */
function messageHtml(message: string): string {
  const cut = message.search(/[.:?] /);
  if (cut < 0) return escapeHtml(message);
  return `<strong>${escapeHtml(message.slice(0, cut + 1))}</strong>${escapeHtml(message.slice(cut + 1))}`;
}

function groupsTable(input: HtmlReportInput): string {
  const groups = input.groups;
  if (groups.length === 0) return '<p class="empty">No problems: every request succeeded or was a normal Basic-auth challenge.</p>';
  const display = input.display ?? ((f: string) => f);
  const rows = groups.map((g) => {
    const when = g.count === 1 ? escapeHtml(formatTime(g.first)) : `${escapeHtml(formatTime(g.first))} –<br>${escapeHtml(formatTime(g.last))}`;
    const endpoint = g.target ? link(input, g.endpoint, g.target.file, { offset: g.target.range?.start }) : escapeHtml(g.endpoint);
    return `<tr>
<td><span class="verdict b-${g.verdict}">${escapeHtml(g.verdict)}</span></td>
<td class="endpoint">${endpoint}<div class="muted">${escapeHtml(`${g.method} ${g.path}`)}</div></td>
<td class="caller">${escapeHtml(g.caller === '-' ? '(none)' : g.caller)}</td>
<td class="num">${g.count.toLocaleString('en-US')}</td>
<td class="when">${when}</td>
<td class="message">${messageHtml(g.message)}<div class="where">${g.count > 1 ? 'first at ' : 'at '}${link(input, `${baseNameOf(display(g.file))}:${g.line}`, g.file, { line: g.line })}</div></td>
</tr>`;
  });
  const more = input.ungrouped > 0 ? `<p class="muted">${plural(input.ungrouped, 'more request')} in further groups (run <code>iflow-auth logs --format json</code> for all).</p>` : '';
  return `<table class="groups"><colgroup><col class="c-verdict"><col class="c-endpoint"><col class="c-caller"><col class="c-num"><col class="c-when"><col></colgroup><thead><tr><th>verdict</th><th>endpoint</th><th>caller</th><th>requests</th><th>first – last (UTC)</th><th>what it means</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 8px 20px 40px; }
h1 { font-size: 1.5em; font-weight: 600; margin: 8px 0 2px; }
h2 { font-size: 1.15em; font-weight: 600; margin: 26px 0 8px; }
.sub, .muted, .axis, .count { color: var(--vscode-descriptionForeground); }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 12px 0 4px; }
.chip { border: 1px solid var(--vscode-panel-border, #444); border-radius: 12px; padding: 2px 10px; }
.chip b { font-weight: 600; }
.chip.problem { border-color: var(--vscode-charts-orange, #d18616); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 0 0 8px; align-items: center; }
.key { display: inline-flex; align-items: center; gap: 5px; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; }
svg.timeline { display: block; max-width: 100%; height: auto; }
svg text { font-family: var(--vscode-font-family); font-size: 12px; fill: var(--vscode-foreground); }
svg text.axis, svg tspan.count { fill: var(--vscode-descriptionForeground); font-size: 11px; }
svg line.grid { stroke: var(--vscode-editorIndentGuide-background, #404040); stroke-width: 1; }
svg line.base { stroke: var(--vscode-panel-border, #555); stroke-width: 1; }
svg g.row:hover text.label { font-weight: 600; }
table.groups { border-collapse: collapse; width: 100%; table-layout: fixed; }
col.c-verdict { width: 12.5em; } col.c-endpoint { width: 14em; } col.c-caller { width: 10em; } col.c-num { width: 5.5em; } col.c-when { width: 11.5em; }
.message strong { font-weight: 600; }
table.groups th { text-align: left; font-weight: 600; border-bottom: 1px solid var(--vscode-panel-border, #444); padding: 6px 8px; white-space: nowrap; }
table.groups td { vertical-align: top; border-bottom: 1px solid var(--vscode-panel-border, #333); padding: 7px 8px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.when { font-variant-numeric: tabular-nums; }
td.message { line-height: 1.45; overflow-wrap: anywhere; }
td.endpoint { overflow-wrap: anywhere; }
div.where { margin-top: 4px; color: var(--vscode-descriptionForeground); }
td.caller { overflow-wrap: anywhere; }
.verdict { display: inline-block; border-radius: 3px; padding: 1px 6px; white-space: nowrap; color: #1e1e1e; font-weight: 600; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover { text-decoration: underline; }
code { font-family: var(--vscode-editor-font-family); }
.notes li { margin: 3px 0; }
${VERDICTS.map((v) => `.v-${v} { fill: ${COLOURS[v]}; } .s-${v}, .b-${v} { background: ${COLOURS[v]}; }`).join('\n')}
`;

/** The whole page; `nonce` must match the CSP the host sets (style-src 'nonce-…'). */
export function renderLogReport(input: HtmlReportInput): string {
  const problems = VERDICTS.filter(isProblem).reduce((n, v) => n + input.summary[v], 0);
  const span = Number.isFinite(input.timeline.from) ? `${formatTime(input.timeline.from)} – ${formatTime(input.timeline.to)}` : '';
  const chips = [
    `<span class="chip${problems ? ' problem' : ''}"><b>${problems.toLocaleString('en-US')}</b> ${problems === 1 ? 'problem' : 'problems'}</span>`,
    ...VERDICTS.filter((v) => input.summary[v] > 0).map((v) => `<span class="chip"><span class="swatch s-${v}"></span> <b>${input.summary[v].toLocaleString('en-US')}</b> ${escapeHtml(v)}</span>`),
  ].join('');
  const notes = input.notes.length
    ? `<h2>Notes</h2><ul class="notes">${input.notes.map((n) => `<li>${escapeHtml(`${(input.display ?? ((f: string) => f))(n.file)}: ${n.message}`)}</li>`).join('')}</ul>`
    : '';
  const csp = `default-src 'none'; style-src 'nonce-${input.nonce}';`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Access log analysis</title>
<style nonce="${escapeHtml(input.nonce)}">${STYLE}</style></head>
<body>
<h1>Access log analysis</h1>
<div class="sub">${escapeHtml(input.title)} · ${plural(input.accessLogs, 'access log')}${input.traceLogs ? `, ${plural(input.traceLogs, 'trace')}` : ''} · ${plural(input.requests, 'request')}${span ? ` · ${escapeHtml(span)}` : ''}</div>
<div class="chips">${chips}</div>
<h2>Failures over time, per endpoint</h2>
${timelineSvg(input.timeline)}
<h2>Problems</h2>
${groupsTable(input)}
${notes}
</body></html>
`;
}
