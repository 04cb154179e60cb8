import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { z } from 'zod';
import { ComponentContext, resolveContext } from '../core/context';
import { splitGateway } from '../core/mesh-policy';
import { knativeOptions } from './config';
import { knativeConfigMaps, defaultLocalGateway, KnativeGateway } from './config-maps';
import { knativeCrds } from './crds';
import { knativeMesh, knativeResources, knativeWebhooks } from './mesh';
import { KNATIVE_NAMESPACE, knativeLabels } from './names';
import { knativeRbac } from './rbac';
import { knativeDisruptionBudgets, knativeServices, knativeWorkloads } from './workloads';

export interface KnativeServingProps extends ComponentContext {
  /** `components.knative.domain` (docs/configuration.md), written to `config-domain`. */
  readonly domain?: z.input<typeof knativeOptions.shape.domain>;
  /**
   * Gateways external traffic enters through (`config-istio`).
   * @default the context's `gateways.gateway`, served by its ingress gateway Service
   */
  readonly externalGateways?: readonly KnativeGateway[];
  /** Namespace of the cluster-local gateway's pods and Services. @default the context's cluster-local gateway namespace */
  readonly istioNamespace?: string;
  /** Pod labels of the cluster-local gateway. @default the context's (`{ app: 'cluster-local-gateway', istio: 'cluster-local-gateway' }`) */
  readonly localGatewaySelector?: Readonly<Record<string, string>>;
  /** `components.knative.progressDeadline`, written to `config-deployment`. */
  readonly progressDeadline?: z.input<typeof knativeOptions.shape.progressDeadline>;
  /** Registries Knative does not resolve tags to digests for, e.g. a mirror that needs credentials. @default none */
  readonly registriesSkippingTagResolving?: readonly string[];
  /** `components.knative.features`, written to `config-features`. */
  readonly features?: Readonly<z.input<typeof knativeOptions.shape.features>>;
  /** Pod Security level enforced in knative-serving. @default "restricted" */
  readonly podSecurity?: 'restricted' | 'baseline' | 'privileged';
}

/**
 * Knative Serving with net-istio as Kubeflow ships it: routes go through the Kubeflow
 * gateway and the cluster-local gateway, the queue-proxy image comes from the catalog.
 */
export class KnativeServing extends Construct {
  public readonly namespace = KNATIVE_NAMESPACE;
  /** The queue-proxy sidecar image, as written into `config-deployment`. */
  public readonly queueSidecarImage: string;

  constructor(scope: Construct, id: string, props: KnativeServingProps = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    // The schema fills in the defaults of the options the platform config has.
    const options = z.object(knativeOptions.shape).parse(props);
    const version = images.catalog.versions.knative;
    // OpenTelemetry metrics came with relaxed disruption budgets.
    const otel = images.catalog.features.knativeMetrics === 'opentelemetry';
    const labels = (component?: string, extra: Record<string, string> = {}) => knativeLabels(version, component, extra);
    const istioNs = props.istioNamespace ?? gateways.clusterLocal.namespace;
    const localSelector = props.localGatewaySelector ?? gateways.clusterLocal.labels;
    const ingress = gateways.ingress;

    knativeCrds(this, knativeLabels(version));
    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: KNATIVE_NAMESPACE,
        labels: { ...labels(), 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': props.podSecurity ?? 'restricted' },
      },
    });
    knativeRbac(this, labels, { endpointSlices: images.catalog.features.knativeEndpointSlices });
    this.queueSidecarImage = images.ref('knative/queue');
    knativeConfigMaps(this, labels, {
      queueSidecarImage: this.queueSidecarImage,
      domain: options.domain,
      externalGateways: props.externalGateways ?? [{ ...splitGateway(gateways.gateway), service: `${ingress.service}.${ingress.namespace}.svc.cluster.local` }],
      localGateway: defaultLocalGateway(istioNs),
      progressDeadline: options.progressDeadline,
      registriesSkippingTagResolving: props.registriesSkippingTagResolving,
      features: options.features,
    });
    knativeWorkloads(this, labels, { images, sizing, metricsDomainEnv: !otel });
    knativeDisruptionBudgets(this, labels, { minAvailable: otel ? 0 : '80%' });
    knativeServices(this, labels, istioNs, localSelector);
    knativeMesh(this, labels, {
      istioNamespace: istioNs, localGatewaySelector: localSelector, ingressNamespace: ingress.namespace,
      gatewayApps: [ingress.labels.app ?? ingress.service, localSelector.app ?? gateways.clusterLocal.service],
    });
    knativeResources(this, labels, this.queueSidecarImage);
    knativeWebhooks(this, labels);
  }
}
