/**
 * `iflow-auth fix` (and any host that fixes a whole project at once): applies, iFlow by iFlow,
 * every fix that changes no one's access (or, when rules are named, every fix of those rules,
 * with the access change it makes), on a fork of the project
 * whose files are edited in memory. After each fix the fork is updated like an editor after an
 * edit, so the next fix is computed on the result of the previous one and fixes never overlap.
 * Nothing is written here: the result lists each changed file's text before and after, for the
 * host's writer (atomic files in the CLI, a WorkspaceEdit in the editor).
 */
import { describeAccessChange } from '../access';
import { applyFileEdit, type FixPlan } from '../edits/types';
import { FIXABLE_RULES, isNoQuestion } from '../fixes';
import { decodeText } from '../iflow/encoding';
import type { Finding, RuleId } from '../rules/types';
import type { FileSystemPort, FileType, FoundFiles } from './fileSystem';
import type { Project } from './project';

export interface FixRunOptions {
  /**
   * The rules whose fixes are applied, also those that change who may call a channel; default:
   * every fix that changes no one's access.
   */
  rules?: readonly RuleId[];
  /** Why a file cannot be written (e.g. its encoding); asked before a fix touches it. */
  unwritable?(file: string): Promise<string | undefined>;
}

export interface AppliedFix {
  file: string;
  title: string;
  channel?: string;
  /** Who gains or loses access, one line each (none for a fix that changes no one's access). */
  access: string[];
  notes: string[];
}

export type UnfixedFinding =
  | { kind: 'finding'; file: string; rule: RuleId; channel?: string; reason?: string }
  /** The fix changes who may call a channel: applied only when its rule is asked for. */
  | { kind: 'question'; file: string; rule: RuleId; channel?: string; title: string; access: string[] }
  /** An iFlow inside a `.zip` export: its fixable findings are counted, nothing is changed. */
  | { kind: 'archive'; file: string; count: number };

export interface ChangedFile {
  file: string;
  /** The text the first fix was computed on; undefined for a file the fixes create. */
  before?: string;
  after: string;
}

export interface FixRunResult {
  applied: AppliedFix[];
  unfixed: UnfixedFinding[];
  files: ChangedFile[];
}

const encoder = new TextEncoder();

/** The project's files with the fixes' edits laid over them. */
class EditedFileSystem implements FileSystemPort {
  readonly texts = new Map<string, string>();

  constructor(private readonly base: FileSystemPort) {}

  async readBytes(path: string): Promise<Uint8Array | undefined> {
    const text = this.texts.get(path);
    return text !== undefined ? encoder.encode(text) : this.base.readBytes(path);
  }

  openText(path: string): string | undefined {
    return this.texts.get(path) ?? this.base.openText?.(path);
  }

  async stat(path: string): Promise<FileType | undefined> {
    return this.texts.has(path) ? 'file' : this.base.stat(path);
  }

  findFiles(folder: string, patterns: readonly string[]): Promise<FoundFiles> {
    return this.base.findFiles(folder, patterns);
  }

  join(folder: string, relative: string): string {
    return this.base.join(folder, relative);
  }

  /** The file's text now: edited, else as the port reads it; undefined when it does not exist. */
  async current(path: string): Promise<string | undefined> {
    const text = this.openText(path);
    if (text !== undefined) return text;
    const bytes = await this.base.readBytes(path);
    return bytes === undefined ? undefined : decodeText(bytes, { latin1Fallback: true, rejectNul: false }).text;
  }
}

const keyOf = (f: Finding): string => `${f.rule}\u0000${f.channel}\u0000${f.message}`;

export async function fixProject(project: Project, options: FixRunOptions = {}): Promise<FixRunResult> {
  const asked = options.rules !== undefined && options.rules.length > 0;
  const selected = asked ? options.rules! : FIXABLE_RULES;
  // An exempted finding stays as the team recorded it: no fix touches it.
  const selectable = (f: Finding): boolean => !f.suppressed && selected.includes(f.rule) && FIXABLE_RULES.includes(f.rule);
  const order = (f: Finding): number => FIXABLE_RULES.indexOf(f.rule);
  const edited = new EditedFileSystem(project.fileSystem);
  const fork = project.fork(edited);
  const before = new Map<string, string | undefined>();
  const result: FixRunResult = { applied: [], unfixed: [], files: [] };

  /** Lays a plan's edits over the files; a reason when it cannot be applied. */
  const apply = async (plan: FixPlan): Promise<string | undefined> => {
    if (plan.files.length === 0) return plan.notes[0] ?? 'nothing to apply';
    const next: Array<{ file: string; text: string; base?: string }> = [];
    for (const fe of plan.files) {
      const current = await edited.current(fe.file);
      if (fe.create ? current !== undefined : current !== fe.baseText) return `${fe.file} changed while the fix was computed`;
      const unwritable = await options.unwritable?.(fe.file);
      if (unwritable) return `${fe.file}: ${unwritable}`;
      next.push({ file: fe.file, text: applyFileEdit(fe), base: current });
    }
    if (next.every((n) => n.text === n.base)) return 'the fix changes nothing';
    for (const n of next) {
      if (!before.has(n.file)) before.set(n.file, n.base);
      edited.texts.set(n.file, n.text);
    }
    await fork.update(next.map((n) => n.file));
    return undefined;
  };

  for (const doc of project.documents()) {
    const file = doc.file;
    if (project.archiveOf(file) !== undefined) {
      const count = project.findings(file).filter(selectable).length;
      if (count > 0) result.unfixed.push({ kind: 'archive', file, count });
      continue;
    }
    const attempted = new Set<string>();
    for (let iteration = 0; iteration < 500; iteration++) {
      const current = fork.document(file);
      if (!current || current.error) break;
      const finding = fork.findings(file)
        .filter((f) => selectable(f) && !attempted.has(keyOf(f)))
        .sort((a, b) => order(a) - order(b) || a.range.start - b.range.start)[0];
      if (!finding) break;
      const plan = (await fork.fixesFor(finding))[0];
      if (plan && !asked && !isNoQuestion(plan)) {
        attempted.add(keyOf(finding));
        result.unfixed.push({ kind: 'question', file, rule: finding.rule, channel: finding.channel, title: plan.title, access: describeAccessChange(plan.access) });
        continue;
      }
      const problem = plan ? await apply(plan) : undefined;
      if (!plan || problem !== undefined) {
        attempted.add(keyOf(finding));
        let reason = problem;
        if (!reason && finding.rule === 'client-certificate-authorization') {
          const channel = current.channels.find((c) => c.elementRange.start <= finding.range.start && finding.range.start <= c.elementRange.end);
          reason = channel ? await fork.whyNoMigration(file, channel.id) : undefined;
        }
        result.unfixed.push({ kind: 'finding', file, rule: finding.rule, channel: finding.channel, reason });
        continue;
      }
      result.applied.push({ file, title: plan.title, channel: finding.channel, access: describeAccessChange(plan.access), notes: plan.notes });
    }
  }
  for (const [file, text] of edited.texts) {
    const original = before.get(file);
    if (text !== original) result.files.push({ file, before: original, after: text });
  }
  // The mapping files first (the file a reviewer reads first), then the others in the order fixed.
  const isMapping = (f: ChangedFile): number => (fork.mappingFile(f.file) ? 0 : 1);
  result.files.sort((a, b) => isMapping(a) - isMapping(b));
  return result;
}
