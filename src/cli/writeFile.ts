import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The file on disk is not what the edits were computed on: it is left alone. */
export class StaleFileError extends Error {}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function same(a: Buffer | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined && b === undefined;
  return a.equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Throws StaleFileError when the file's bytes on disk are not `expected` (undefined: must not exist). */
export async function assertUnchanged(file: string, expected: Uint8Array | undefined): Promise<void> {
  const now = await readIfExists(file);
  if (!same(now, expected)) {
    throw new StaleFileError(expected === undefined ? 'the file appeared on disk since it was read; not overwritten' : 'the file changed on disk since it was read; not written');
  }
}

/**
 * Replace a file atomically: write a temporary file in the same folder (with the original file's
 * mode), check the file on disk still holds `expected`, then rename over it. A new file
 * (`expected` undefined) gets its folder created and must still not exist at the rename.
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array, expected: Uint8Array | undefined): Promise<void> {
  await assertUnchanged(file, expected);
  const dir = path.dirname(file);
  let mode: number | undefined;
  if (expected !== undefined) mode = (await fs.stat(file)).mode & 0o7777;
  else await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, bytes, { flag: 'wx', mode: mode ?? 0o666 });
    if (mode !== undefined) await fs.chmod(tmp, mode);
    await assertUnchanged(file, expected);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
}
