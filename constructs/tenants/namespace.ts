import { INGRESS_GATEWAY_PRINCIPAL } from '../core/mesh-policy';

/**
 * Labels the profile controller puts on every tenant namespace (its `namespace-labels`
 * file): they opt the namespace into Katib metrics collection, KServe, Pipelines, the
 * PodDefaults webhook and the Kubeflow NetworkPolicies that admit tenants.
 */
export const PROFILE_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  'katib.kubeflow.org/metrics-collector-injection': 'enabled',
  'serving.kubeflow.org/inferenceservice': 'enabled',
  'pipelines.kubeflow.org/enabled': 'true',
  'app.kubernetes.io/part-of': 'kubeflow-profile',
};

export const POD_SECURITY_ENFORCE = 'pod-security.kubernetes.io/enforce';

/** The Istio principals that may pass a user's identity header on to tenant workloads. */
export const DEFAULT_USER_PRINCIPALS = {
  gateway: INGRESS_GATEWAY_PRINCIPAL,
  pipelinesUi: 'cluster.local/ns/kubeflow/sa/ml-pipeline-ui',
} as const;
