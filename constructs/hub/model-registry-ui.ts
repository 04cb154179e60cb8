import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { allowPrincipals, ingressPrincipal } from '../core/mesh-policy';
import { clusterRole, clusterRoleBinding, READ, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { deployment as workload } from '../core/workload';
import { mutualTlsRule, serviceHost } from '../core/mesh-routes';
import { NAMESPACE, UI } from './names';

/** The registry UI's workload identity, which tenant registries let in. */
export const UI_PRINCIPAL = `cluster.local/ns/${NAMESPACE}/sa/${UI.name}`;

/**
 * The Kubeflow Hub UI behind `/model-registry/`, one per cluster in `kubeflow`: it lists the
 * registries of the namespaces a user may see (Services labelled `component: model-registry`)
 * and checks each request with a SubjectAccessReview, so one UI serves every tenant.
 */
export class ModelRegistryUi extends Construct {
  constructor(scope: Construct, id: string, props: ComponentContext = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const namespace = NAMESPACE;
    const labels = { ...UI.labels };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: UI.name, namespace } });
    const roles: [string, k8s.PolicyRule][] = [
      ['model-registry-create-sars', rule('authorization.k8s.io', ['subjectaccessreviews'], ['create'])],
      ['model-registry-retrieve-clusterrolebindings', rule('rbac.authorization.k8s.io', ['clusterrolebindings'], READ)],
      ['model-registry-ui-services-reader', rule('', ['services'], READ)],
    ];
    for (const [name, r] of roles) {
      clusterRole(this, name, [r]);
      clusterRoleBinding(this, `${name}-binding`, name, [serviceAccount(namespace, UI.name)]);
    }

    new k8s.KubeService(this, 'Service', {
      metadata: { name: UI.service, namespace, labels: { ...labels, run: UI.name } },
      spec: { type: 'ClusterIP', selector: selectorLabels(labels), ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(8080) }] },
    });
    const health = (initialDelaySeconds: number): k8s.Probe => ({
      httpGet: { path: '/healthcheck', port: k8s.IntOrString.fromNumber(8080), scheme: 'HTTP' },
      initialDelaySeconds,
      periodSeconds: 30,
      timeoutSeconds: 15,
      successThreshold: 1,
      failureThreshold: 3,
    });
    workload(this, {
      id: 'Deployment',
      name: UI.name,
      namespace,
      labels,
      replicas: sizing.replicas, // stateless: the registries hold the data
      serviceAccount: UI.name,
      containers: [{
        name: UI.name,
        image: images.ref('hub/ui'),
        args: ['--deployment-mode=kubeflow', '--port=8080'],
        ports: [{ containerPort: 8080 }],
        livenessProbe: health(30),
        readinessProbe: health(15),
        resources: sizing.resources('large', `${UI.name}/${UI.name}`),
        securityContext: restrictedContainer(),
        volumeMounts: [{ mountPath: '/tmp', name: 'tmp' }],
      }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    });

    const host = serviceHost(UI.service, namespace);
    mutualTlsRule(this, namespace, UI.name, host, labels);
    new ApiObject(this, 'VirtualService', {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'VirtualService',
      metadata: { name: UI.name, namespace, labels },
      spec: {
        // Upstream writes the namespaced reference even though the Gateway is in the same namespace.
        gateways: [gateways.gateway],
        hosts: ['*'],
        http: [{
          headers: { request: { add: { 'x-forwarded-prefix': '/model-registry' } } },
          match: [{ uri: { prefix: '/model-registry/' } }],
          rewrite: { uri: '/' },
          route: [{ destination: { host, port: { number: 80 } } }],
        }],
      },
    });
    allowPrincipals(this, 'AuthorizationPolicy', { name: UI.name, namespace, labels }, [ingressPrincipal(gateways)], labels);
  }
}
