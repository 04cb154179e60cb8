import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { restrictedContainer, restrictedPod } from '../core/security';
import { selectorLabels } from '../core/labels';
import { Labels, NAMESPACE } from './names';

// The env var helpers are core's; re-exported for the pipelines files that import them from here.
export { env, fromConfigMap, fromField, fromSecret } from '../core/env';

/**
 * The container security context of KFP's images: they run as uid 1000 and may write to their
 * root file system (the frontend and API server unpack files at start).
 */
export const kfpContainerSecurity = (): k8s.SecurityContext => restrictedContainer({ runAsUser: 1000, runAsGroup: 0, readOnlyRootFilesystem: false });

export const httpProbe = (path: string, port: number, extra: Partial<k8s.Probe> = {}): k8s.Probe => ({
  httpGet: { path, port: k8s.IntOrString.fromNumber(port) },
  initialDelaySeconds: 3,
  periodSeconds: 5,
  timeoutSeconds: 2,
  ...extra,
});

export interface WorkloadProps {
  readonly name: string;
  /** Metadata labels of the workload. */
  readonly labels: Labels;
  /** Selector and pod labels. @default labels */
  readonly selector?: Labels;
  /** Pod labels beyond the selector. @default none */
  readonly podLabels?: Labels;
  readonly podAnnotations?: Labels;
  /** @default the namespace's default account */
  readonly serviceAccount?: string;
  readonly containers: readonly k8s.Container[];
  readonly volumes?: readonly k8s.Volume[];
  /** @default unset (one) */
  readonly replicas?: number;
  /** Replace pods rather than roll them: for single-writer data volumes. @default false */
  readonly recreate?: boolean;
  readonly podSecurity?: k8s.PodSecurityContext;
  readonly pod?: Partial<k8s.PodSpec>;
}

function podTemplate(p: WorkloadProps, selector: Labels): k8s.PodTemplateSpec {
  return {
    metadata: {
      labels: { ...selector, ...p.podLabels },
      ...(p.podAnnotations ? { annotations: { ...p.podAnnotations } } : {}),
    },
    spec: {
      ...(p.serviceAccount ? { serviceAccountName: p.serviceAccount } : {}),
      securityContext: p.podSecurity ?? restrictedPod(),
      containers: [...p.containers],
      ...(p.volumes ? { volumes: [...p.volumes] } : {}),
      ...p.pod,
    },
  };
}

/** A Deployment in the pipelines namespace, with its selector checked for versions. */
export function deployment(scope: Construct, p: WorkloadProps): k8s.KubeDeployment {
  const selector = selectorLabels(p.selector ?? p.labels);
  return new k8s.KubeDeployment(scope, `Deployment-${p.name}`, {
    metadata: { name: p.name, namespace: NAMESPACE, labels: { ...p.labels } },
    spec: {
      ...(p.replicas !== undefined ? { replicas: p.replicas } : {}),
      selector: { matchLabels: selector },
      ...(p.recreate ? { strategy: { type: 'Recreate' } } : {}),
      template: podTemplate(p, selector),
    },
  });
}

/** A StatefulSet without volume claims (metacontroller keeps no data; upstream makes it a StatefulSet). */
export function statefulSet(scope: Construct, p: WorkloadProps): k8s.KubeStatefulSet {
  const selector = selectorLabels(p.selector ?? p.labels);
  return new k8s.KubeStatefulSet(scope, `StatefulSet-${p.name}`, {
    metadata: { name: p.name, namespace: NAMESPACE, labels: { ...p.labels } },
    spec: {
      replicas: p.replicas ?? 1,
      selector: { matchLabels: selector },
      serviceName: '',
      template: podTemplate(p, selector),
    },
  });
}

export interface ServicePort {
  readonly port: number;
  /** @default port */
  readonly target?: number | string;
  readonly name?: string;
}

/** A ClusterIP Service in the pipelines namespace. */
export function service(scope: Construct, name: string, labels: Labels, selector: Labels, ports: readonly ServicePort[], meta: { annotations?: Labels; explicitType?: boolean } = {}): k8s.KubeService {
  return new k8s.KubeService(scope, `Service-${name}`, {
    metadata: { name, namespace: NAMESPACE, labels: { ...labels }, ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}) },
    spec: {
      ...(meta.explicitType ? { type: 'ClusterIP' } : {}),
      selector: { ...selector },
      ports: ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        protocol: 'TCP',
        targetPort: typeof p.target === 'string' ? k8s.IntOrString.fromString(p.target) : k8s.IntOrString.fromNumber(p.target ?? p.port),
      })),
    },
  });
}

/** A ServiceAccount in the pipelines namespace. */
export function serviceAccount(scope: Construct, name: string, labels: Labels, annotations?: Labels): k8s.KubeServiceAccount {
  return new k8s.KubeServiceAccount(scope, `ServiceAccount-${name}`, {
    metadata: { name, namespace: NAMESPACE, labels: { ...labels }, ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}) },
  });
}

/** A ConfigMap in the pipelines namespace. */
export function configMap(scope: Construct, name: string, labels: Labels, data: Readonly<Record<string, string>>, annotations?: Labels): k8s.KubeConfigMap {
  return new k8s.KubeConfigMap(scope, `ConfigMap-${name}`, {
    metadata: { name, namespace: NAMESPACE, labels: { ...labels }, ...(annotations ? { annotations: { ...annotations } } : {}) },
    data: { ...data },
  });
}
