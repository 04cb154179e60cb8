import { Testing } from 'cdk8s';
import { catalogFor, Release } from '../catalog';
import { ImageResolver } from '../core/images';
import { EphemeralSecretStore } from '../core/secrets';
import { Pipelines, PipelinesProps } from './pipelines';

import { Obj } from '../platform/test-helpers';

export { Obj } from '../platform/test-helpers';

/** The component's objects for props, with fixed generated credentials. */
export function synth(props: Partial<PipelinesProps> = {}, release: Release = '26.03', mirror?: string): Obj[] {
  const chart = Testing.chart();
  const secrets = new EphemeralSecretStore({
    'pipelines/mysql-root-password': 'db-pass',
    'pipelines/seaweedfs-access-key': 'store-access',
    'pipelines/seaweedfs-secret-key': 'store-secret',
  });
  new Pipelines(chart, 'p', { images: new ImageResolver(catalogFor(release), mirror), secrets, ...props });
  return Testing.synth(chart) as Obj[];
}

export const find = (objs: Obj[], kind: string, name: string): Obj => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
};
export const has = (objs: Obj[], kind: string, name: string) => objs.some((x) => x.kind === kind && x.metadata.name === name);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Container = { name: string; image: string; env?: any[]; envFrom?: any[]; args?: string[]; [k: string]: any };

/** Every container of every workload, as `Deployment/name container`. */
export function containers(objs: Obj[]): { id: string; c: Container }[] {
  return objs
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .flatMap((o) => (o.spec.template.spec.containers as Container[]).map((c) => ({ id: `${o.kind}/${o.metadata.name}`, c })));
}

export const container = (objs: Obj[], deployment: string, index = 0): Container => find(objs, 'Deployment', deployment).spec.template.spec.containers[index];
export const envOf = (c: Container, name: string) => (c.env ?? []).find((e: { name: string }) => e.name === name);

/** The ConfigMap data of the profile hook's generated config. */
export function hookConfigOf(objs: Obj[]): Record<string, unknown> {
  return JSON.parse(find(objs, 'ConfigMap', 'kubeflow-pipelines-profile-controller-code').data['hook-config.json']);
}
