import * as assert from 'assert';
import type { LoadProgress } from '../../src/core/project/project';
import { SenderAuthWorkspace } from '../../src/vscode/model';
import { SenderAuthTree } from '../../src/vscode/tree';
import { api } from './helpers';

describe('a first read shows the iFlows while it reads them', () => {
  it('the model holds the iFlows read so far at each report (onDidReadSome), the tree shows them, and onDidRead follows with all', async () => {
    const { workspace: extensionWorkspace } = await api();
    await extensionWorkspace.catchUp();
    const total = extensionWorkspace.current.documents().length;
    // A model of its own over the same workspace, read from nothing, as at activation.
    const fresh = new SenderAuthWorkspace();
    const tree = new SenderAuthTree(fresh);
    const events: string[] = [];
    const reports: Array<LoadProgress & { documents: number; rows: number }> = [];
    const subscriptions = [
      fresh.onDidReadSome((p) => {
        events.push('some');
        reports.push({ ...p, documents: fresh.current.documents().length, rows: tree.getChildren().length });
      }),
      fresh.onDidRead(() => events.push('read')),
    ];
    try {
      await fresh.reloadAll();
      assert.ok(reports.length > 0, 'no progress was reported');
      for (const r of reports) {
        assert.strictEqual(r.documents, r.read, 'each report: the model holds the iFlows read so far');
        assert.ok(r.read <= r.found && r.found > 0, JSON.stringify(r));
      }
      assert.ok(reports.some((r) => r.rows > 0), 'the tree shows rows while the iFlows are read');
      assert.deepStrictEqual(events, [...reports.map(() => 'some'), 'read']);
      assert.strictEqual(fresh.current.documents().length, total);
    } finally {
      for (const s of subscriptions) s.dispose();
      tree.dispose();
      fresh.dispose();
    }
  });

  it('a reload while iFlows are shown reports nothing and shows nothing partial: the shown project stays until the new one is read and linted', async () => {
    const fresh = new SenderAuthWorkspace();
    try {
      await fresh.reloadAll();
      const before = fresh.current;
      assert.ok(before.documents().length > 0);
      let events = 0;
      let changedTo: unknown;
      const subscriptions = [
        fresh.onDidReadSome(() => events++),
        fresh.onDidRead(() => events++),
        fresh.onDidChange(() => { changedTo ??= fresh.current; }),
      ];
      await fresh.reloadAll();
      for (const s of subscriptions) s.dispose();
      assert.strictEqual(events, 0);
      assert.notStrictEqual(fresh.current, before, 'the reload replaced the project');
      assert.strictEqual(changedTo, fresh.current, 'replaced once, when it was done');
      assert.strictEqual(fresh.current.documents().length, before.documents().length);
    } finally {
      fresh.dispose();
    }
  });
});
