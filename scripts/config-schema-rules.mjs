#!/usr/bin/env node
// Writes the rule ids of the registry into schemas/iflow-auth.schema.json (the `rules` properties
// with their descriptions, and the rules an exemption may name). Run after adding a rule:
//   npx tsc -p . && node scripts/config-schema-rules.mjs
// test/unit/config/schema.test.ts fails until the schema lists exactly the registry's rules.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { rules } = require(join(root, 'out/src/core/rules/registry.js'));
const { CONFIG_FILE_RULES, SEVERITY_SETTINGS } = require(join(root, 'out/src/core/config/read.js'));

const file = join(root, 'schemas/iflow-auth.schema.json');
const schema = JSON.parse(readFileSync(file, 'utf8'));
schema.properties.rules.properties = Object.fromEntries(rules.map((r) => [r.id, { type: 'string', enum: [...SEVERITY_SETTINGS], description: `${r.description} Default: ${r.defaultSeverity}.` }]));
schema.definitions.exemption.properties.rule.enum = rules.map((r) => r.id).filter((id) => !CONFIG_FILE_RULES.includes(id));
writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
console.log(`schemas/iflow-auth.schema.json: ${rules.length} rules`);
