// package.json is the one place the version is written: esbuild inlines just this field into
// dist/cli.js, and tsc's build reads it from there too.
import { version } from '../../package.json';

export const VERSION: string = version;
