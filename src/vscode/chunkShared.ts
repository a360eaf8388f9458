/**
 * What the extension's main bundle shares with its lazily loaded chunks (chunks.ts). This file is a
 * placeholder for the compiler: scripts/bundle.mjs replaces its contents in each bundle with the
 * modules the chunks import that the main bundle already holds (one instance of each, so classes
 * and module state are the same on both sides), and the folder the chunks sit in.
 */

/** The chunks' folder inside the extension: 'dist' (Node host) or 'dist/web' (web worker). */
export const chunkFolder: string = 'dist';

/** The main bundle's modules by their path in the repository, as the chunks require them. */
export const sharedModules: Readonly<Record<string, unknown>> = {};
