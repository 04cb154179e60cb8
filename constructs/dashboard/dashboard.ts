import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { COMPONENT_KEYS } from '../config/schema';
import { ConfigInput } from '../core/component-config';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { clusterRole, clusterRoleBinding, READ, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { deployment } from '../core/workload';
import { DashboardLinks, dashboardLinks } from './links';
import { allowPrincipals, gatewayFrom, ingressPrincipal } from '../core/mesh-policy';
import { ingressPolicy } from '../core/network-policy';
import { DashboardLayout, metadataLabels } from '../catalog/dashboard-features';
import { userIdOptions } from '../profiles/config';
import { configHash } from '../profiles/profile-controller';
import { dashboardOptions } from './config';

// registrationFlow, collectMetrics, forceIframe and logoutUrl are config fields, and so are
// userIdHeader and userIdPrefix (of profiles): their defaults live in the schemas.
export interface CentralDashboardProps extends ComponentContext, ConfigInput<typeof dashboardOptions>, ConfigInput<typeof userIdOptions> {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** Sidebar, documentation and quick links. @default links of every component */
  readonly links?: DashboardLinks;
  /** KFAM's `host[.namespace]`. @default "profiles-kfam.<namespace>" */
  readonly kfamHost?: string;
  /** Istio gateway the dashboard's route is bound to. @default the context's `gateways.gateway` */
  readonly gateway?: string;
  /** Principal of the ingress gateway, the only caller allowed. @default the context's ingress gateway */
  readonly gatewayPrincipal?: string;
  /** Object names, selectors and upstream layout. @default the release catalog's `dashboardLayout` */
  readonly layout?: DashboardLayout;
}

const PORT = 8082;

/** Kubeflow's central dashboard: the home page, the sidebar and the namespace picker, behind the gateway at `/`. */
export class CentralDashboard extends Construct {
  public readonly links: DashboardLinks;

  constructor(scope: Construct, id: string, props: CentralDashboardProps = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const layout = props.layout ?? images.catalog.features.dashboardLayout;
    const name = layout.name;
    const ns = props.namespace ?? 'kubeflow';
    const selector = selectorLabels(layout.selector);
    const labels = metadataLabels(layout);
    const meta = { labels };
    const o = dashboardOptions.parse({ registrationFlow: props.registrationFlow, collectMetrics: props.collectMetrics, forceIframe: props.forceIframe, logoutUrl: props.logoutUrl });
    const { userIdHeader: header, userIdPrefix: prefix } = userIdOptions.parse({ userIdHeader: props.userIdHeader, userIdPrefix: props.userIdPrefix });
    const registration = String(o.registrationFlow);
    const metrics = String(o.collectMetrics);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: name, namespace: ns, labels } });
    role(this, ns, name, layout.roleExecAndSecrets
      ? [rule(['', 'app.k8s.io'], ['applications', 'pods', 'pods/exec', 'pods/log'], READ), rule('', ['secrets', 'configmaps'], ['get'])]
      : [rule(['', 'app.k8s.io'], ['applications', 'pods', 'pods/log'], READ), rule('', ['configmaps'], ['get'])], meta);
    clusterRole(this, name, [rule('', ['events', 'namespaces', 'nodes'], READ)], meta);
    roleBinding(this, ns, name, { kind: 'Role', name: name }, [serviceAccount(ns, name)], meta);
    clusterRoleBinding(this, name, name, [serviceAccount(ns, name)], meta);

    this.links = props.links ?? dashboardLinks(COMPONENT_KEYS);
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: layout.configMap, namespace: ns, labels },
      data: {
        links: JSON.stringify(this.links, null, 4),
        settings: JSON.stringify({ DASHBOARD_FORCE_IFRAME: o.forceIframe }, null, 2),
      },
    });
    const settings = { COLLECT_METRICS: metrics, REGISTRATION_FLOW: registration, USERID_HEADER: header, USERID_PREFIX: prefix };
    // From the ConfigMap the pods read it; else upstream's kustomize parameters, kept so tools
    // that read them find the values in force.
    const parameters = layout.parametersFromConfigMap
      ? settings
      : { CD_CLUSTER_DOMAIN: 'cluster.local', CD_COLLECT_METRICS: metrics, CD_REGISTRATION_FLOW: registration, CD_USERID_HEADER: header, CD_USERID_PREFIX: prefix };
    new k8s.KubeConfigMap(this, 'Parameters', { metadata: { name: layout.parametersConfigMap, namespace: ns, labels }, data: parameters });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: name, namespace: ns, labels },
      spec: {
        ports: [{ port: 80, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(PORT) }],
        selector,
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
    });

    const kfamHost = props.kfamHost ?? `profiles-kfam.${ns}`;
    const logoutUrl = o.logoutUrl;
    const podNamespace = { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } };
    const env: k8s.EnvVar[] = layout.parametersFromConfigMap
      ? [
        { name: 'PROFILES_KFAM_SERVICE_HOST', value: kfamHost },
        { name: 'DASHBOARD_CONFIGMAP', value: layout.configMap },
        { name: 'LOGOUT_URL', value: logoutUrl },
        podNamespace,
      ]
      : [
        { name: 'LOGOUT_URL', value: logoutUrl },
        { name: 'USERID_HEADER', value: header },
        { name: 'USERID_PREFIX', value: prefix },
        { name: 'PROFILES_KFAM_SERVICE_HOST', value: kfamHost },
        { name: 'REGISTRATION_FLOW', value: registration },
        { name: 'DASHBOARD_CONFIGMAP', value: layout.configMap },
        podNamespace,
        { name: 'COLLECT_METRICS', value: metrics },
      ];
    const c = layout.container;
    const healthz = (p: { initialDelaySeconds: number; periodSeconds: number }): k8s.Probe => ({
      httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(PORT) }, initialDelaySeconds: p.initialDelaySeconds, periodSeconds: p.periodSeconds,
    });
    const annotations = {
      ...(layout.defaultContainerAnnotation ? { 'kubectl.kubernetes.io/default-container': c.name } : {}),
      // Env read from a ConfigMap is not reloaded: a parameter change must roll the pods.
      ...(layout.parametersFromConfigMap ? { 'kubeflow-iac.io/config-hash': configHash(parameters) } : {}),
    };

    deployment(this, {
      id: 'Deployment',
      name,
      namespace: ns,
      labels,
      selector,
      podLabels: { 'sidecar.istio.io/inject': 'true' },
      ...(Object.keys(annotations).length ? { podAnnotations: annotations } : {}),
      replicas: sizing.replicas,
      serviceAccount: name,
      containers: [{
        name: c.name,
        image: images.ref('dashboard/central-dashboard'),
        imagePullPolicy: 'IfNotPresent',
        env,
        ...(layout.parametersFromConfigMap ? { envFrom: [{ configMapRef: { name: layout.parametersConfigMap } }] } : {}),
        ports: [{ containerPort: PORT, ...(c.portName ? { name: c.portName } : {}), protocol: 'TCP' }],
        livenessProbe: healthz(c.liveness),
        ...(c.readiness ? { readinessProbe: healthz(c.readiness) } : {}),
        resources: sizing.resources('small'),
        // A Node.js server: the root file system stays writable for its runtime's caches.
        securityContext: restrictedContainer({ runAsUser: 1000, readOnlyRootFilesystem: false }),
      }],
    });

    new ApiObject(this, 'VirtualService', {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'VirtualService',
      metadata: { name: name, namespace: ns, labels },
      spec: {
        gateways: [props.gateway ?? gatewayFrom(ns, gateways.gateway)],
        hosts: ['*'],
        http: [{
          match: [{ uri: { prefix: '/' } }],
          rewrite: { uri: '/' },
          route: [{ destination: { host: `${name}.${ns}.svc.cluster.local`, port: { number: 80 } } }],
        }],
      },
    });
    if (layout.ownNetworkPolicies) {
      ingressPolicy(this, { namespace: ns, name: name, select: selector, selectByLabels: true, from: [{ namespaces: ['istio-system'] }, { sameNamespace: true }], labels });
    }
    allowPrincipals(this, 'AuthorizationPolicy', { name: layout.authorizationPolicy, namespace: ns, labels }, [props.gatewayPrincipal ?? ingressPrincipal(gateways)], layout.policySelector);
  }
}
