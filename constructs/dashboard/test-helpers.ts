// Shared by tests; not part of the build. Reads the dashboard's layout back from what the platform rendered.
import { ContainerLayout, DashboardLayout } from '../catalog/dashboard-features';
import { COMPONENT_LABEL } from '../core/labels';
import { Obj } from '../platform/test-helpers';

/** Whether every label of `selector` is on `labels`. */
export const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** A container's layout: name, port name, probe timings. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function containerLayout(c: any): ContainerLayout {
  const timing = (p: { initialDelaySeconds: number; periodSeconds: number }) => ({ initialDelaySeconds: p.initialDelaySeconds, periodSeconds: p.periodSeconds });
  return { name: c.name, portName: c.ports[0].name, liveness: timing(c.livenessProbe), readiness: c.readinessProbe ? timing(c.readinessProbe) : undefined };
}

/** The dashboard's layout as rendered: its Deployment is the one told its links ConfigMap. */
export function readDashboardLayout(objs: readonly Obj[]): DashboardLayout {
  const deployment = objs.find((o) => o.kind === 'Deployment' && JSON.stringify(o).includes('"DASHBOARD_CONFIGMAP"'))!;
  const pod = deployment.spec.template;
  const c = pod.spec.containers[0];
  const env = Object.fromEntries(c.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
  const name = deployment.metadata.name;
  const policy = objs.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.labels?.[COMPONENT_LABEL] === 'dashboard' && selects(o.spec.selector.matchLabels, pod.metadata.labels))!;
  const parameters = c.envFrom?.[0].configMapRef.name ?? objs.find((o) => o.kind === 'ConfigMap' && 'CD_USERID_HEADER' in (o.data ?? {}))!.metadata.name;
  const role = objs.find((o) => o.kind === 'Role' && o.metadata.name === name)!;
  return {
    name,
    configMap: env.DASHBOARD_CONFIGMAP,
    parametersConfigMap: parameters,
    authorizationPolicy: policy.metadata.name,
    selector: deployment.spec.selector.matchLabels,
    policySelector: policy.spec.selector.matchLabels,
    container: containerLayout(c),
    defaultContainerAnnotation: pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] === c.name,
    ownNetworkPolicies: objs.some((o) => o.kind === 'NetworkPolicy' && o.metadata.labels?.[COMPONENT_LABEL] === 'dashboard'),
    parametersFromConfigMap: c.envFrom !== undefined,
    roleExecAndSecrets: JSON.stringify(role.rules).includes('"pods/exec"'),
  };
}
