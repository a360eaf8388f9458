// The `process` that the `assert` package (Node's assert for browsers) and its `util` dependency
// read, injected into the web test bundle only as a module-local binding: the worker's global scope
// keeps no `process`, which host.test.ts checks.
export const process = {
  env: {} as Record<string, string | undefined>,
  argv: [] as string[],
  platform: 'browser',
  version: '',
  versions: {} as Record<string, string>,
  cwd: (): string => '/',
  emitWarning: (): void => undefined,
  nextTick: (fn: (...args: unknown[]) => void, ...args: unknown[]): void => queueMicrotask(() => fn(...args)),
};
