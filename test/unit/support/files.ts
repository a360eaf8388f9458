import * as fs from 'fs';
import * as path from 'path';

/** Every file below `dir` that `keep` accepts, sorted (tests walk fixtures and the sources). */
export function filesUnder(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(f, keep, out);
    else if (keep(f)) out.push(f);
  }
  return out.sort();
}
