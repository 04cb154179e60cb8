// Shared by tests; not part of the build. Reads the profiles layouts back from what the platform rendered.
import { PodDefaultsLayout, ProfilesLayout } from '../catalog/dashboard-features';
import { COMPONENT_LABEL, MANAGED_BY_LABEL } from '../core/labels';
import { containerLayout } from '../dashboard/test-helpers';
import { Obj } from '../platform/test-helpers';

const get = (objs: readonly Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const has = (o: Obj | undefined, text: string) => JSON.stringify(o ?? null).includes(text);
const own = (objs: readonly Obj[], kind: string, name: string) => objs.some((o) => o.kind === kind && o.metadata.name === name && o.metadata.labels?.[COMPONENT_LABEL] === 'profiles');

export function readProfilesLayout(objs: readonly Obj[]): ProfilesLayout {
  const deployment = get(objs, 'Deployment', 'profiles-deployment')!;
  const pod = deployment.spec.template;
  const [kfam, manager] = pod.spec.containers;
  const crd = get(objs, 'CustomResourceDefinition', 'profiles.kubeflow.org')!;
  const { [MANAGED_BY_LABEL]: _m, [COMPONENT_LABEL]: _c, ...crdLabels } = crd.metadata.labels!;
  return {
    selector: deployment.spec.selector.matchLabels,
    namespaceLabelsConfigMap: pod.spec.volumes[0].configMap.name,
    crdLabels,
    crdAtomicMaps: has(crd, 'x-kubernetes-map-type'),
    kfam: containerLayout(kfam),
    manager: { ...containerLayout(manager), args: manager.args ?? [] },
    kfamServicePortName: get(objs, 'Service', 'profiles-kfam')!.spec.ports[0].name,
    kfamForwardedPrefix: has(get(objs, 'VirtualService', 'profiles-kfam'), 'x-forwarded-prefix'),
    leaderElection: has(get(objs, 'Role', 'profiles-leader-election-role'), '"leases"') ? 'leases' : 'configmaps',
    profileRoles: get(objs, 'ClusterRole', 'profiles-profile-editor-role') !== undefined,
    defaultContainerAnnotation: pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] === manager.name,
    ownNetworkPolicies: own(objs, 'NetworkPolicy', 'profiles-kfam'),
  };
}

/** The webhook's layout: its name prefix is its Service's, found by the webhook path. */
export function readPodDefaultsLayout(objs: readonly Obj[]): PodDefaultsLayout {
  const hook = objs.find((o) => o.kind === 'MutatingWebhookConfiguration' && has(o, '"/apply-poddefault"'))!;
  const prefix = hook.webhooks[0].clientConfig.service.name.replace(/-service$/, '');
  const deployment = get(objs, 'Deployment', `${prefix}-deployment`)!;
  const pod = deployment.spec.template;
  const crd = get(objs, 'CustomResourceDefinition', 'poddefaults.kubeflow.org')!;
  return {
    prefix,
    certSecret: pod.spec.volumes[0].secret.secretName,
    selector: deployment.spec.selector.matchLabels,
    crdStatusSubresource: crd.spec.versions[0].subresources?.status !== undefined,
    crdAtomicMaps: has(crd, 'x-kubernetes-map-type'),
    defaultContainerAnnotation: pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] === pod.spec.containers[0].name,
    ownNetworkPolicies: own(objs, 'NetworkPolicy', 'poddefaults'),
  };
}
