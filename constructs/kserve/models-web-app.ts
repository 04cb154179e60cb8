import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentContext, resolveContext } from '../core/context';
import { clusterRole, clusterRoleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { deployment as workload } from '../core/workload';
import { KNATIVE_USER_RESOURCES } from './rbac';
import { allowPrincipals, ingressPrincipal } from '../core/mesh-policy';

export interface ModelsWebAppProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** URL prefix the dashboard links to. @default "/kserve-endpoints" */
  readonly prefix?: string;
  /** Gateway the VirtualService binds to, `namespace/name`. @default the context's `gateways.gateway` */
  readonly gateway?: string;
  /** Principal of the ingress gateway allowed to call the app. @default the context's ingress gateway */
  readonly gatewayPrincipal?: string;
  /** Header carrying the authenticated user. @default "kubeflow-userid" */
  readonly userIdHeader?: string;
  /** Knative Serving is installed: the app reads revisions for the Serverless details page. @default true */
  readonly knative?: boolean;
}

/** The KServe models web app: lists and manages InferenceServices from the Kubeflow dashboard. */
export class ModelsWebApp extends Construct {
  constructor(scope: Construct, id: string, props: ModelsWebAppProps = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const ns = props.namespace ?? 'kubeflow';
    const prefix = props.prefix ?? '/kserve-endpoints';
    const f = images.catalog.features;
    const name = f.modelsWebAppName;
    const labels = { app: 'kserve', 'app.kubernetes.io/component': name, 'app.kubernetes.io/name': 'kserve', 'kustomize.component': name };
    const meta = (n: string) => ({ name: n, namespace: ns, labels });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(name) });
    const EDIT = ['get', 'list', 'watch', 'create', 'delete', 'deletecollection', 'patch', 'update'];
    clusterRole(this, `${name}-cluster-role`, [
      rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
      rule('', ['namespaces', 'pods', 'pods/log', 'events'], ['get', 'list']),
      rule('serving.kserve.io', ['inferenceservices', 'inferenceservices/status', ...(f.modelsWebAppInferenceGraphs ? ['inferencegraphs', 'inferencegraphs/status'] : [])], EDIT),
      ...((props.knative ?? true) ? [rule('serving.knative.dev', KNATIVE_USER_RESOURCES, ['get', 'list'])] : []),
    ], { labels });
    clusterRoleBinding(this, `${name}-binding`, `${name}-cluster-role`, [serviceAccount(ns, name)], { labels });

    new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: meta(`${name}-config`),
      data: {
        APP_PREFIX: prefix,
        GRAFANA_CPU_MEMORY_DB: 'db/knative-serving-revision-cpu-and-memory-usage',
        GRAFANA_HTTP_REQUESTS_DB: 'db/knative-serving-revision-http-requests',
        GRAFANA_PREFIX: '/grafana',
        USERID_HEADER: props.userIdHeader ?? 'kubeflow-userid',
        USERID_PREFIX: '',
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: meta(name),
      spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(5000) }] },
    });
    const probe = (path: string): k8s.Probe => ({
      httpGet: { path, port: k8s.IntOrString.fromString('http') }, initialDelaySeconds: 0, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1, failureThreshold: 3,
    });
    workload(this, {
      id: 'Deployment',
      name,
      namespace: ns,
      labels,
      replicas: sizing.replicas,
      podAnnotations: { 'sidecar.istio.io/inject': 'true' },
      serviceAccount: name,
      containers: [{
        name,
        image: images.ref('kserve/models-web-app'),
        // Large Kubeflow auth headers exceed gunicorn's default field size.
        ...(f.modelsWebAppHeaderLimit ? { env: [{ name: 'GUNICORN_CMD_ARGS', value: '--limit-request-field_size 32000' }] } : {}),
        envFrom: [{ configMapRef: { name: `${name}-config` } }],
        ports: [{ containerPort: 5000, name: 'http' }],
        livenessProbe: probe('/healthz/liveness'),
        readinessProbe: probe('/healthz/readiness'),
        // Upstream measured 259Mi in use (docs/sizing.md): above the `small` class's 256Mi limit.
        resources: sizing.resources('medium'),
        securityContext: restrictedContainer({ runAsUser: 1000 }),
        // gunicorn keeps worker heartbeat files in /tmp; the root file system is read-only.
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    });
    new ApiObject(this, 'VirtualService', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: meta(name),
      spec: {
        gateways: [props.gateway ?? gateways.gateway],
        hosts: ['*'],
        http: [{
          match: [{ uri: { prefix: `${prefix}/` } }],
          rewrite: { uri: '/' },
          route: [{ destination: { host: `${name}.${ns}.svc.cluster.local`, port: { number: 80 } } }],
        }],
      },
    });
    allowPrincipals(this, 'AuthorizationPolicy', meta(name), [props.gatewayPrincipal ?? ingressPrincipal(gateways)], labels);
  }
}
