import { z } from 'zod';
import { catalogFor, Release } from '../catalog';
import { componentBase } from '../core/component-config';
import { CLUSTER_LOCAL_GATEWAY_NAME, INGRESS_GATEWAY_SERVICE, INGRESS_GATEWAY_SERVICE_ACCOUNT, ISTIO_NAMESPACE, KUBEFLOW_GATEWAY_NAME, KUBEFLOW_GATEWAY_NAMESPACE } from './names';

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
export type GatewayServiceType = (typeof SERVICE_TYPES)[number];

// A DNS name, optionally with a leading wildcard label (`*.example.com`).
const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const VERSION = /^\d+\.\d+(\.\d+)?$/;
const K8S_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const name = (what: string) => z.string().regex(K8S_NAME, { message: `expected a Kubernetes ${what} name (lower case letters, digits and '-')` });

const nodePort = z.number().int().min(30000, { message: 'expected a node port from 30000 to 32767' }).max(32767, { message: 'expected a node port from 30000 to 32767' });

/** HTTPS on the Kubeflow gateway (`components.istio.gateway.tls`); `GatewayTls` takes its defaults from it. */
export const tlsConfig = z.strictObject({
  /** Serve HTTPS on port 443 of the ingress gateway. @default false */
  enabled: z.boolean().default(false),
  /**
   * Where the certificate comes from: `selfSigned` (cert-manager, the `kubeflow-self-signing-issuer`
   * ClusterIssuer), `issuer` (cert-manager, the issuer named in `issuer`, e.g. Let's Encrypt), or
   * `secret` (a TLS Secret in istio-system you create, named by `secretName`). @default "selfSigned"
   */
  source: z.enum(['selfSigned', 'issuer', 'secret']).default('selfSigned'),
  /** The cert-manager issuer for `source: issuer`. @default none */
  issuer: z.strictObject({
    name: name('issuer'),
    /** @default "ClusterIssuer" */
    kind: z.enum(['ClusterIssuer', 'Issuer']).default('ClusterIssuer'),
  }).optional(),
  /** The TLS Secret in istio-system the gateway serves. @default "kubeflow-gateway-tls" */
  secretName: name('Secret').default('kubeflow-gateway-tls'),
  /** Answer plain HTTP on port 80 with a redirect to HTTPS. @default true */
  httpsRedirect: z.boolean().default(true),
});

const gatewayRef = (namespace: string, gateway: string) =>
  z.strictObject({
    /** @default the upstream namespace */
    namespace: name('namespace').default(namespace),
    /** @default the upstream name */
    name: name('Gateway').default(gateway),
  }).prefault({});

/** Platform config of the istio component (`components.istio`). */
export const istioConfig = z
  .strictObject({
    ...componentBase,
    gateway: z.strictObject({
      /** Type of the `istio-ingressgateway` Service. @default by platform: ClusterIP on generic and kind, LoadBalancer on eks and gke */
      serviceType: z.enum(SERVICE_TYPES).optional(),
      /** Annotations of the ingress gateway Service, over the platform's (the AWS NLB annotations on eks). @default {} */
      serviceAnnotations: z.record(z.string(), z.string()).default({}),
      /** Fixed node ports of the gateway's HTTP and HTTPS ports (NodePort or LoadBalancer Services), e.g. for kind's host port mappings. @default assigned by Kubernetes */
      nodePorts: z.strictObject({ http: nodePort.optional(), https: nodePort.optional() }).optional(),
      /** Host name users reach Kubeflow at; the Kubeflow gateway answers only for it. @default "*" (any host) */
      host: z.string().regex(HOST, { message: 'expected a DNS name such as kubeflow.example.com' }).optional(),
      tls: tlsConfig.prefault({}),
    }).prefault({}),
    /** The Istio the cluster already has, used when `external` is true. */
    existing: z.strictObject({
      /** The gateway web apps bind their routes to. @default kubeflow/kubeflow-gateway */
      gateway: gatewayRef(KUBEFLOW_GATEWAY_NAMESPACE, KUBEFLOW_GATEWAY_NAME),
      /**
       * The gateway for cluster-local traffic (Knative, KServe); its pods are expected behind a
       * Service of the same name in the same namespace, labelled `app: NAME` and `istio: NAME`, as upstream's are.
       * @default istio-system/cluster-local-gateway
       */
      clusterLocalGateway: gatewayRef(ISTIO_NAMESPACE, CLUSTER_LOCAL_GATEWAY_NAME),
      /**
       * The ingress gateway's pods that serve `gateway`: policies admit its service account and
       * select its `app` label, Knative sends external traffic to its Service. @default upstream's, in istio-system
       */
      ingressGateway: z.strictObject({
        /** @default "istio-system" */
        namespace: name('namespace').default(ISTIO_NAMESPACE),
        /** @default "istio-ingressgateway" */
        service: name('Service').default(INGRESS_GATEWAY_SERVICE),
        /** @default "istio-ingressgateway-service-account" */
        serviceAccount: name('ServiceAccount').default(INGRESS_GATEWAY_SERVICE_ACCOUNT),
        /** Value of the pods' `app` label. @default "istio-ingressgateway" */
        app: name('label').default(INGRESS_GATEWAY_SERVICE),
      }).prefault({}),
      /** Istio version the cluster runs, e.g. "1.28.0"; required when `external` is true. @default none */
      version: z.string().regex(VERSION, { message: 'expected an Istio version such as 1.28.0' }).optional(),
    }).prefault({}),
  })
  .superRefine((c, ctx) => {
    const tls = c.gateway.tls;
    if (tls.enabled && tls.source === 'issuer' && !tls.issuer) {
      ctx.addIssue({ code: 'custom', path: ['gateway', 'tls', 'issuer'], input: undefined, message: 'required when gateway.tls.source is "issuer": the cert-manager issuer, e.g. { name: letsencrypt, kind: ClusterIssuer }' });
    }
    if (tls.enabled && tls.source !== 'secret' && !c.gateway.host) {
      ctx.addIssue({ code: 'custom', path: ['gateway', 'host'], input: undefined, message: 'required when gateway.tls is enabled with a cert-manager certificate: the DNS name the certificate is issued for' });
    }
    if (c.external && !c.existing.version) {
      ctx.addIssue({ code: 'custom', path: ['existing', 'version'], input: undefined, message: 'required when components.istio.external is true: the Istio version the cluster runs, e.g. "1.28.0"' });
    }
  })
  .prefault({});

export type IstioConfig = z.output<typeof istioConfig>;

function parts(v: string): number[] {
  return v.split('.').map(Number);
}

/** Whether `version` lies in `[min, max]`; a max without patch (`1.29`) takes every 1.29.x. */
export function istioVersionSupported(version: string, min: string, max: string): boolean {
  const v = parts(version);
  const lo = parts(min);
  const hi = parts(max);
  const cmp = (a: number[], b: number[], n: number) => {
    for (let i = 0; i < n; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  return cmp(v, lo, 3) >= 0 && cmp(v, hi, hi.length) <= 0;
}

/** The Istio versions a release supports on clusters that bring their own Istio. */
export function supportedIstio(release: Release): { min: string; max: string; text: string } {
  const f = catalogFor(release).features;
  const min = f.istioMinVersion;
  const max = f.istioMaxVersion;
  return { min, max, text: `${min} to ${parts(max).length < 3 ? `${max}.x` : max}` };
}

/**
 * Checks `components.istio.existing.version` against the range the release supports. It needs
 * the release, so it runs on the whole platform config (see `config/schema.ts`).
 */
export function checkIstioVersion(
  config: { readonly release: Release; readonly components: { readonly istio: IstioConfig } },
  ctx: z.RefinementCtx,
): void {
  const version = config.components.istio.existing.version;
  // A malformed version has its own message from the field's schema.
  if (!version || !VERSION.test(version)) return;
  const range = supportedIstio(config.release);
  if (!istioVersionSupported(version, range.min, range.max)) {
    ctx.addIssue({
      code: 'custom',
      path: ['components', 'istio', 'existing', 'version'],
      input: version,
      message: `Kubeflow ${config.release} supports Istio ${range.text}`,
    });
  }
}
