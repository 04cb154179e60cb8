import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { restrictedContainer } from '../core/security';
import { deployment as coreDeployment, statefulSet as coreStatefulSet, WorkloadProps as CoreWorkloadProps } from '../core/workload';
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

/** A workload in the pipelines namespace: core's builder (core/workload.ts). */
export type WorkloadProps = Omit<CoreWorkloadProps, 'namespace' | 'id'>;

/** A Deployment in the pipelines namespace, with its selector checked for versions. */
export function deployment(scope: Construct, p: WorkloadProps): k8s.KubeDeployment {
  return coreDeployment(scope, { ...p, namespace: NAMESPACE });
}

/** A StatefulSet without volume claims (metacontroller keeps no data; upstream makes it a StatefulSet). */
export function statefulSet(scope: Construct, p: WorkloadProps): k8s.KubeStatefulSet {
  return coreStatefulSet(scope, { ...p, namespace: NAMESPACE });
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
