/**
 * Trust and privacy: no network access anywhere (guarded for the whole unit run, and checked
 * explicitly over every fixture through the engine and the CLI), no workspace code run (static
 * checks on src/), workspace trust and virtual workspaces declared, and no secrets or DNs in logs.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { createRuleContext, defaultLintOptions, lintIFlow } from '../../../src/core/engine';
import { readIFlowArchive } from '../../../src/core/iflow/archive';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { assertNoKeyMaterial, CERTS, cli, FIXTURES, installNetworkGuard, NOW_ARG, REPO, snapshot, tempDir, type NetworkGuard } from './support';
import { filesUnder } from '../support/files';

// ---------------------------------------------------------------------------------------------
// A root-level guard: these hooks sit outside any describe, so mocha runs them around the whole
// unit run (every test file). Any network attempt by any test of the engine or CLI fails the run.
let runGuard: NetworkGuard | undefined;
before(function () {
  runGuard = installNetworkGuard();
});
after(function () {
  runGuard?.restore();
  assert.deepStrictEqual(runGuard?.attempts ?? [], [], 'a unit test attempted network access');
});

describe('security: trust and privacy', function () {
  this.timeout(60_000);

  describe('no network access', () => {
    it('the guard itself works: every entry point records and throws', async () => {
      const guard = installNetworkGuard();
      try {
        assert.throws(() => require('net').connect(9, '127.0.0.1'));
        assert.throws(() => new (require('net').Socket)().connect(9, '127.0.0.1'));
        assert.throws(() => require('http').get('http://127.0.0.1:9/'));
        assert.throws(() => require('https').request('https://127.0.0.1:9/'));
        assert.throws(() => require('dns').lookup('example.invalid', () => undefined));
        assert.throws(() => require('tls').connect(9, '127.0.0.1'));
        if (typeof globalThis.fetch === 'function') assert.throws(() => globalThis.fetch('http://127.0.0.1:9/'));
        assert.ok(guard.attempts.length >= 6, JSON.stringify(guard.attempts));
      } finally {
        guard.restore();
      }
    });

    it('the engine over every fixture file (iFlows, hostile XML, certificates, zips) attempts nothing', () => {
      const guard = installNetworkGuard();
      try {
        const ctx = createRuleContext(defaultLintOptions(new Date('2026-11-27T00:00:00Z')), new CertificateIndex());
        let n = 0;
        for (const f of filesUnder(FIXTURES, () => true)) {
          const bytes = new Uint8Array(fs.readFileSync(f));
          if (/\.(iflw|xml)$/.test(f)) lintIFlow(parseIFlow(Buffer.from(bytes).toString('utf8'), f), ctx);
          else if (/\.zip$/.test(f)) readIFlowArchive(bytes, f).iflows.forEach((x) => lintIFlow(parseIFlow(x.text, x.file), ctx));
          else if (/\.(cer|crt|pem|der|p7b|p7c|b64|p12|bin)$/.test(f)) decodeCertificates(bytes, { file: f, kind: 'file' });
          else continue;
          n++;
        }
        assert.ok(n > 60, `${n} files`);
      } finally {
        guard.restore();
      }
      assert.deepStrictEqual(guard.attempts, []);
    });

    it('the CLI (lint and channels, every format) over all fixtures and the examples attempts nothing', async () => {
      const guard = installNetworkGuard();
      try {
        for (const args of [['lint', '--format', 'text'], ['lint', '--format', 'json'], ['lint', '--format', 'sarif'], ['channels', '--format', 'json']]) {
          const r = await cli([...args, NOW_ARG, FIXTURES, path.join(REPO, 'examples')], REPO);
          assert.ok(r.code === 1 || r.code === 2, `${args.join(' ')}: exit ${r.code}`);
        }
      } finally {
        guard.restore();
      }
      assert.deepStrictEqual(guard.attempts, []);
    });

    it('static: src/ imports no network, process or code-evaluation module and calls no fetch', () => {
      const offenders: string[] = [];
      const banned = /(?:from\s+|require\(\s*|import\(\s*)['"](?:node:)?(?:http|https|http2|net|tls|dns|dgram|child_process|cluster|worker_threads|vm|inspector)['"]/;
      const calls = /\b(?:fetch|XMLHttpRequest|WebSocket|eval|importScripts)\s*\(|new\s+(?:Function|WebSocket|XMLHttpRequest|Worker)\s*\(/;
      // The one evaluation: the chunk loader runs the extension's own chunks, read from the
      // extension's folder as the extension host reads its main bundle (checked below).
      const chunkLoader = 'src/vscode/chunks.ts';
      let evaluations = 0;
      for (const f of filesUnder(path.join(REPO, 'src'), (p) => p.endsWith('.ts'))) {
        fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          if (path.relative(REPO, f).split(path.sep).join('/') === chunkLoader && /new Function\('module', 'exports', 'require', /.test(code) && !banned.test(code)) evaluations++;
          else if (banned.test(code) || calls.test(code)) offenders.push(`${path.relative(REPO, f)}:${i + 1}: ${line.trim()}`);
        });
      }
      assert.deepStrictEqual(offenders, []);
      assert.strictEqual(evaluations, 1);
      const loader = fs.readFileSync(path.join(REPO, chunkLoader), 'utf8');
      assert.match(loader, /extensionRoot = extensionUri;/, 'the root is the extension\'s folder');
      assert.match(loader, /evaluate\(vscode\.Uri\.joinPath\(extensionRoot, chunkFolder, `\$\{name\}\.js`\)\)/, 'only files of the extension\'s own folder are run');
      assert.match(loader, /if \(!\/\^\[a-z\]\+\$\/\.test\(name\)\)/, 'a chunk name is a plain word');
    });

    it('static: src/core imports no Node built-in at all (it runs in a browser; only the CLI touches the disk)', () => {
      const offenders: string[] = [];
      for (const f of filesUnder(path.join(REPO, 'src/core'), (p) => p.endsWith('.ts'))) {
        fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
          if (/(?:from\s+|require\(\s*)['"](?:node:)?(?:fs|path|os|http|https|net|dns|child_process|crypto)['"]/.test(line)) offenders.push(`${path.relative(REPO, f)}:${i + 1}`);
        });
      }
      assert.deepStrictEqual(offenders, []);
    });
  });

  describe('workspace trust', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

    it('untrusted workspaces: declared supported, and nothing in the manifest runs workspace code', () => {
      // Supported is honest only because the extension never executes, requires or evaluates
      // anything from the workspace (checked statically above) and runs no debuggers.
      assert.strictEqual(pkg.capabilities?.untrustedWorkspaces?.supported, true);
      const contributes = pkg.contributes ?? {};
      for (const k of ['debuggers', 'terminal', 'notebooks']) assert.strictEqual(contributes[k], undefined, `contributes.${k}`);
      // The one task runs the extension's own bundled CLI (which only reads the workspace), and only
      // in a trusted workspace.
      assert.deepStrictEqual((contributes.taskDefinitions ?? []).map((t: { type: string }) => t.type), ['iflow-auth']);
      const task = fs.readFileSync(path.join(REPO, 'src/vscode/lintTask.ts'), 'utf8');
      assert.match(task, /if \(!vscode\.workspace\.isTrusted\) return undefined;/);
      assert.match(task, /new vscode\.ProcessExecution\(runtime, \[cli, 'lint'/);
      assert.match(task, /const cli = vscode\.Uri\.joinPath\(this\.extensionUri, 'dist', 'cli\.js'\)\.fsPath;/);
      // Settings that could point at code to run would need restrictedConfigurations.
      for (const [name, p] of Object.entries<Record<string, unknown>>(contributes.configuration?.properties ?? {})) {
        assert.ok(!/command|executable|script|path$/i.test(name) || name === 'iflowAuth.mappingFile', `${name} looks like it runs something`);
        assert.notStrictEqual(p.scope, 'machine-overridable', name);
      }
    });

    it('virtual workspaces: declared limited, with the reason', () => {
      assert.strictEqual(pkg.capabilities?.virtualWorkspaces?.supported, 'limited');
      assert.ok(String(pkg.capabilities.virtualWorkspaces.description).length > 20);
    });

    it('static: the extension reads files through vscode.workspace.fs, never node:fs (remote and virtual workspaces)', () => {
      for (const f of filesUnder(path.join(REPO, 'src/vscode'), (p) => p.endsWith('.ts'))) {
        assert.ok(!/from ['"](?:node:)?fs['"]|require\(['"](?:node:)?fs['"]\)/.test(fs.readFileSync(f, 'utf8')), path.relative(REPO, f));
      }
    });
  });

  describe('logs: no secrets, no DNs beyond what the user sees', () => {
    it('static: src/ never logs to the console (the CLI prints only through its io, the extension only through UI)', () => {
      // A grep-based check: any console.* call in src/ (DNs, values or key material could end up
      // in the extension host log or CI logs without the user seeing them).
      const offenders: string[] = [];
      for (const f of filesUnder(path.join(REPO, 'src'), (p) => p.endsWith('.ts'))) {
        fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
          if (/\bconsole\s*\.\s*(?:log|info|warn|error|debug|trace|dir)\s*\(/.test(line.replace(/\/\/.*$/, ''))) offenders.push(`${path.relative(REPO, f)}:${i + 1}: ${line.trim()}`);
        });
      }
      assert.deepStrictEqual(offenders, []);
    });

    it('static: the extension logs in one place only, which cuts key material out of every message', () => {
      const log = path.join(REPO, 'src/vscode/log.ts');
      for (const f of filesUnder(path.join(REPO, 'src/vscode'), (p) => p.endsWith('.ts'))) {
        if (f === log) continue;
        const text = fs.readFileSync(f, 'utf8');
        assert.ok(!/createOutputChannel|\.appendLine\(|LogOutputChannel/.test(text), `${path.relative(REPO, f)}: logs (check that no DN or key reaches it, then update this test)`);
      }
      const text = fs.readFileSync(log, 'utf8');
      const writes = text.match(/this\.channel\.(info|warn|error|append|appendLine|trace|debug)\(/g) ?? [];
      const redacted = text.match(/this\.channel\.(info|warn|error)\(redactKeyMaterial\(/g) ?? [];
      assert.ok(writes.length > 0 && writes.length === redacted.length, 'every write of the log goes through redactKeyMaterial');
    });

    it('the CLI never prints key material from its inputs: a key in a certificate file, in the mapping, in an iFlow cell', async () => {
      const { dir, cleanup } = tempDir();
      try {
        const withKey = fs.readFileSync(path.join(CERTS, 'client-with-key.pem'), 'utf8');
        const keyBlock = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/.exec(withKey)![0];
        const escaped = keyBlock.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '&#10;');
        fs.mkdirSync(path.join(dir, 'certs'));
        fs.writeFileSync(path.join(dir, 'certs/with-key.pem'), withKey);
        fs.writeFileSync(path.join(dir, 'certs/key.pem'), keyBlock);
        fs.writeFileSync(path.join(dir, 'certificate-user-mappings.json'), JSON.stringify({ mappings: [{ user: 'U', roles: ['R'], certificate: withKey }, { user: 'V', roles: ['R'], certificate: keyBlock }] }, null, 2));
        const cell = (v: string): string => `&lt;cell id='clientCertificate.subjectDN'&gt;${v.replace(/&/g, '&amp;')}&lt;/cell&gt;&lt;cell id='clientCertificate.issuerDN'&gt;CN=CA&lt;/cell&gt;`;
        const iflow = fs.readFileSync(path.join(FIXTURES, 'iflows/adapters.iflw'), 'utf8')
          .replace(/<key>clientCertificates<\/key>\s*<value>[\s\S]*?<\/value>/, `<key>clientCertificates</key><value>&lt;row&gt;${cell(escaped)}&lt;/row&gt;</value>`);
        fs.mkdirSync(path.join(dir, 'Flow/src/main/resources/scenarioflows/integrationflow'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'Flow/src/main/resources/scenarioflows/integrationflow/Flow.iflw'), iflow);
        const before = snapshot(dir);
        for (const args of [['lint', '--format', 'text'], ['lint', '--format', 'json'], ['lint', '--format', 'sarif'], ['channels'], ['channels', '--format', 'json']]) {
          const r = await cli([...args, NOW_ARG, '.'], dir);
          assertNoKeyMaterial(r.out, `${args.join(' ')} stdout`);
          assertNoKeyMaterial(r.err, `${args.join(' ')} stderr`);
        }
        assert.deepStrictEqual(snapshot(dir), before, 'nothing written');
      } finally {
        cleanup();
      }
    });
  });
});
