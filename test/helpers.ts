import * as fs from 'fs';
import * as path from 'path';
import { parseConfig } from '../constructs/config/load';
import { PlatformConfigInput } from '../constructs/config/schema';
import { EphemeralSecretStore } from '../constructs/core/secrets';
import { Manifest } from '../constructs/platform/parts';
import { KubeflowPlatform } from '../constructs/platform/platform';
import { RELEASES } from '../constructs/catalog/types';

export { RELEASES };

// One store for every platform of a test file, as one secrets file serves every synth.
const secrets = new EphemeralSecretStore();

/** A platform for a config; generated secrets are shared, so runs compare byte for byte. */
export function platformFor(input: PlatformConfigInput = {}): KubeflowPlatform {
  return new KubeflowPlatform(parseConfig(input), secrets);
}

export function manifestsFor(input: PlatformConfigInput = {}): Manifest[] {
  return platformFor(input).manifests();
}

export const id = (m: Manifest) => `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;

/** Every string value anywhere in a JSON-like value, with its path. */
export function strings(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

/** Pod specs of workloads, with the workload's id. */
export function podSpecs(manifests: readonly Manifest[]): { id: string; spec: PodSpec }[] {
  const out: { id: string; spec: PodSpec }[] = [];
  for (const m of manifests) {
    const spec = m.spec as { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } } | undefined;
    if (m.kind === 'CronJob' && spec?.jobTemplate?.spec?.template?.spec) out.push({ id: id(m), spec: spec.jobTemplate.spec.template.spec });
    else if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(m.kind) && spec?.template?.spec) out.push({ id: id(m), spec: spec.template.spec });
    else if (m.kind === 'Pod') out.push({ id: id(m), spec: m.spec as PodSpec });
  }
  return out;
}

export interface Container {
  name: string;
  image?: string;
  securityContext?: Record<string, unknown> & { capabilities?: { add?: string[]; drop?: string[] } };
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  ports?: { hostPort?: number }[];
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: Record<string, unknown>;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  volumes?: { name: string; hostPath?: unknown }[];
}

/** Every file under a folder, by relative path, with its text. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
