/**
 * `iflow-auth fix`: applies, per iFlow, every fix that changes no one's access (or, with --rule,
 * every fix of the rules named, printing who gains or loses access), re-reading the iFlow after
 * each fix so fixes never overlap. All edits are
 * kept in memory; then either a unified diff is printed (--dry-run) or each changed file is
 * written atomically, never over a file that changed on disk since it was read.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { unifiedDiff } from '../core/edits/diff';
import { applyFileEdit, type FixPlan } from '../core/edits/types';
import { createRuleContext, defaultLintOptions, lintIFlow } from '../core/engine';
import { describeAccessChange } from '../core/access';
import { DEFAULT_FLOW_ROLE } from '../core/defaults';
import { FIXABLE_RULES, fixesFor, isNoQuestion, whyNoMigration, type FixSettings } from '../core/fixes';
import { decodeText } from '../core/iflow/encoding';
import { exportRootOf, manifestPathOf, parametersPathOf } from '../core/iflow/layout';
import { parseParameters } from '../core/iflow/parameters';
import { parseIFlow } from '../core/iflow/parse';
import { plural } from '../core/plural';
import { readMappingFile } from '../core/mapping/read';
import type { IFlowDocument } from '../core/model';
import type { Finding, RuleContext, RuleId } from '../core/rules/types';
import type { CliArgs } from './args';
import { certificateIndexOf, collectFiles, displayPath, mappingPathOf } from './files';
import type { CliIO } from './main';
import { StaleFileError, writeFileAtomic } from './writeFile';

const utf8 = new TextEncoder();

/** A file as read from disk, and its text after the fixes so far. */
interface StoredFile {
  /** Bytes on disk when read; undefined when the file did not exist. */
  bytes?: Uint8Array;
  original?: string;
  text?: string;
  /** How to write it back. */
  encoding: 'utf-8' | 'windows-1252';
  bom: boolean;
  /** Why it cannot be written (an encoding the fixer does not write). */
  unwritable?: string;
}

/** Files read once, edited in memory. Keys are absolute paths. */
class FileStore {
  readonly files = new Map<string, StoredFile>();

  async get(file: string): Promise<StoredFile> {
    let f = this.files.get(file);
    if (f) return f;
    let bytes: Uint8Array | undefined;
    try {
      bytes = new Uint8Array(await fs.readFile(file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (bytes === undefined) {
      f = { encoding: 'utf-8', bom: false };
    } else {
      const d = decodeText(bytes, { latin1Fallback: true });
      if (d.error !== undefined) {
        f = { bytes, encoding: 'utf-8', bom: false, unwritable: d.error };
      } else {
        const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
        const encoding = d.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8';
        f = { bytes, original: d.text, text: d.text, encoding, bom };
        if (d.encoding === 'utf-16le' || d.encoding === 'utf-16be') f.unwritable = `the file is ${d.encoding.toUpperCase()}; fixes are only written to UTF-8 files`;
      }
    }
    this.files.set(file, f);
    return f;
  }

  /** Text now (undefined: does not exist). */
  async text(file: string): Promise<string | undefined> {
    return (await this.get(file)).text;
  }
}

function encode(f: StoredFile, text: string): Uint8Array | string {
  if (f.encoding === 'windows-1252') {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 0xff) return 'the file is not UTF-8 and the new text has characters its encoding cannot hold';
    }
    return new Uint8Array(Buffer.from(text, 'latin1'));
  }
  const body = utf8.encode(text);
  if (!f.bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

export async function runFix(args: CliArgs, io: CliIO): Promise<number> {
  const roots = args.paths.map((p) => path.resolve(io.cwd, p));
  const collected = await collectFiles(roots, args.certificates.map((c) => path.resolve(io.cwd, c)));
  const errors = [...collected.errors];
  const index = certificateIndexOf(collected, io.stderr);
  const options = { ...defaultLintOptions(args.now), expiryWarningDays: args.expiryDays, severities: args.severities };
  const asked = args.fixRules.length > 0;
  const selected: readonly RuleId[] = asked ? args.fixRules : FIXABLE_RULES;
  const store = new FileStore();
  const mappingFile = await mappingPathOf(args, io.cwd);
  const display = (f: string): string => displayPath(f, io.cwd);
  const out: string[] = [];
  const unfixed: string[] = [];
  let applied = 0;

  const mappingNow = async () => {
    const text = await store.text(mappingFile);
    return text === undefined ? undefined : readMappingFile(text, mappingFile);
  };
  const initialMapping = await store.get(mappingFile).catch((e: Error) => {
    errors.push({ file: mappingFile, message: `cannot read the mapping file: ${e.message}` });
    return undefined;
  });
  if (initialMapping?.unwritable) errors.push({ file: mappingFile, message: initialMapping.unwritable });

  const selectable = (f: Finding): boolean => selected.includes(f.rule) && FIXABLE_RULES.includes(f.rule);
  const order = (f: Finding): number => FIXABLE_RULES.indexOf(f.rule);
  // Roles the other iFlows use: tenant users may hold them, so giving one is a change of access.
  const rolesByFile = new Map(collected.iflows.map((s) => [path.resolve(s.file), parseIFlow(s.text, s.file).channels.map((c) => c.role?.trim() ?? '').filter((r) => r !== '')]));
  const rolesOutside = (file: string): Set<string> => new Set([...rolesByFile].filter(([f]) => f !== file).flatMap(([, roles]) => roles));

  for (const source of collected.iflows) {
    if (source.file.includes('!/')) {
      // Inside an export archive: report what would need fixing, change nothing.
      const doc = parseIFlow(source.text, source.file, {
        manifest: source.manifest,
        parameters: source.parameters === undefined ? undefined : parseParameters(source.parameters),
      });
      const ctx = createRuleContext(options, index, await mappingNow());
      const n = lintIFlow(doc, ctx).filter(selectable).length;
      if (n > 0) unfixed.push(`${display(source.file)}: ${n} fixable finding(s) inside an archive: unpack the export to fix them`);
      continue;
    }
    const file = path.resolve(source.file);
    const stored = await store.get(file);
    if (stored.text === undefined) continue;
    const root = exportRootOf(file);
    const parametersFile = root === undefined ? undefined : parametersPathOf(root);
    const manifest = root === undefined ? undefined : await store.text(manifestPathOf(root)).catch(() => undefined);
    const attempted = new Set<string>();
    const rolesInUse = rolesOutside(file);

    for (let iteration = 0; iteration < 500; iteration++) {
      const paramsText = parametersFile === undefined ? undefined : await store.text(parametersFile);
      const doc: IFlowDocument = parseIFlow((await store.text(file)) ?? '', file, {
        manifest,
        parameters: paramsText === undefined ? undefined : parseParameters(paramsText, parametersFile),
      });
      if (doc.error) break;
      const mapping = await mappingNow();
      const ctx: RuleContext = createRuleContext(options, index, mapping);
      const settings: FixSettings = {
        flowRole: args.flowRole ?? DEFAULT_FLOW_ROLE,
        mappingFile,
        rolesInUse,
        parametersFileOf: () => parametersFile,
        parametersText: () => paramsText,
      };
      const key = (f: Finding): string => `${f.rule}\u0000${f.channel}\u0000${f.message}`;
      const findings = lintIFlow(doc, ctx)
        .filter((f) => selectable(f) && !attempted.has(key(f)))
        .sort((a, b) => order(a) - order(b) || a.range.start - b.range.start);
      const finding = findings[0];
      if (!finding) break;
      const plan = fixesFor(finding, doc, ctx, settings)[0];
      const where = `${display(file)}: ${finding.rule}${finding.channel ? ` (channel "${finding.channel}")` : ''}`;
      if (plan && !asked && !isNoQuestion(plan)) {
        // It changes who may call a channel: listed, applied only when asked for by --rule.
        attempted.add(key(finding));
        unfixed.push(`${where}: not fixed: "${plan.title}" changes who may call the channel; run with --rule ${finding.rule} to apply it:${describeAccessChange(plan.access).map((l) => `\n  ${l}`).join('')}`);
        continue;
      }
      const problem = plan ? await applyPlan(plan, store) : undefined;
      if (!plan || problem !== undefined) {
        attempted.add(key(finding));
        let why = problem;
        if (!why && finding.rule === 'client-certificate-authorization') {
          const channel = doc.channels.find((c) => c.elementRange.start <= finding.range.start && finding.range.start <= c.elementRange.end);
          why = channel ? whyNoMigration(doc, channel, ctx, settings) : undefined;
        }
        unfixed.push(`${where}: not fixed${why ? `: ${why}` : ''}`);
        continue;
      }
      applied++;
      out.push(`${display(file)}: ${plan.title}${finding.channel ? ` (channel "${finding.channel}")` : ''}`);
      for (const line of describeAccessChange(plan.access)) out.push(`  Access: ${line}`);
      for (const note of plan.notes) out.push(`  ${note}`);
    }
  }

  // Write (or show) every changed file.
  const changed = [...store.files].filter(([, f]) => f.text !== f.original);
  for (const [file, f] of changed) {
    if (f.unwritable) errors.push({ file, message: `not written: ${f.unwritable}` });
  }
  if (args.dryRun) {
    for (const [file, f] of changed) {
      const name = display(file);
      io.stdout(unifiedDiff(`a/${name}`, `b/${name}`, f.original, f.text ?? ''));
    }
  } else if (!changed.some(([, f]) => f.unwritable)) {
    // All or nothing: a fix spans files (iFlow, mapping, parameters.prop), so every file is
    // encoded before the first write, and a failed write puts back the files already written.
    const encoded: Array<{ file: string; bytes: Uint8Array; original: Uint8Array | undefined }> = [];
    for (const [file, f] of changed) {
      const bytes = encode(f, f.text ?? '');
      if (typeof bytes === 'string') errors.push({ file, message: `not written: ${bytes}` });
      else encoded.push({ file, bytes, original: f.bytes });
    }
    const written: typeof encoded = [];
    for (const w of errors.length > 0 ? [] : encoded) {
      try {
        await writeFileAtomic(w.file, w.bytes, w.original);
        written.push(w);
      } catch (e) {
        errors.push({ file: w.file, message: e instanceof StaleFileError ? e.message : `cannot write: ${(e as Error).message}` });
        for (const done of written.reverse()) {
          try {
            if (done.original === undefined) await fs.unlink(done.file);
            else await fs.writeFile(done.file, done.original);
          } catch (re) {
            errors.push({ file: done.file, message: `written, and could not be restored after the failure: ${(re as Error).message}` });
          }
        }
        break;
      }
    }
  }
  const summary = changed.length === 0
    ? 'Nothing to fix.'
    : `${args.dryRun ? 'Would apply' : 'Applied'} ${plural(applied, 'fix', 'fixes')}; ${plural(changed.length, 'file')} ${args.dryRun ? 'would change (dry run: nothing written)' : 'changed'}: ${changed.map(([file]) => display(file)).join(', ')}`;
  (args.dryRun ? io.stderr : io.stdout)(`${out.length > 0 ? `${out.join('\n')}\n` : ''}${unfixed.map((u) => `${u}\n`).join('')}${summary}\n`);
  for (const e of errors) io.stderr(`iflow-auth: ${display(e.file)}: ${e.message}\n`);
  if (errors.length > 0) return 2;
  return unfixed.length > 0 ? 1 : 0;
}

/** Applies a plan to the in-memory files; a reason string when it cannot be applied. */
async function applyPlan(plan: FixPlan, store: FileStore): Promise<string | undefined> {
  if (plan.files.length === 0) return plan.notes[0] ?? 'nothing to apply';
  const results: Array<{ file: string; text: string }> = [];
  for (const fe of plan.files) {
    const f = await store.get(path.resolve(fe.file));
    const current = f.text;
    if (fe.create ? current !== undefined : current !== fe.baseText) return `${fe.file} changed while the fix was computed`;
    if (f.unwritable) return `${fe.file}: ${f.unwritable}`;
    results.push({ file: path.resolve(fe.file), text: applyFileEdit(fe) });
  }
  let changed = false;
  for (const r of results) {
    const f = await store.get(r.file);
    if (f.text !== r.text) changed = true;
    f.text = r.text;
  }
  return changed ? undefined : 'the fix changes nothing';
}
