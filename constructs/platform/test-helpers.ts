// Shared by component tests; not part of the build.
import { createHash } from 'crypto';
import { Testing } from 'cdk8s';
import { ConfigError } from '../config/errors';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { ImageResolver } from '../core/images';
import { EphemeralSecretStore, SecretStore } from '../core/secrets';
import { WireComponent, platformBuild } from './build';

export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

/** One component built alone as the platform would: its objects and the images it asked for. */
export function componentSynth(wire: WireComponent, input: PlatformConfigInput = {}, secrets: SecretStore = new EphemeralSecretStore()): { objs: Obj[]; images: ImageResolver } {
  const config = parseConfig(input);
  const build = platformBuild(config, secrets);
  const chart = Testing.chart();
  wire(chart, build);
  return { objs: Testing.synth(chart) as Obj[], images: build.images };
}

/** One component's objects for a platform config, built alone as the platform would. */
export function componentObjects(wire: WireComponent, input: PlatformConfigInput = {}, secrets: SecretStore = new EphemeralSecretStore()): Obj[] {
  return componentSynth(wire, input, secrets).objs;
}

export function find(objs: readonly Obj[], kind: string, name: string, namespace?: string): Obj {
  const o = objs.find((m) => m.kind === kind && m.metadata.name === name && (namespace === undefined || m.metadata.namespace === namespace));
  if (!o) throw new Error(`no ${kind} ${namespace ? `${namespace}/` : ''}${name}`);
  return o;
}

/** The lines of the ConfigError a config raises; none when it is accepted. */
export function configErrors(input: unknown): string[] {
  try {
    parseConfig(input);
  } catch (e) {
    if (e instanceof ConfigError) return e.message.split('\n');
    throw e;
  }
  return [];
}

/** The message of the ConfigError a config raises. */
export function configError(input: unknown): string {
  try {
    parseConfig(input);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('config was accepted');
}

/**
 * A component's objects for its snapshot, with each CRD version's schema replaced by its hash:
 * the schemas are snapshotted once, in test/crd-schemas.test.ts, so a component's snapshot diff
 * shows what changed in the component (a schema change shows as one changed hash line).
 */
export function withoutCrdSchemas<T>(objs: T): T {
  if (!Array.isArray(objs)) return objs;
  return objs.map((o: Obj) => {
    if (o?.kind !== 'CustomResourceDefinition') return o;
    const versions = (o.spec?.versions ?? []).map((v: { schema?: unknown }) => (v.schema === undefined ? v : { ...v, schema: `sha256:${schemaHash(v.schema)} (test/crd-schemas.test.ts)` }));
    return { ...o, spec: { ...o.spec, versions } };
  }) as T;
}

function schemaHash(schema: unknown): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}
