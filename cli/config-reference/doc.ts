import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { platformConfigSchema } from '../../constructs/config/schema';
import { Describe, describeFromSources } from './descriptions';

/**
 * docs/configuration.md: every `kubeflow.yaml` field with its type, allowed values, default and
 * description. Types and defaults come from the runtime zod schema (`z.toJSONSchema`, input
 * side), so a default is written once, in the schema; descriptions from the JSDoc on the schema
 * fields. `npm run docs:config` rewrites the file; `test/configuration-doc.test.ts` fails when
 * it is stale.
 */
export const DOC_FILE = path.join('docs', 'configuration.md');

interface Json {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, Json>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Json;
  readonly items?: Json;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly anyOf?: readonly Json[];
  readonly oneOf?: readonly Json[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
}

interface Row {
  readonly section: string;
  readonly field: string;
  readonly type: string;
  readonly allowed: string;
  readonly default: string;
  readonly description: string;
}

// Below this many segments a field's own fields are listed; deeper shapes (Kubernetes affinity,
// PodDefault specs) are named with their type and described where they are documented.
const MAX_DEPTH = 6;
// Objects with this many fields of one shape (overrides by component) are listed once.
const SAME_SHAPE = 4;

const code = (v: unknown) => `\`${JSON.stringify(v)}\``;
const cell = (s: string) => s.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const variants = (s: Json) => s.oneOf ?? s.anyOf;
const isObject = (s: Json) => s.type === 'object' && s.properties !== undefined;
const mapValues = (s: Json): Json | undefined => (s.type === 'object' && !s.properties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
// The discriminator of a union of objects that each fix `kind` to one value.
const kinds = (s: Json): string[] | undefined => {
  const v = variants(s);
  const ks = v?.map((o) => o.properties?.kind?.const);
  return v && ks?.every((k) => typeof k === 'string') ? (ks as string[]) : undefined;
};

function typeOf(s: Json): string {
  const v = variants(s);
  if (v) return kinds(s) ? 'object, by `kind`' : [...new Set(v.map(typeOf))].join(' or ');
  if (s.const !== undefined) return typeof s.const;
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'any'}`;
  const values = mapValues(s);
  if (values) return Object.keys(values).length ? `map of ${typeOf(values)}` : 'map';
  if (s.type === 'object') return s.properties || s.additionalProperties === false ? 'object' : 'map';
  return s.type ?? 'any';
}

function allowedOf(s: Json): string {
  const v = variants(s);
  const k = kinds(s);
  if (k) return `kind: ${k.map((x) => `\`${x}\``).join(', ')}`;
  if (v) return v.map(allowedOf).filter((a) => a).join('; ');
  if (s.const !== undefined) return code(s.const);
  if (s.enum) return s.enum.map((e) => `\`${String(e)}\``).join(', ');
  const parts: string[] = [];
  const safe = (n?: number) => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  if (safe(s.minimum) && safe(s.maximum)) parts.push(`${s.minimum} to ${s.maximum}`);
  else if (safe(s.minimum)) parts.push(`at least ${s.minimum}`);
  else if (safe(s.maximum)) parts.push(`at most ${s.maximum}`);
  if (s.minLength === 1) parts.push('not empty');
  if (s.minItems) parts.push(`at least ${s.minItems} item${s.minItems > 1 ? 's' : ''}`);
  return parts.join(', ');
}

/**
 * Fields whose JSDoc `@default` is a JSON value other than the schema's default: the schema owns
 * the default, and a tag that says something else misleads whoever reads the source (the doc
 * shows the schema's). As `path: @default TAG, the schema's default VALUE`.
 */
export function staleDefaultTags(schema: z.ZodType, describe: Describe): string[] {
  const out: string[] = [];
  rows(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json, describe, (path, tag, value) => {
    let parsed: unknown;
    try { parsed = JSON.parse(tag); } catch { return; } // prose ("the cluster's default class"): not comparable
    if (JSON.stringify(parsed) !== JSON.stringify(value)) out.push(`${path}: @default ${tag}, the schema's default ${JSON.stringify(value)}`);
  });
  return out;
}

/** The rows of a schema's fields, depth first, in the schema's order. */
function rows(schema: Json, describe: Describe, onTag?: (path: string, tag: string, value: unknown) => void): Row[] {
  const out: Row[] = [];
  // `names` is the field path as the TypeScript type spells it (`*` a map value); `shown` as the doc does.
  // `when` qualifies the row and its fields (a `kind` variant); `note` only the row.
  const visit = (s: Json, names: string[], shown: string, required: boolean, when: string, note = '') => {
    const doc = describe(names);
    const section = names[0] === 'components' ? `components.${names[1]}` : (names.length === 1 && !isObject(s) && !s.items?.properties ? '' : names[0]);
    const container = isObject(s) && !kinds(s);
    // Containers get a row only when they say something; their fields are the reference.
    if (!container || doc?.text || note) {
      if (onTag && s.default !== undefined && doc?.defaultTag) onTag(shown, doc.defaultTag, s.default);
      const dflt = s.default !== undefined ? code(s.default) : doc?.defaultTag ? `_${doc.defaultTag}_` : required ? 'required' : '';
      out.push({ section, field: `\`${shown}\``, type: typeOf(s), allowed: allowedOf(s), default: cell(dflt), description: cell(`${when}${note}${doc?.text ?? ''}`) });
    }
    if (names.length >= MAX_DEPTH) return;
    const fields = (o: Json, at: string[], prefix: string, why: string) => {
      const props = Object.entries(o.properties ?? {});
      const first = props[0]?.[1];
      if (props.length >= SAME_SHAPE && props.every(([, p]) => JSON.stringify(p) === JSON.stringify(first))) {
        const key = `<${names[names.length - 1] === 'components' ? 'component' : 'key'}>`;
        visit(first, [...at, props[0][0]], `${prefix}.${key}`, false, why, `Any of ${props.map(([k]) => `\`${k}\``).join(', ')}. `);
        return;
      }
      for (const [name, p] of props) {
        if (o.properties?.kind?.const !== undefined && name === 'kind') continue;
        visit(p, [...at, name], `${prefix}.${name}`, o.required?.includes(name) ?? false, why);
      }
    };
    const k = kinds(s);
    if (k) variants(s)?.forEach((o, i) => fields(o, names, shown, `With \`kind: ${k[i]}\`: `));
    else if (isObject(s)) fields(s, names, shown, when);
    else if (s.items && isObject(s.items)) fields(s.items, names, `${shown}[]`, '');
    else {
      const values = mapValues(s);
      if (values && isObject(values)) fields(values, [...names, '*'], `${shown}.<name>`, '');
    }
  };
  for (const [name, p] of Object.entries(schema.properties ?? {})) {
    if (name === 'components') {
      for (const [key, c] of Object.entries(p.properties ?? {})) visit(c, ['components', key], `components.${key}`, false, '');
    } else visit(p, [name], name, schema.required?.includes(name) ?? false, '');
  }
  return out;
}

const HEADER = `# Configuration reference

Every field of the platform config: the file \`--config\` reads (\`kubeflow.yaml\`) and the Pulumi
stack config \`kubeflow-iac:platform\`. Unknown keys are errors. Tenant files take the fields of
\`components.profiles.tenants[]\`. Placement, overrides and patches are explained in
[configuration-overrides.md](configuration-overrides.md).

Generated by \`npm run docs:config\` from the config's zod schema (\`constructs/config/schema.ts\`):
types, allowed values and defaults from the schema itself, descriptions from the JSDoc on its
fields. Do not edit it by hand; \`test/configuration-doc.test.ts\` fails when it is stale. A
default in _italics_ is the field's own words: a value computed from the release, the platform
or another field, or what an unset field means.
`;

/** docs/configuration.md for a config schema. */
export function configurationDoc(schema: z.ZodType, describe: Describe): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const all = rows(json, describe);
  const sections = [...new Set(all.map((r) => r.section))];
  const table = (rs: Row[]) => [
    '| field | type | allowed | default | description |',
    '| --- | --- | --- | --- | --- |',
    ...rs.map((r) => `| ${r.field} | ${r.type} | ${r.allowed} | ${r.default} | ${r.description} |`),
  ];
  const body = sections.flatMap((s) => ['', `## ${s ? `\`${s}\`` : 'Top level'}`, '', ...table(all.filter((r) => r.section === s))]);
  return `${HEADER}${body.join('\n')}\n`;
}

/** The reference of the platform config, with the docs of the sources under `root`. */
export function platformConfigurationDoc(root: string, describe: Describe = describeFromSources(root)): string {
  return configurationDoc(platformConfigSchema, describe);
}

if (require.main === module) {
  const root = process.cwd();
  const file = path.join(root, DOC_FILE);
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const after = platformConfigurationDoc(root);
  if (after !== before) fs.writeFileSync(file, after);
  process.stdout.write(`${after === before ? 'unchanged' : 'updated'}: ${DOC_FILE}\n`);
}
