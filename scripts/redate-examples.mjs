#!/usr/bin/env node
// Re-dates the certificates of a copy of examples/ so that its story holds on the day it runs.
//
//   node scripts/redate-examples.mjs <copy of examples/> [--now <ISO-8601>]
//
// The committed examples (and the tests that read them) keep fixed dates and are judged at
// EXAMPLES_NOW: the "expiring" certificate expires 13 days later, the "expired" one ended months
// before, the "future" one starts months after. `npm start` shows a copy of them on whatever day it
// runs, so every validity date of the copy is moved by the whole days between EXAMPLES_NOW and
// today. Each certificate is issued again with the same names, serial number and extensions and new
// keys (the old private keys were never kept); issuers keep signing their subjects, so chains stay
// chains. Certificates in certificate files (PEM or DER) and in the mapping file are re-dated, and
// the mapping file's `notAfter` fields with them. Anything that is not a readable certificate is left
// as it is.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The instant the tests judge the committed examples at (test/unit/cli/lint.test.ts). */
export const EXAMPLES_NOW = new Date('2026-11-27T00:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

x509.cryptoProvider.set(webcrypto);
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const SUBJECT_KEY_ID = '2.5.29.14';
const AUTHORITY_KEY_ID = '2.5.29.35';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\r?\n?/g;
const pemOf = (cert) => `${cert.toString('pem').replace(/\r\n/g, '\n')}\n`;

/** Whole days from EXAMPLES_NOW to the start (UTC) of the day of `now`. */
export function shiftDays(now) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((today - EXAMPLES_NOW.getTime()) / DAY_MS);
}

/** Re-dates the certificates under `dir` (a copy of examples/) for `now`; returns what it changed. */
export async function redateExamples(dir, now = new Date()) {
  const days = shiftDays(now);
  const certificatesDir = join(dir, 'certificates');
  const mappingFile = join(dir, 'certificate-user-mappings.json');
  const files = existsSync(certificatesDir) ? readdirSync(certificatesDir).filter((f) => /\.(cer|crt|der|pem)$/i.test(f)).map((f) => join(certificatesDir, f)) : [];
  const mapping = existsSync(mappingFile) ? JSON.parse(readFileSync(mappingFile, 'utf8')) : undefined;

  // Every certificate, each once (the same certificate may sit in a file and in the mapping).
  const parsed = new Map();
  const read = (der) => {
    try {
      const cert = new x509.X509Certificate(der);
      if (!parsed.has(cert.toString('base64'))) parsed.set(cert.toString('base64'), cert);
      return cert;
    } catch {
      return undefined;
    }
  };
  const fileCerts = files.map((file) => {
    const bytes = readFileSync(file);
    const text = bytes.toString('latin1');
    if (text.includes('-----BEGIN CERTIFICATE-----')) return { file, pem: true, certs: (text.match(PEM_BLOCK) ?? []).map((b) => read(b)) };
    return { file, pem: false, certs: [read(new Uint8Array(bytes))] };
  });
  for (const entry of mapping?.mappings ?? []) if (typeof entry.certificate === 'string') read(entry.certificate);

  // A new key for every name that signs or is signed, of the algorithm it had.
  const keys = new Map();
  const keyFor = async (name, algorithm) => {
    if (!keys.has(name)) keys.set(name, await webcrypto.subtle.generateKey(algorithm.name === 'ECDSA' ? EC : RSA, true, ['sign', 'verify']));
    return keys.get(name);
  };
  for (const cert of parsed.values()) await keyFor(cert.subject, cert.publicKey.algorithm);
  for (const cert of parsed.values()) await keyFor(cert.issuer, cert.publicKey.algorithm);

  const redated = new Map();
  for (const [key, cert] of parsed) {
    const own = keys.get(cert.subject);
    const issuer = keys.get(cert.issuer);
    const extensions = cert.extensions
      .filter((e) => e.type !== SUBJECT_KEY_ID && e.type !== AUTHORITY_KEY_ID)
      .map((e) => new x509.Extension(e.type, e.critical, e.value));
    extensions.push(await x509.SubjectKeyIdentifierExtension.create(own.publicKey));
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey));
    const signingAlgorithm = issuer.privateKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : RSA;
    redated.set(key, await x509.X509CertificateGenerator.create({
      serialNumber: cert.serialNumber,
      subject: cert.subjectName,
      issuer: cert.issuerName,
      notBefore: new Date(cert.notBefore.getTime() + days * DAY_MS),
      notAfter: new Date(cert.notAfter.getTime() + days * DAY_MS),
      publicKey: own.publicKey,
      signingKey: issuer.privateKey,
      signingAlgorithm,
      extensions,
    }));
  }
  const again = (cert) => redated.get(cert.toString('base64'));

  const changed = [];
  for (const { file, pem, certs } of fileCerts) {
    if (certs.some((c) => c === undefined)) continue; // not only certificates: left alone
    writeFileSync(file, pem ? certs.map((c) => pemOf(again(c))).join('') : new Uint8Array(again(certs[0]).rawData));
    changed.push(file);
  }
  if (mapping) {
    for (const entry of mapping.mappings ?? []) {
      const cert = typeof entry.certificate === 'string' ? read(entry.certificate) : undefined;
      if (cert) entry.certificate = pemOf(again(cert));
      if (typeof entry.notAfter === 'string' && !Number.isNaN(Date.parse(entry.notAfter))) {
        entry.notAfter = new Date(Date.parse(entry.notAfter) + days * DAY_MS).toISOString();
      }
    }
    writeFileSync(mappingFile, `${JSON.stringify(mapping, null, 2)}\n`);
    changed.push(mappingFile);
  }
  return { days, changed };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--now');
  const at = process.argv.indexOf('--now');
  if (!dir) {
    console.error('usage: node scripts/redate-examples.mjs <copy of examples/> [--now <ISO-8601>]');
    process.exit(2);
  }
  const { days, changed } = await redateExamples(dir, at > 0 ? new Date(process.argv[at + 1]) : new Date());
  console.log(`moved every validity date by ${days} days in ${changed.length} files`);
}
