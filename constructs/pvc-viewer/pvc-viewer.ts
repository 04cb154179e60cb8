import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { z } from 'zod';
import { injectCaFrom, serviceDnsNames, WebhookCertificate } from '../core/certificate';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { clusterRole, clusterRoleBinding, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { deployment } from '../core/workload';
import { httpProbe, kubeRbacProxy, LEADER_ELECTION_RULES, metricsProxyRbac } from '../core/controller';
import { failurePolicySchema } from './config';
import { pvcViewerCrds } from './crds';

export interface PvcViewerProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** Install the PVCViewer CRD. @default true */
  readonly crds?: boolean;
  /** `components.pvcViewer.failurePolicy`. */
  readonly failurePolicy?: z.input<typeof failurePolicySchema>;
}

// Upstream's kubebuilder labels, by the part of the controller an object belongs to.
const labelsFor = (component: string, instance: string, kindName: string) => ({
  app: 'pvcviewer',
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/created-by': 'pvc-viewer',
  'app.kubernetes.io/instance': instance,
  'app.kubernetes.io/name': kindName,
  'app.kubernetes.io/part-of': 'pvc-viewer',
});

/** The PVC viewer controller: runs a file browser pod next to a volume, with its webhook and certificate. */
export class PvcViewer extends Construct {
  constructor(scope: Construct, id: string, props: PvcViewerProps = {}) {
    super(scope, id);
    const { images, sizing } = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow';
    const onFailure = failurePolicySchema.parse(props.failurePolicy);
    const sa = 'pvcviewer-controller-manager';
    const subject = [serviceAccount(namespace, sa)];
    const webhookService = 'pvcviewer-webhook-service';
    const certificate = 'pvcviewer-serving-cert';
    const secretName = 'webhook-server-cert';
    if (props.crds ?? true) pvcViewerCrds(this, namespace, webhookService, certificate);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: sa, namespace, labels: labelsFor('rbac', 'controller-manager-sa', 'serviceaccount') } });
    role(this, namespace, 'pvcviewer-leader-election-role', LEADER_ELECTION_RULES, { labels: labelsFor('rbac', 'leader-election-role', 'role') });
    roleBinding(this, namespace, 'pvcviewer-leader-election-rolebinding', { kind: 'Role', name: 'pvcviewer-leader-election-role' }, subject, {
      labels: labelsFor('rbac', 'leader-election-rolebinding', 'rolebinding'),
    });
    const crud = ['create', 'get', 'list', 'update', 'watch'];
    clusterRole(this, 'pvcviewer-role', [
      rule('apps', ['deployments'], crud),
      rule('', ['persistentvolumeclaims'], ['get', 'list', 'watch']),
      rule('', ['pods'], ['get', 'list', 'watch']),
      rule('', ['services'], crud),
      rule('kubeflow.org', ['pvcviewers'], ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
      rule('kubeflow.org', ['pvcviewers/finalizers'], ['update']),
      rule('kubeflow.org', ['pvcviewers/status'], ['get', 'patch', 'update']),
      rule('networking.istio.io', ['virtualservices'], crud),
    ], { labels: { app: 'pvcviewer' } });
    clusterRoleBinding(this, 'pvcviewer-manager-rolebinding', 'pvcviewer-role', subject, { labels: labelsFor('rbac', 'manager-rolebinding', 'clusterrolebinding') });
    metricsProxyRbac(this, {
      prefix: 'pvcviewer',
      namespace,
      serviceAccount: sa,
      labels: (instance) => labelsFor('kube-rbac-proxy', instance, instance.endsWith('binding') ? 'clusterrolebinding' : 'clusterrole'),
    });

    const pod = { app: 'pvcviewer', 'control-plane': 'controller-manager' };
    new k8s.KubeService(this, 'MetricsService', {
      metadata: { name: 'pvcviewer-controller-manager-metrics-service', namespace, labels: { ...labelsFor('kube-rbac-proxy', 'controller-manager-metrics-service', 'service'), 'control-plane': 'controller-manager' } },
      spec: { selector: selectorLabels(pod), ports: [{ name: 'https', port: 8443, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('https') }] },
    });
    new k8s.KubeService(this, 'WebhookService', {
      metadata: { name: webhookService, namespace, labels: labelsFor('webhook', 'webhook-service', 'service') },
      spec: { selector: selectorLabels(pod), ports: [{ port: 443, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(9443) }] },
    });

    deployment(this, {
      id: 'Deployment',
      name: sa,
      namespace,
      labels: { ...labelsFor('manager', 'controller-manager', 'deployment'), 'control-plane': 'controller-manager' },
      selector: pod,
      replicas: sizing.controllerReplicas, // --leader-elect below; the webhook serves on every replica
      // The API server calls the webhook directly, not through the mesh.
      podAnnotations: { 'kubectl.kubernetes.io/default-container': 'manager', 'traffic.sidecar.istio.io/excludeInboundPorts': '9443' },
      serviceAccount: sa,
      pod: {
        terminationGracePeriodSeconds: 10,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{
                matchExpressions: [
                  { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64', 'ppc64le', 's390x'] },
                  { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
                ],
              }],
            },
          },
        },
      },
      containers: [
        {
          name: 'manager',
          image: images.ref('pvc-viewer/controller'),
          imagePullPolicy: 'IfNotPresent',
          command: ['/manager'],
          args: ['--health-probe-bind-address=:8081', '--metrics-bind-address=127.0.0.1:8080', '--leader-elect'],
          ports: [{ containerPort: 9443, name: 'webhook-server', protocol: 'TCP' }],
          livenessProbe: httpProbe('/healthz', 8081, 15, 20),
          readinessProbe: httpProbe('/readyz', 8081, 5, 10),
          resources: sizing.resources('small', `${sa}/manager`),
          securityContext: restrictedContainer(),
          volumeMounts: [{ mountPath: '/tmp/k8s-webhook-server/serving-certs', name: 'cert', readOnly: true }],
        },
        kubeRbacProxy(images.ref('pvc-viewer/kube-rbac-proxy'), sizing, sa),
      ],
      volumes: [{ name: 'cert', secret: { secretName, defaultMode: 420 } }],
    });

    new WebhookCertificate(this, 'Certificate', {
      namespace,
      issuer: 'pvcviewer-selfsigned-issuer',
      certificate,
      secretName,
      dnsNames: serviceDnsNames(webhookService, namespace),
      labels: labelsFor('certificate', 'serving-cert', 'certificate'),
    });
    const hook = (kind: 'mutate' | 'validate') => ({
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: webhookService, namespace, path: `/${kind}-kubeflow-org-v1alpha1-pvcviewer` } },
      failurePolicy: onFailure,
      name: `${kind[0]}pvcviewer.kb.io`,
      rules: [{ apiGroups: ['kubeflow.org'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE'], resources: ['pvcviewers'] }],
      sideEffects: 'None',
    });
    const annotations = injectCaFrom(namespace, certificate);
    new k8s.KubeMutatingWebhookConfiguration(this, 'MutatingWebhook', {
      metadata: { name: 'pvcviewer-mutating-webhook-configuration', annotations, labels: labelsFor('webhook', 'mutating-webhook-configuration', 'mutatingwebhookconfiguration') },
      webhooks: [hook('mutate')],
    });
    new k8s.KubeValidatingWebhookConfiguration(this, 'ValidatingWebhook', {
      metadata: { name: 'pvcviewer-validating-webhook-configuration', annotations, labels: labelsFor('webhook', 'validating-webhook-configuration', 'validatingwebhookconfiguration') },
      webhooks: [hook('validate')],
    });
  }
}
