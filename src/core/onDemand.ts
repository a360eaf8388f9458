/**
 * Parts of the core that only a user's action needs, loaded on first use. Here they are plain
 * dynamic imports (the CLI's bundle carries them, the compiled tests load them at once); the
 * extension's bundles replace this file (scripts/bundle.mjs) so that they come from the chunk the
 * extension ships them in, loaded when first needed.
 */
import type * as Fixes from './fixes';
import type * as ArchiveReader from './iflow/archive';

/** The fix planner (src/core/fixes.ts and the edits it makes). */
export const loadFixes = (): Promise<typeof Fixes> => import('./fixes');

/** The reader of .zip exports (and the inflater it needs), for a workspace that has some. */
export const loadArchiveReader = (): Promise<typeof ArchiveReader> => import('./iflow/archive');
