import { Testing } from 'cdk8s';
import { catalogFor } from '../catalog';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { ImageResolver } from '../core/images';
import { MemorySecretStore } from '../core/secrets';
import { Sizing } from '../core/sizing';
import { addIstio } from './platform';

export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

/** The istio component's objects for a platform config, built alone. */
export function istioObjects(input: PlatformConfigInput = {}): Obj[] {
  const config = parseConfig(input);
  const chart = Testing.chart();
  const images = new ImageResolver(catalogFor(config.release), config.registry);
  addIstio(chart, { config, images, sizing: new Sizing(config.sizing), secrets: new MemorySecretStore() });
  return chart.toJson() as Obj[];
}

export function find(objs: readonly Obj[], kind: string, name: string, namespace?: string): Obj {
  const o = objs.find((m) => m.kind === kind && m.metadata.name === name && (namespace === undefined || m.metadata.namespace === namespace));
  if (!o) throw new Error(`no ${kind} ${namespace ? `${namespace}/` : ''}${name}`);
  return o;
}

/** A path into an object, for short assertions. */
export function at(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
}

export function configError(input: unknown): string {
  try {
    parseConfig(input);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('config was accepted');
}
