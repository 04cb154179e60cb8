import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { z } from 'zod';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { clusterRole, clusterRoleBinding, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer, restrictedPod } from '../core/security';
import { deployment } from '../core/workload';
import { httpProbe, kubeRbacProxy, LEADER_ELECTION_RULES, metricsProxyRbac } from '../core/controller';
import { rwoPvcSchedulingSchema } from './config';
import { tensorboardsCrds } from './crds';

export interface TensorboardControllerProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** `components.tensorboards.rwoPvcScheduling`. */
  readonly rwoPvcScheduling?: z.input<typeof rwoPvcSchedulingSchema>;
  /** `NAMESPACE/NAME` of the gateway TensorBoards are routed through. @default the context's `gateways.gateway` */
  readonly istioGateway?: string;
  /** Install the Tensorboard CRD. @default true */
  readonly crds?: boolean;
}

/** The TensorBoard controller: runs a TensorBoard Deployment, Service and VirtualService per Tensorboard. */
export class TensorboardController extends Construct {
  public readonly settings: Record<string, string>;

  constructor(scope: Construct, id: string, props: TensorboardControllerProps = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow';
    const prefix = 'tensorboard-controller';
    const labels = { app: prefix, 'kustomize.component': prefix };
    const meta = { labels };
    const sa = `${prefix}-controller-manager`;
    const subject = [serviceAccount(namespace, sa)];
    if (props.crds ?? true) tensorboardsCrds(this);

    // The TensorBoard image is handed to the controller through its ConfigMap, so it is mirrored here too.
    this.settings = {
      ISTIO_GATEWAY: props.istioGateway ?? gateways.gateway,
      ISTIO_HOST: '*',
      RWO_PVC_SCHEDULING: rwoPvcSchedulingSchema.parse(props.rwoPvcScheduling) ? 'True' : 'False',
      TENSORBOARD_IMAGE: images.ref('tensorboards/tensorflow'),
    };
    const configName = `${prefix}-config`;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: sa, namespace, ...meta } });
    role(this, namespace, `${prefix}-leader-election-role`, LEADER_ELECTION_RULES, meta);
    roleBinding(this, namespace, `${prefix}-leader-election-rolebinding`, { kind: 'Role', name: `${prefix}-leader-election-role` }, subject, meta);
    const crud = ['create', 'get', 'list', 'update', 'watch'];
    clusterRole(this, `${prefix}-manager-role`, [
      rule('apps', ['deployments'], crud),
      rule('', ['persistentvolumeclaims'], ['get', 'list', 'watch']),
      rule('', ['pods'], ['get', 'list', 'watch']),
      rule('', ['services'], crud),
      rule('networking.istio.io', ['virtualservices'], crud),
      rule('tensorboard.kubeflow.org', ['tensorboards'], ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
      rule('tensorboard.kubeflow.org', ['tensorboards/finalizers'], ['update']),
      rule('tensorboard.kubeflow.org', ['tensorboards/status'], ['get', 'patch', 'update']),
    ], meta);
    clusterRoleBinding(this, `${prefix}-manager-rolebinding`, `${prefix}-manager-role`, subject, meta);
    metricsProxyRbac(this, { prefix, namespace, serviceAccount: sa, labels: () => labels });

    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: configName, namespace }, data: this.settings });
    const podLabels = { ...labels, 'control-plane': 'controller-manager' };
    new k8s.KubeService(this, 'MetricsService', {
      metadata: { name: `${prefix}-controller-manager-metrics-service`, namespace, labels: podLabels },
      spec: { selector: selectorLabels(podLabels), ports: [{ name: 'https', port: 8443, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('https') }] },
    });
    const hash = createHash('sha256').update(JSON.stringify(this.settings)).digest('hex').slice(0, 16);
    deployment(this, {
      id: 'Deployment',
      name: `${prefix}-deployment`,
      namespace,
      labels: podLabels,
      replicas: sizing.controllerReplicas,
      podAnnotations: { 'kubectl.kubernetes.io/default-container': 'manager', 'kubeflow-iac.io/config-hash': hash },
      serviceAccount: sa,
      podSecurity: restrictedPod({ runAsUser: 999 }),
      pod: { terminationGracePeriodSeconds: 10 },
      containers: [
        {
          name: 'manager',
          image: images.ref('tensorboards/tensorboard-controller'),
          command: ['/manager'],
          // A second replica must not reconcile too: with it, elect a leader (its Role grants Leases).
          args: ['--health-probe-bind-address=:8081', '--metrics-bind-address=127.0.0.1:8080', ...(sizing.controllerReplicas > 1 ? ['--leader-elect'] : [])],
          envFrom: [{ configMapRef: { name: configName } }],
          livenessProbe: httpProbe('/healthz', 8081, 15, 20),
          readinessProbe: httpProbe('/readyz', 8081, 5, 10),
          resources: sizing.resources('small', `${prefix}-deployment/manager`),
          securityContext: restrictedContainer(),
        },
        kubeRbacProxy(images.ref('tensorboards/kube-rbac-proxy'), sizing, `${prefix}-deployment`),
      ],
    });
  }
}
