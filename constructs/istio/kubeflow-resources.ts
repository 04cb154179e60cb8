import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterRole, READ, rule } from '../core/rbac';
import { authorizationPolicy } from '../core/mesh-policy';
import { tlsConfig } from './config';
import { INGRESS_GATEWAY_SELECTOR, ISTIO_NAMESPACE, KUBEFLOW_GATEWAY_NAME, KUBEFLOW_GATEWAY_NAMESPACE } from './names';

/** HTTPS on the Kubeflow gateway. */
export interface GatewayTls {
  /** TLS Secret in istio-system the ingress gateway serves (it reads Secrets of its own namespace). */
  readonly secretName: string;
  /** Answer HTTP with a redirect to HTTPS (its default is the config's, `tlsConfig`). */
  readonly httpsRedirect?: boolean;
  /** Have cert-manager issue the Secret with this issuer. @default none: the Secret exists already */
  readonly issuer?: { readonly kind: 'ClusterIssuer' | 'Issuer'; readonly name: string };
}

export interface KubeflowGatewayProps {
  /** Host name the gateway answers for. @default "*" */
  readonly host?: string;
  /** @default none: plain HTTP on port 80 */
  readonly tls?: GatewayTls;
}

const AGG = 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow';

/**
 * What Kubeflow adds on top of Istio: the `kubeflow-gateway` every web app routes through,
 * and the `kubeflow-istio-*` roles that let profile members see and edit Istio objects.
 */
export class KubeflowIstioResources extends Construct {
  constructor(scope: Construct, id: string, props: KubeflowGatewayProps = {}) {
    super(scope, id);
    clusterRole(this, 'kubeflow-istio-admin', [], {
      labels: { [`${AGG}-admin`]: 'true' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGG}-istio-admin`]: 'true' } }] },
    });
    const istioRead = rule(['istio.io', 'networking.istio.io'], ['*'], READ);
    clusterRole(this, 'kubeflow-istio-edit', [istioRead], { labels: { [`${AGG}-edit`]: 'true', [`${AGG}-istio-admin`]: 'true' } });
    clusterRole(this, 'kubeflow-istio-view', [istioRead, rule('security.istio.io', ['authorizationpolicies'], READ)], { labels: { [`${AGG}-view`]: 'true' } });

    const hosts = [props.host ?? '*'];
    const tls = props.tls;
    const http = { hosts, port: { name: 'http', number: 80, protocol: 'HTTP' } };
    const servers = tls
      ? [
        ...(tlsConfig.shape.httpsRedirect.parse(tls.httpsRedirect) ? [{ ...http, tls: { httpsRedirect: true } }] : [http]),
        { hosts, port: { name: 'https', number: 443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: tls.secretName } },
      ]
      : [http];
    new ApiObject(this, 'Gateway', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: KUBEFLOW_GATEWAY_NAME, namespace: KUBEFLOW_GATEWAY_NAMESPACE },
      spec: { selector: { ...INGRESS_GATEWAY_SELECTOR }, servers },
    });

    if (tls?.issuer) {
      new ApiObject(this, 'Certificate', {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: tls.secretName, namespace: ISTIO_NAMESPACE },
        spec: {
          secretName: tls.secretName,
          ...(props.host && !props.host.startsWith('*') ? { commonName: props.host } : {}),
          dnsNames: [props.host ?? '*'],
          issuerRef: { group: 'cert-manager.io', kind: tls.issuer.kind, name: tls.issuer.name },
          usages: ['server auth', 'digital signature', 'key encipherment'],
        },
      });
    }
  }
}

/**
 * Mesh-wide defaults upstream Kubeflow sets: deny every request unless a policy allows it,
 * and keep each sidecar's view of the mesh to the Kubeflow namespaces.
 */
export class MeshDefaults extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // An empty policy in the root namespace applies to every workload of the mesh.
    authorizationPolicy(this, 'GlobalDeny', { name: 'global-deny-all', namespace: ISTIO_NAMESPACE }, {}, 'v1');
    const sidecar = (namespace: string, name: string, hosts: string[], app?: string) => new ApiObject(this, `Sidecar-${namespace}-${name}`, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: { name, namespace },
      spec: { egress: [{ hosts }], ...(app ? { workloadSelector: { labels: { app } } } : {}) },
    });
    sidecar(ISTIO_NAMESPACE, 'default', ['./*', ...['kubeflow', 'kubeflow-system', 'knative-serving', 'knative-eventing', ISTIO_NAMESPACE].map((n) => `${n}/*`)]);
    // These two reach Services in user namespaces, so they see the whole mesh.
    sidecar('kubeflow', 'ml-pipeline-ui-exception', ['*/*'], 'ml-pipeline-ui');
    sidecar('kubeflow', 'notebook-controller-exception', ['*/*'], 'notebook-controller');
  }
}
