/**
 * Shared by the security tests: the in-process CLI, temporary workspaces, hostile input
 * generators (built at test time: nothing big is committed), a network guard and a scanner for
 * private key material in whatever the tools wrote or printed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { zipSync } from 'fflate';
import { runCli, type CliIO } from '../../../src/cli/main';
import { filesUnder } from '../support/files';

// The modules themselves (not TypeScript's read-only import namespaces), so the guard can stub them.
const net = require('net') as typeof import('net');
const tls = require('tls') as typeof import('tls');
const http = require('http') as typeof import('http');
const https = require('https') as typeof import('https');
const http2 = require('http2') as typeof import('http2');
const dgram = require('dgram') as typeof import('dgram');
const dns = require('dns') as typeof import('dns');

export const REPO = path.join(__dirname, '../../../..');
export const FIXTURES = path.join(REPO, 'test/fixtures');
export const HOSTILE = path.join(FIXTURES, 'hostile');
export const CERTS = path.join(FIXTURES, 'certs');
export const NOW_ARG = '--now=2026-11-27T00:00:00Z';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process from `cwd` with captured output. */
export async function cli(args: string[], cwd: string): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, isTTY: false, cwd, env: {} };
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCli(args, io);
    return { code, out, err };
  } finally {
    process.chdir(previous);
  }
}

/** A fresh temporary folder; removed by the returned cleanup (read-only parts made writable first). */
export function tempDir(prefix = 'iflow-sec-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const cleanup = (): void => {
    const chmodAll = (p: string): void => {
      try {
        fs.chmodSync(p, 0o700);
        for (const e of fs.readdirSync(p, { withFileTypes: true })) if (e.isDirectory()) chmodAll(path.join(p, e.name));
      } catch { /* gone */ }
    };
    chmodAll(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { dir, cleanup };
}

export const IFLOW_PATH = 'src/main/resources/scenarioflows/integrationflow';

/** Writes `files` (relative path → content) under `dir`. */
export function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

// ---------------------------------------------------------------------------------------------
// hostile XML

const HEAD = '<bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ifl="http:///com.sap.ifl.model/Ifl.xsd"><bpmn2:collaboration id="c">';
const TAIL = '</bpmn2:collaboration></bpmn2:definitions>\n';

/** A well-formed iFlow with one HTTPS sender channel whose properties are given raw. */
export function iflowWith(props: Array<[string, string]>, prolog = '<?xml version="1.0" encoding="UTF-8"?>\n'): string {
  const body = [['ComponentType', 'HTTPS'], ['direction', 'Sender'], ...props]
    .map(([k, v]) => `<ifl:property><key>${k}</key><value>${v}</value></ifl:property>`).join('');
  return `${prolog}${HEAD}<bpmn2:messageFlow id="MessageFlow_1" name="HTTPS_In"><bpmn2:extensionElements>${body}</bpmn2:extensionElements></bpmn2:messageFlow>${TAIL}`;
}

/** Sets every local and central header's uncompressed size (a lying archive). */
export function patchDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const b = zip.slice();
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i + 4 <= b.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x04034b50) dv.setUint32(i + 22, size, true);
    else if (sig === 0x02014b50) dv.setUint32(i + 24, size, true);
  }
  return b;
}

/** A zip of one iFlow of `mb` MB of zeros (deflate shrinks it about 1000 times). */
export function bombBytes(mb: number): Uint8Array {
  return zipSync({ [`Bomb/${IFLOW_PATH}/Bomb.iflw`]: [new Uint8Array(mb * 1024 * 1024), { level: 9 }] });
}

/** Classic billion laughs: `levels` entities, each ten references to the previous one. */
export function billionLaughs(levels = 10): string {
  const ents = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i < levels; i++) ents.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return iflowWith([['senderAuthType', 'RoleBased'], ['userRole', `&lol${levels - 1};`]], `<?xml version="1.0"?>\n<!DOCTYPE bpmn2:definitions [\n${ents.join('\n')}\n]>\n`);
}

/** Quadratic blowup: one big entity referenced many times (no nesting, so depth limits miss it). */
export function quadraticBlowup(entitySize = 100_000, references = 10_000): string {
  return iflowWith([['senderAuthType', 'RoleBased'], ['userRole', '&a;'.repeat(references)]], `<?xml version="1.0"?>\n<!DOCTYPE bpmn2:definitions [<!ENTITY a "${'x'.repeat(entitySize)}">]>\n`);
}

/** External entities and DTDs: a local file, a URL, a parameter entity, an external DTD subset. */
export const EXTERNAL_ENTITY_CASES: Record<string, string> = {
  'SYSTEM file entity': iflowWith([['senderAuthType', 'RoleBased'], ['userRole', '&xxe;']], '<?xml version="1.0"?>\n<!DOCTYPE bpmn2:definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'),
  'SYSTEM http entity': iflowWith([['senderAuthType', 'RoleBased'], ['userRole', '&xxe;']], '<?xml version="1.0"?>\n<!DOCTYPE bpmn2:definitions [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]>\n'),
  'PUBLIC entity': iflowWith([['senderAuthType', 'RoleBased'], ['userRole', '&xxe;']], '<?xml version="1.0"?>\n<!DOCTYPE bpmn2:definitions [<!ENTITY xxe PUBLIC "-//X//EN" "https://example.invalid/x.dtd">]>\n'),
  'parameter entity': iflowWith([['senderAuthType', 'RoleBased'], ['userRole', 'r']], '<?xml version="1.0"?>\n<!DOCTYPE bpmn2:definitions [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>\n'),
  'external DTD subset (file)': iflowWith([['senderAuthType', 'RoleBased'], ['userRole', '&xxe;']], '<?xml version="1.0"?>\n<!DOCTYPE bpmn2:definitions SYSTEM "file:///etc/passwd">\n'),
  'external DTD subset (http)': iflowWith([['senderAuthType', 'RoleBased'], ['userRole', 'r']], '<?xml version="1.0"?>\n<!DOCTYPE bpmn2:definitions PUBLIC "-//X//EN" "http://127.0.0.1:9/x.dtd">\n'),
  'XInclude': iflowWith([['senderAuthType', 'RoleBased'], ['userRole', '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>']]),
  'xml-stylesheet PI': iflowWith([['senderAuthType', 'RoleBased'], ['userRole', 'r']], '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:9/x.xsl"?>\n'),
};

/** `depth` nested elements inside the channel's extensionElements (closed or not). */
export function deepNesting(depth = 100_000, closed = true): string {
  return iflowWith([['senderAuthType', 'RoleBased'], ['userRole', `${'<d>'.repeat(depth)}${closed ? '</d>'.repeat(depth) : ''}`]]);
}

// ---------------------------------------------------------------------------------------------
// key material

/** PEM armour of any private key (PKCS#1, PKCS#8, EC, encrypted, OpenSSH). */
export const PRIVATE_KEY_ARMOUR = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** The base64 body of the private key in client-with-key.pem, and 40-character slices of it. */
export function privateKeyNeedles(): string[] {
  const pem = fs.readFileSync(path.join(CERTS, 'client-with-key.pem'), 'utf8');
  const body = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(pem)![1];
  const lines = body.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length >= 40);
  // Each 64-character line of the key, and a middle slice of the whole body (wrap-independent).
  const flat = body.replace(/\s/g, '');
  return [...lines.slice(1, -1), flat.slice(100, 160), flat.slice(flat.length / 2, flat.length / 2 + 60)];
}

/** Asserts no private key armour and no slice of the fixture key in `text`. */
export function assertNoKeyMaterial(text: string, where: string): void {
  assert.ok(!PRIVATE_KEY_ARMOUR.test(text), `${where}: private key armour`);
  for (const needle of privateKeyNeedles()) assert.ok(!text.includes(needle), `${where}: holds private key bytes (${needle.slice(0, 12)}…)`);
}

/** Every file under `dir` (recursively), path → bytes. */
export function snapshot(dir: string): Map<string, Buffer> {
  return new Map(filesUnder(dir, () => true).map((p) => [path.relative(dir, p), fs.readFileSync(p)]));
}

// ---------------------------------------------------------------------------------------------
// network guard

export interface NetworkAttempt {
  api: string;
  target: string;
}

export interface NetworkGuard {
  attempts: NetworkAttempt[];
  restore: () => void;
}

/**
 * Replaces every Node network entry point (and fetch) with one that records the attempt and
 * throws. Loopback counts too: the tools have no reason to open any socket.
 */
export function installNetworkGuard(): NetworkGuard {
  const attempts: NetworkAttempt[] = [];
  const restores: Array<() => void> = [];
  const stub = <T extends object>(obj: T, key: keyof T & string, api: string): void => {
    const original = (obj as Record<string, unknown>)[key];
    if (original === undefined) return;
    (obj as Record<string, unknown>)[key] = function blocked(...args: unknown[]): never {
      let target: string;
      try { target = typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0])?.slice(0, 200) ?? ''; } catch { target = String(args[0]); }
      attempts.push({ api, target });
      throw new Error(`network access blocked by the test harness: ${api}(${target})`);
    };
    restores.push(() => { (obj as Record<string, unknown>)[key] = original; });
  };
  stub(net.Socket.prototype, 'connect', 'net.Socket#connect');
  stub(net, 'connect', 'net.connect');
  stub(net, 'createConnection', 'net.createConnection');
  stub(tls, 'connect', 'tls.connect');
  stub(http, 'request', 'http.request');
  stub(http, 'get', 'http.get');
  stub(https, 'request', 'https.request');
  stub(https, 'get', 'https.get');
  stub(http2, 'connect', 'http2.connect');
  stub(dgram, 'createSocket', 'dgram.createSocket');
  for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse'] as const) stub(dns, k, `dns.${k}`);
  for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse'] as const) stub(dns.promises, k, `dns.promises.${k}`);
  stub(globalThis as unknown as Record<string, unknown> & object, 'fetch' as never, 'fetch');
  return { attempts, restore: () => { for (const r of restores.reverse()) r(); } };
}
