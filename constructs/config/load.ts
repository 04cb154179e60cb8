import * as fs from 'fs';
import { Document, LineCounter, parseDocument } from 'yaml';
import { ConfigError, show } from './errors';
import { describeIssue, Path } from './issues';
import { rememberLocator } from './locate';
import { componentNeeds } from './needs';
import { hubReleaseDefault } from '../hub/config';
import { COMPONENT_KEYS, PlatformConfig, platformConfigSchema } from './schema';

/** Checks that every enabled component has what it needs, enabled or external. */
export function checkNeeds(config: PlatformConfig): { path: Path; text: string }[] {
  const problems: { path: Path; text: string }[] = [];
  const { profiles } = config.components;
  if (!profiles.enabled && profiles.tenants.length) {
    problems.push({ path: ['components', 'profiles', 'tenants'], text: `components.profiles.tenants: ${profiles.tenants.length} tenant${profiles.tenants.length === 1 ? '' : 's'}, but components.profiles.enabled is false, so no Profile would be made for them; enable profiles, or remove the tenants` });
  }
  for (const key of COMPONENT_KEYS) {
    const c = config.components[key];
    if (c.enabled && c.external) {
      problems.push({ path: ['components', key], text: `components.${key}: enabled and external are both true; set enabled: false to use the cluster's own ${key}, or external: false to install it` });
    }
    if (!c.enabled || c.external) continue;
    for (const need of componentNeeds(key, config)) {
      const n = config.components[need];
      if (!n.enabled && !n.external) {
        // KServe needs Knative only in its default Serverless mode: RawDeployment is a way out.
        const mode = key === 'kserve' && need === 'knative'
          ? { why: ' in deploymentMode Serverless (the default)', fix: `, set components.kserve.deploymentMode: RawDeployment (plain Deployments, no Knative)` }
          : { why: '', fix: '' };
        problems.push({ path: ['components', need, 'enabled'], text: `components.${need}.enabled: false, but components.${key} needs ${need}${mode.why}; enable ${need}, set components.${need}.external: true if the cluster has it${mode.fix}, or disable ${key}` });
      }
    }
  }
  return problems;
}

/** Validates a config object (from YAML or Pulumi stack config). Throws ConfigError. */
export function parseConfig(input: unknown, locate?: (path: Path) => string): PlatformConfig {
  const result = platformConfigSchema.safeParse(input ?? {}, { reportInput: true });
  if (!result.success) {
    const where = (path: Path) => (locate ? locate(path) : '');
    throw new ConfigError(result.error.issues.flatMap((i) => describeIssue(platformConfigSchema, i).map((p) => `${where(p.path)}${p.text}`)));
  }
  // Hub's default follows the release; the platform fills it in the same way.
  const problems = checkNeeds(hubReleaseDefault(result.data));
  if (problems.length) throw new ConfigError(problems.map((p) => `${locate ? locate(p.path) : ''}${p.text}`));
  if (locate) rememberLocator(result.data, locate);
  return result.data;
}

/** Parses config YAML text; errors carry the file name and line. */
export function parseConfigText(text: string, file: string): PlatformConfig {
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError(doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return `${file}:${pos.line}:${pos.col}: YAML syntax error: ${e.message.split('\n')[0]}`;
    }));
  }
  const locate = (path: Path): string => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return `${file}:${lines.linePos(node.range[0]).line}: `;
    }
    return `${file}: `;
  };
  const value = doc.toJS();
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    throw new ConfigError([`${file}: the config must be a YAML mapping of keys such as release and components; got ${show(value)}`]);
  }
  return parseConfig(value, locate);
}

/** Reads and validates a config file; no file means the defaults. */
export function loadConfig(file?: string): PlatformConfig {
  if (!file) return parseConfig({});
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([`${file}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  return parseConfigText(text, file);
}
