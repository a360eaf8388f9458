import { CERTIFICATE_EXTENSIONS } from './defaults';
import { parseIFlow } from './iflow/parse';
import { parseParameters } from './iflow/parameters';
import { exportRootOf, manifestPathOf, parametersPathOf } from './iflow/layout';
import type { IFlowDocument, ParameterSet } from './model';

/** Reads a text file by path; undefined when it does not exist. The CLI and the editor each supply one. */
export type TextReader = (path: string) => Promise<string | undefined>;

/**
 * Turns an `.iflw` into a document with its export's manifest and parameters.prop, reading each
 * export's companions once however many of its iFlows are loaded.
 */
export class IFlowLoader {
  private readonly companions = new Map<string, Promise<{ manifest?: string; parameters?: ParameterSet }>>();

  constructor(private readonly read: TextReader) {}

  async load(file: string, text: string): Promise<IFlowDocument> {
    const root = exportRootOf(file);
    const context = root === undefined ? {} : await this.companionsOf(root);
    return parseIFlow(text, file, context);
  }

  /** Forget cached companions (after parameters.prop or the manifest changed). */
  invalidate(root?: string): void {
    if (root === undefined) this.companions.clear();
    else this.companions.delete(root);
  }

  private companionsOf(root: string): Promise<{ manifest?: string; parameters?: ParameterSet }> {
    let pending = this.companions.get(root);
    if (!pending) {
      pending = (async () => {
        const [manifest, parametersText] = await Promise.all([
          this.read(manifestPathOf(root)).catch(() => undefined),
          this.read(parametersPathOf(root)).catch(() => undefined),
        ]);
        const parameters = parametersText === undefined ? undefined : parseParameters(parametersText, parametersPathOf(root));
        return { manifest, parameters };
      })();
      this.companions.set(root, pending);
    }
    return pending;
  }
}

export const isCertificatePath = (path: string): boolean => {
  const lower = path.toLowerCase();
  return CERTIFICATE_EXTENSIONS.some((ext) => lower.endsWith(ext));
};
