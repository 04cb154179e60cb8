import { Manifest } from '../platform/parts';

/** The parts of a pod spec overrides touch; the rest is kept as the component wrote it. */
export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  nodeSelector?: Record<string, string>;
  tolerations?: object[];
  affinity?: Record<string, unknown>;
  priorityClassName?: string;
  [key: string]: unknown;
}

export interface Container {
  name: string;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  [key: string]: unknown;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

/** A workload as overrides change it: a copy of the synthesized object, free to edit. */
export interface Workload {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { replicas?: number; selector?: { matchLabels?: Record<string, string> }; template?: PodTemplate; jobTemplate?: { spec: { template: PodTemplate } } };
}

/** Where each workload kind keeps its pod template, as a path of keys. */
export const POD_TEMPLATE_PATH: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export function isWorkload(m: Manifest): boolean {
  return m.kind in POD_TEMPLATE_PATH && m.kind !== 'ReplicaSet';
}

/** The pod template of a workload, or undefined for any other object. */
export function podTemplate(m: Manifest | Workload): PodTemplate | undefined {
  const path = POD_TEMPLATE_PATH[m.kind];
  if (!path) return undefined;
  let v: unknown = m;
  for (const k of path) v = (v as Record<string, unknown> | undefined)?.[k];
  return v && typeof v === 'object' ? (v as PodTemplate) : undefined;
}

/** Every container of a pod template, init containers included. */
export function containersOf(t: PodTemplate | undefined): Container[] {
  return [...(t?.spec.initContainers ?? []), ...(t?.spec.containers ?? [])];
}

/** A deep copy, so the synthesized objects cdk8s handed over are never edited in place. */
export function copy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
