import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterRole, clusterRoleBinding, rule, serviceAccount } from './rbac';
import { restrictedContainer } from './security';
import { Sizing } from './sizing';

// What the kubebuilder controllers (notebooks, tensorboards, PVC viewer, KServe) share:
// the kube-rbac-proxy sidecar in front of their metrics, its RBAC, leader election, probes.

type Labels = Readonly<Record<string, string>>;

/**
 * The kube-rbac-proxy sidecar kubebuilder puts in front of a controller's metrics:
 * HTTPS on 8443, checked against the caller's RBAC, forwarded to 127.0.0.1:8080.
 * `workload` (the Deployment's name) looks up upstream's floor for the sidecar (core/sizing-floors).
 * `verbosity` is its `--v`: upstream's KServe runs it at 10, the kubebuilder default is 0.
 */
export function kubeRbacProxy(image: string, sizing: Sizing, workload?: string, verbosity = 0): k8s.Container {
  return {
    name: 'kube-rbac-proxy',
    image,
    args: ['--secure-listen-address=0.0.0.0:8443', '--upstream=http://127.0.0.1:8080/', '--logtostderr=true', `--v=${verbosity}`],
    ports: [{ containerPort: 8443, name: 'https', protocol: 'TCP' }],
    resources: sizing.resources('tiny', workload === undefined ? undefined : `${workload}/kube-rbac-proxy`),
    securityContext: restrictedContainer(),
  };
}

/** The metrics-reader and proxy ClusterRoles of a kube-rbac-proxy, and the proxy's binding. */
export function metricsProxyRbac(scope: Construct, props: { prefix: string; namespace: string; serviceAccount: string; labels?: (instance: string) => Labels }): void {
  const meta = (instance: string) => (props.labels ? { labels: { ...props.labels(instance) } } : {});
  clusterRole(scope, `${props.prefix}-metrics-reader`, [{ nonResourceUrLs: ['/metrics'], verbs: ['get'] }], meta('metrics-reader'));
  clusterRole(scope, `${props.prefix}-proxy-role`, [
    rule('authentication.k8s.io', ['tokenreviews'], ['create']),
    rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
  ], meta('proxy-role'));
  clusterRoleBinding(scope, `${props.prefix}-proxy-rolebinding`, `${props.prefix}-proxy-role`, [serviceAccount(props.namespace, props.serviceAccount)], meta('proxy-rolebinding'));
}

/** Leader-election rules of a kubebuilder controller (ConfigMap and Lease locks, events). */
export const LEADER_ELECTION_RULES: readonly k8s.PolicyRule[] = [
  rule('', ['configmaps'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
  rule('coordination.k8s.io', ['leases'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
  rule('', ['events'], ['create', 'patch']),
];

/** An HTTP GET probe. */
export function httpProbe(path: string, port: number | string, initialDelaySeconds?: number, periodSeconds?: number): k8s.Probe {
  return {
    httpGet: { path, port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port) },
    ...(initialDelaySeconds !== undefined ? { initialDelaySeconds } : {}),
    ...(periodSeconds !== undefined ? { periodSeconds } : {}),
  };
}
