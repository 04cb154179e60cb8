import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { KNATIVE_LOCAL_GATEWAY, KNATIVE_NAMESPACE, NET_ISTIO } from './names';

type Labels = (component?: string, extra?: Record<string, string>) => Record<string, string>;

/** An Istio gateway Knative programs routes on, and the Service in front of its pods. */
export interface KnativeGateway {
  readonly namespace: string;
  readonly name: string;
  /** Cluster DNS name of the gateway's Service, e.g. `istio-ingressgateway.istio-system.svc.cluster.local`. */
  readonly service: string;
}

/** A Knative feature flag value (`config-features`). */
export type FeatureFlag = 'enabled' | 'disabled' | 'allowed';

export interface KnativeConfigData {
  /** Queue proxy sidecar image, through the mirror. */
  readonly queueSidecarImage: string;
  /** Default domain of Knative routes (`config-domain`). */
  readonly domain: string;
  /** External gateways of `config-istio`. */
  readonly externalGateways: readonly KnativeGateway[];
  /** The cluster-local gateway of `config-istio`. */
  readonly localGateway: KnativeGateway;
  readonly progressDeadline: string;
  /** Registries whose tags Knative does not resolve to digests; a mirror that needs credentials goes here. */
  readonly registriesSkippingTagResolving?: readonly string[];
  readonly features?: Readonly<Record<string, FeatureFlag>>;
}

// Upstream ships every ConfigMap with only an `_example` block except the ones Kubeflow sets;
// the examples are documentation and are left out (see docs/upstream-deviations.md).
const CONFIG_MAPS: readonly { name: string; component: string; extra?: Record<string, string> }[] = [
  { name: 'config-autoscaler', component: 'autoscaler' },
  { name: 'config-certmanager', component: 'controller', extra: { 'networking.knative.dev/certificate-provider': 'cert-manager' } },
  { name: 'config-defaults', component: 'controller' },
  { name: 'config-deployment', component: 'controller' },
  { name: 'config-domain', component: 'controller' },
  { name: 'config-features', component: 'controller' },
  { name: 'config-gc', component: 'controller' },
  { name: 'config-istio', component: 'net-istio', extra: NET_ISTIO },
  { name: 'config-leader-election', component: 'controller' },
  { name: 'config-logging', component: 'logging' },
  { name: 'config-network', component: 'networking' },
  { name: 'config-observability', component: 'observability' },
  { name: 'config-tracing', component: 'tracing' },
];

/** The `data` of each Knative ConfigMap that carries settings. */
export function knativeConfigData(c: KnativeConfigData): Record<string, Record<string, string>> {
  // net-istio's key format: `gateway.<namespace>.<name>` / `local-gateway.<namespace>.<name>` to the Service host.
  const gateways = Object.fromEntries([
    ...c.externalGateways.map((g) => [`gateway.${g.namespace}.${g.name}`, g.service]),
    [`local-gateway.${c.localGateway.namespace}.${c.localGateway.name}`, c.localGateway.service],
  ]);
  return {
    'config-deployment': {
      progressDeadline: c.progressDeadline,
      'queue-sidecar-image': c.queueSidecarImage,
      ...(c.registriesSkippingTagResolving?.length ? { 'registries-skipping-tag-resolving': c.registriesSkippingTagResolving.join(',') } : {}),
    },
    // An empty value makes the domain the default for every route.
    'config-domain': { [c.domain]: '' },
    'config-istio': gateways,
    ...(c.features && Object.keys(c.features).length ? { 'config-features': { ...c.features } } : {}),
  };
}

/** The default local gateway: Knative's own Gateway in knative-serving, served by the cluster-local gateway pods. */
export function defaultLocalGateway(istioNamespace: string): KnativeGateway {
  return { namespace: KNATIVE_NAMESPACE, name: KNATIVE_LOCAL_GATEWAY, service: `${KNATIVE_LOCAL_GATEWAY}.${istioNamespace}.svc.cluster.local` };
}

export function knativeConfigMaps(scope: Construct, labels: Labels, data: KnativeConfigData): void {
  const values = knativeConfigData(data);
  for (const cm of CONFIG_MAPS) {
    new k8s.KubeConfigMap(scope, `ConfigMap-${cm.name}`, {
      metadata: { name: cm.name, namespace: KNATIVE_NAMESPACE, labels: labels(cm.component, cm.extra) },
      data: values[cm.name] ?? {},
    });
  }
}
