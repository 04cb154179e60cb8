import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { COMPONENT_KEYS } from '../config/schema';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { clusterRole, clusterRoleBinding, READ, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer, restrictedPod } from '../core/security';
import { DashboardLinks, dashboardLinks } from './links';
import { allowPrincipals, gatewayFrom, ingressPrincipal } from '../core/mesh-policy';

export interface CentralDashboardProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** Sidebar, documentation and quick links. @default links of every component */
  readonly links?: DashboardLinks;
  /** Request header with the user's id. @default "kubeflow-userid" */
  readonly userIdHeader?: string;
  /** @default "" */
  readonly userIdPrefix?: string;
  /** @default false */
  readonly registrationFlow?: boolean;
  /** @default true */
  readonly collectMetrics?: boolean;
  /** @default true */
  readonly forceIframe?: boolean;
  /** @default "/oauth2/sign_out" */
  readonly logoutUrl?: string;
  /** KFAM's `host[.namespace]`. @default "profiles-kfam.<namespace>" */
  readonly kfamHost?: string;
  /** Istio gateway the dashboard's route is bound to. @default the context's `gateways.gateway` */
  readonly gateway?: string;
  /** Principal of the ingress gateway, the only caller allowed. @default the context's ingress gateway */
  readonly gatewayPrincipal?: string;
}

const NAME = 'centraldashboard';
const CONFIG = 'centraldashboard-config';
const PORT = 8082;

/** Kubeflow's central dashboard: the home page, the sidebar and the namespace picker, behind the gateway at `/`. */
export class CentralDashboard extends Construct {
  public readonly links: DashboardLinks;

  constructor(scope: Construct, id: string, props: CentralDashboardProps = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const ns = props.namespace ?? 'kubeflow';
    const labels = { app: NAME, 'app.kubernetes.io/component': NAME, 'app.kubernetes.io/name': NAME, 'kustomize.component': NAME };
    const meta = { labels };
    const header = props.userIdHeader ?? 'kubeflow-userid';
    const prefix = props.userIdPrefix ?? '';
    const registration = String(props.registrationFlow ?? false);
    const metrics = String(props.collectMetrics ?? true);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: ns, labels } });
    role(this, ns, NAME, [
      rule(['', 'app.k8s.io'], ['applications', 'pods', 'pods/exec', 'pods/log'], READ),
      rule('', ['secrets', 'configmaps'], ['get']),
    ], meta);
    clusterRole(this, NAME, [rule('', ['events', 'namespaces', 'nodes'], READ)], meta);
    roleBinding(this, ns, NAME, { kind: 'Role', name: NAME }, [serviceAccount(ns, NAME)], meta);
    clusterRoleBinding(this, NAME, NAME, [serviceAccount(ns, NAME)], meta);

    this.links = props.links ?? dashboardLinks(COMPONENT_KEYS);
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: CONFIG, namespace: ns, labels },
      data: {
        links: JSON.stringify(this.links, null, 4),
        settings: JSON.stringify({ DASHBOARD_FORCE_IFRAME: props.forceIframe ?? true }, null, 2),
      },
    });
    // Upstream's kustomize parameters, kept so tools that read them find the values in force.
    new k8s.KubeConfigMap(this, 'Parameters', {
      metadata: { name: `${NAME}-parameters`, namespace: ns, labels },
      data: { CD_CLUSTER_DOMAIN: 'cluster.local', CD_COLLECT_METRICS: metrics, CD_REGISTRATION_FLOW: registration, CD_USERID_HEADER: header, CD_USERID_PREFIX: prefix },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: NAME, namespace: ns, labels },
      spec: {
        ports: [{ port: 80, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(PORT) }],
        selector: selectorLabels(labels),
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
    });

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, namespace: ns, labels },
      spec: {
        replicas: sizing.replicas,
        selector: { matchLabels: selectorLabels(labels) },
        template: {
          metadata: { labels: { ...labels, 'sidecar.istio.io/inject': 'true' } },
          spec: {
            serviceAccountName: NAME,
            securityContext: restrictedPod(),
            containers: [{
              name: NAME,
              image: images.ref('dashboard/central-dashboard'),
              imagePullPolicy: 'IfNotPresent',
              env: [
                { name: 'LOGOUT_URL', value: props.logoutUrl ?? '/oauth2/sign_out' },
                { name: 'USERID_HEADER', value: header },
                { name: 'USERID_PREFIX', value: prefix },
                { name: 'PROFILES_KFAM_SERVICE_HOST', value: props.kfamHost ?? `profiles-kfam.${ns}` },
                { name: 'REGISTRATION_FLOW', value: registration },
                { name: 'DASHBOARD_CONFIGMAP', value: CONFIG },
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'COLLECT_METRICS', value: metrics },
              ],
              ports: [{ containerPort: PORT, protocol: 'TCP' }],
              livenessProbe: { httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(PORT) }, initialDelaySeconds: 30, periodSeconds: 30 },
              resources: sizing.resources('small'),
              // A Node.js server: the root file system stays writable for its runtime's caches.
              securityContext: restrictedContainer({ runAsUser: 1000, readOnlyRootFilesystem: false }),
            }],
          },
        },
      },
    });

    new ApiObject(this, 'VirtualService', {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'VirtualService',
      metadata: { name: NAME, namespace: ns, labels },
      spec: {
        gateways: [props.gateway ?? gatewayFrom(ns, gateways.gateway)],
        hosts: ['*'],
        http: [{
          match: [{ uri: { prefix: '/' } }],
          rewrite: { uri: '/' },
          route: [{ destination: { host: `${NAME}.${ns}.svc.cluster.local`, port: { number: 80 } } }],
        }],
      },
    });
    allowPrincipals(this, 'AuthorizationPolicy', { name: 'central-dashboard', namespace: ns, labels }, [props.gatewayPrincipal ?? ingressPrincipal(gateways)], { app: NAME });
  }
}
