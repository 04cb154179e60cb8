import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { restrictedContainer, restrictedPod } from '../core/security';
import { deployment } from '../core/workload';
import { ISTIO_NAMESPACE } from './gateway';

const NAME = 'cluster-jwks-proxy';
const JWKS_PATH = '/openid/v1/jwks';
/** Where Istio fetches the cluster's service-account token keys through the proxy. */
export const JWKS_PROXY_URI = `http://${NAME}.${ISTIO_NAMESPACE}.svc.cluster.local${JWKS_PATH}`;

/**
 * The API server serves its token keys behind a certificate istiod does not trust
 * (kind, kubeadm): `kubectl proxy` republishes only the keys and discovery document, read-only.
 */
export class ClusterJwksProxy extends Construct {
  constructor(scope: Construct, id: string, props: ComponentContext = {}) {
    super(scope, id);
    const { images, sizing } = resolveContext(props);
    const labels = selectorLabels({ 'app.kubernetes.io/name': NAME });
    const metadata = { name: NAME, namespace: ISTIO_NAMESPACE, labels };
    const probe = (delay: number, period: number, timeout: number): k8s.Probe => ({
      httpGet: { path: JWKS_PATH, port: k8s.IntOrString.fromString('http') },
      initialDelaySeconds: delay, periodSeconds: period, timeoutSeconds: timeout,
    });
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata });
    new k8s.KubeService(this, 'Service', {
      metadata,
      spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromString('http') }] },
    });
    deployment(this, {
      id: 'Deployment',
      ...metadata,
      replicas: sizing.replicas, // stateless: every replica serves the same keys
      serviceAccount: NAME,
      podSecurity: restrictedPod({ runAsUser: 1000, runAsGroup: 1000 }),
      containers: [{
        name: 'kubectl-proxy',
        image: images.ref('oauth2-proxy/kubectl'),
        command: ['kubectl'],
        args: [
          'proxy', '--address=0.0.0.0', '--port=8080', '--accept-hosts=.*',
          `--accept-paths=^(?:${JWKS_PATH})|(?:/.well-known/openid-configuration)$`,
          '--reject-methods=^(POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE)$',
        ],
        // kubectl keeps a cache under $HOME; the root filesystem is read-only.
        env: [{ name: 'HOME', value: '/tmp' }],
        ports: [{ name: 'http', containerPort: 8080 }],
        startupProbe: probe(5, 5, 2),
        livenessProbe: probe(15, 15, 5),
        readinessProbe: probe(15, 15, 5),
        resources: sizing.resources('tiny'),
        securityContext: restrictedContainer({ runAsUser: 1000, runAsGroup: 1000 }),
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    });
  }
}
