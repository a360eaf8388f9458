/**
 * Entry point of the integration suite: the standard `run()` that a VS Code extension host calls
 * for `extensionTestsPath` (test/host/run.mjs here; @vscode/test-electron / @vscode/test-cli on a
 * desktop with internet). It runs every `out/test/integration/**\/*.test.js` with mocha (bdd) inside
 * the host, against the real `vscode` API.
 *
 * Order: the tests must not depend on it. Every test starts from the workspace as the suite found
 * it (a root afterEach hook restores it: helpers.ts restoreWorkspace), and the environment can
 * reorder the suite: INTEGRATION_ORDER=reverse runs files, suites and tests back to front;
 * INTEGRATION_ORDER=shuffle:<seed> in a seeded random order (the order used is printed).
 *
 * At the end it prints one machine-readable line (./report.ts) and, when the host's environment has
 * INTEGRATION_RESULT_FILE, writes the same JSON there. The browser's web-worker host runs the same
 * tests, with the same root hooks, through web/index.ts instead.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { restoreWorkspace, snapshotWorkspace } from './helpers';
import { runAndReport } from './report';

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // web/ holds what only the browser's web-worker host runs (bundled by scripts/bundle.mjs).
    if (entry.isDirectory()) { if (entry.name !== 'web') findTests(full, out); }
    else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

/** A small seeded generator (mulberry32), so a shuffled order can be repeated from its seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/** Reorders suites and tests in place (hooks stay with their suite); returns a description. */
export function reorder(root: Mocha.Suite, order: string | undefined): string {
  if (!order || order === 'declared') return 'declared';
  let arrange: <T>(items: T[]) => void;
  const m = /^shuffle(?::(\d+))?$/.exec(order);
  if (order === 'reverse') {
    arrange = (items) => { items.reverse(); };
  } else if (m) {
    const seed = m[1] === undefined ? Date.now() % 100000 : Number(m[1]);
    const random = seededRandom(seed);
    arrange = (items) => shuffle(items, random);
    order = `shuffle:${seed}`;
  } else {
    throw new Error(`INTEGRATION_ORDER must be declared, reverse or shuffle[:<seed>], not "${order}"`);
  }
  const visit = (suite: Mocha.Suite): void => {
    arrange(suite.suites);
    arrange(suite.tests);
    suite.suites.forEach(visit);
  };
  visit(root);
  return order;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.INTEGRATION_TEST_TIMEOUT_MS) || 180_000,
    rootHooks: {
      beforeAll: snapshotWorkspace,
      afterEach: restoreWorkspace,
    },
  });
  const grep = process.env.INTEGRATION_GREP;
  if (grep) mocha.grep(grep);
  for (const file of findTests(__dirname)) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const order = reorder(mocha.suite, process.env.INTEGRATION_ORDER);
  console.log(`INTEGRATION_ORDER ${order}`);

  await runAndReport((done) => mocha.run(done), (json) => {
    const resultFile = process.env.INTEGRATION_RESULT_FILE;
    if (!resultFile) return;
    try {
      fs.writeFileSync(resultFile, json);
    } catch (err) {
      console.error(`could not write ${resultFile}: ${String(err)}`);
    }
  });
}
