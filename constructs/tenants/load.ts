import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { Document, LineCounter, parseDocument } from 'yaml';
import { ConfigError, show } from '../config/errors';
import { describeIssue, Path } from '../config/issues';
import { TenantSpec, tenantSchema } from './schema';

/** One line per zod issue, in the words the platform config errors use, with the path it is about. */
export function describeTenantIssue(issue: z.core.$ZodIssue): { path: Path; text: string }[] {
  return describeIssue(tenantSchema, issue);
}

/** Checks a tenant given as data (not from a file); throws ConfigError naming `where`. */
export function parseTenant(input: unknown, where = 'tenant'): TenantSpec {
  const r = tenantSchema.safeParse(input, { reportInput: true });
  if (!r.success) throw new ConfigError(r.error.issues.flatMap((i) => describeTenantIssue(i).map((l) => `${where}: ${l.text}`)));
  return r.data;
}

/** A tenant read from a file, and the file it came from. */
export interface LoadedTenant {
  readonly file: string;
  readonly tenant: TenantSpec;
  /** `file:line: ` of the tenant's name, for messages. */
  readonly nameAt: string;
}

function parseFile(file: string, problems: string[]): LoadedTenant | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`${file}: cannot read the tenant file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return undefined;
  }
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const pos = lines.linePos(e.pos[0]);
      problems.push(`${file}:${pos.line}:${pos.col}: YAML syntax error: ${e.message.split('\n')[0]}`);
    }
    return undefined;
  }
  const locate = (p: Path): string => {
    for (let n = p.length; n > 0; n--) {
      const node = doc.getIn(p.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return `${file}:${lines.linePos(node.range[0]).line}: `;
    }
    return `${file}: `;
  };
  const value: unknown = doc.toJS();
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${file}: a tenant file must be a YAML mapping with name, owner and the other tenant fields; got ${show(value ?? undefined)}`);
    return undefined;
  }
  const r = tenantSchema.safeParse(value, { reportInput: true });
  if (!r.success) {
    problems.push(...r.error.issues.flatMap((i) => describeTenantIssue(i).map((l) => `${locate(l.path)}${l.text}`)));
    return undefined;
  }
  return { file, tenant: r.data, nameAt: locate(['name']) };
}

const TENANT_FILE = /\.ya?ml$/;

/**
 * Files beside the tenant files that are not an attempt at one: documentation (`*.md`,
 * such as a README for the team folder) and hidden files (`.gitkeep`, editor files).
 * Anything else (`team.json`, `notes.txt`, a sub-folder) is an error rather than skipped,
 * so a tenant written in the wrong format is never silently left out.
 */
const NOT_A_TENANT = /^\.|\.md$/i;

/**
 * Reads every `*.yaml`/`*.yml` file of `dir`, one tenant each, in file-name order.
 * All problems of all files are reported at once, as one ConfigError whose lines name
 * the file, line and field. A missing folder is an error unless `optional` is set, as
 * it is for the default `profiles/` folder.
 */
export function loadTenantFiles(dir: string, opts: { optional?: boolean } = {}): LoadedTenant[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && opts.optional) return [];
    throw new ConfigError([`${dir}: cannot read the tenants folder (${code ?? String(e)})`]);
  }
  const problems: string[] = [];
  const names: string[] = [];
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (NOT_A_TENANT.test(e.name)) continue;
    const file = path.join(dir, e.name);
    if (e.isDirectory()) problems.push(`${file}: a folder in the tenants folder is not read; tenant files are .yaml or .yml files directly in ${dir} (move it out)`);
    else if (!TENANT_FILE.test(e.name)) problems.push(`${file}: not read as a tenant: tenant files are .yaml or .yml (rename it, or move it out of ${dir}; only *.md and hidden files may sit beside them)`);
    else names.push(e.name);
  }
  const loaded: LoadedTenant[] = [];
  for (const n of names) {
    const t = parseFile(path.join(dir, n), problems);
    if (t) loaded.push(t);
  }
  const byName = new Map<string, LoadedTenant>();
  for (const t of loaded) {
    const first = byName.get(t.tenant.name);
    if (first) problems.push(`${t.nameAt}name: tenant "${t.tenant.name}" is also defined in ${first.file}; each tenant needs its own name`);
    else byName.set(t.tenant.name, t);
  }
  if (problems.length) throw new ConfigError(problems);
  return loaded;
}

/** The tenants of the files of `dir` (see loadTenantFiles). */
export function loadTenants(dir: string, opts: { optional?: boolean } = {}): TenantSpec[] {
  return loadTenantFiles(dir, opts).map((t) => t.tenant);
}
