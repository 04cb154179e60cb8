import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { selectorLabels } from './labels';
import { restrictedPod } from './security';

// The Deployment and StatefulSet skeleton every component writes: selector and pod labels,
// the restricted pod security context, service account, containers. A component passes what
// is particular to it; `pod` carries the rest of the pod spec.

type Labels = Readonly<Record<string, string>>;

export interface WorkloadProps {
  readonly name: string;
  readonly namespace: string;
  /** Construct id. @default `Deployment-NAME` or `StatefulSet-NAME` */
  readonly id?: string;
  /** Metadata labels of the workload. */
  readonly labels: Labels;
  /** Metadata annotations of the workload. @default none */
  readonly annotations?: Labels;
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
  /** Rollout strategy, where upstream tunes it (Istio's surge of 100%); `recreate` wins. @default unset (Kubernetes' rolling update) */
  readonly strategy?: k8s.DeploymentStrategy;
  /** Old ReplicaSets kept, where upstream sets it. @default unset (Kubernetes keeps 10) */
  readonly revisionHistoryLimit?: number;
  /** @default restrictedPod() */
  readonly podSecurity?: k8s.PodSecurityContext;
  readonly pod?: Partial<k8s.PodSpec>;
}

function metadata(p: WorkloadProps): k8s.ObjectMeta {
  return { name: p.name, namespace: p.namespace, labels: { ...p.labels }, ...(p.annotations ? { annotations: { ...p.annotations } } : {}) };
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

/** A Deployment, with its selector checked for versions. */
export function deployment(scope: Construct, p: WorkloadProps): k8s.KubeDeployment {
  const selector = selectorLabels(p.selector ?? p.labels);
  return new k8s.KubeDeployment(scope, p.id ?? `Deployment-${p.name}`, {
    metadata: metadata(p),
    spec: {
      ...(p.replicas !== undefined ? { replicas: p.replicas } : {}),
      ...(p.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: p.revisionHistoryLimit } : {}),
      selector: { matchLabels: selector },
      ...(p.recreate ? { strategy: { type: 'Recreate' } } : p.strategy ? { strategy: p.strategy } : {}),
      template: podTemplate(p, selector),
    },
  });
}

/** A StatefulSet without volume claims, with its selector checked for versions. */
export function statefulSet(scope: Construct, p: WorkloadProps & { readonly serviceName?: string }): k8s.KubeStatefulSet {
  const selector = selectorLabels(p.selector ?? p.labels);
  return new k8s.KubeStatefulSet(scope, p.id ?? `StatefulSet-${p.name}`, {
    metadata: metadata(p),
    spec: {
      replicas: p.replicas ?? 1,
      selector: { matchLabels: selector },
      serviceName: p.serviceName ?? '',
      template: podTemplate(p, selector),
    },
  });
}
