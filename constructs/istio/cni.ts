import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ImageResolver } from '../core/images';
import { patchNewerFields } from '../core/newer-fields';
import { Sizing } from '../core/sizing';
import { fromField } from '../core/env';
import { CNI_NAMESPACE, istioLabels } from './names';
import { cniRbac } from './rbac';

export interface IstioCniProps {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  readonly chartVersion: string;
  /** Host folder for the CNI plugin binaries. @default "/opt/cni/bin" */
  readonly cniBinDir?: string;
  /** Host folder of the CNI network configs the plugin chains into. @default "/etc/cni/net.d" */
  readonly cniConfDir?: string;
}

// Ambient mode is off (Kubeflow runs sidecars); the selector is kept so turning it on later works as upstream.
const AMBIENT_SELECTOR = [
  { podSelector: { matchLabels: { 'istio.io/dataplane-mode': 'ambient' } } },
  {
    namespaceSelector: { matchLabels: { 'istio.io/dataplane-mode': 'ambient' } },
    podSelector: { matchExpressions: [{ key: 'istio.io/dataplane-mode', operator: 'NotIn', values: ['none'] }] },
  },
];

/** Settings of the node agent, passed as environment from the `istio-cni-config` ConfigMap. */
function cniSettings(agentVersion: string): Record<string, string> {
  return {
    AMBIENT_DNS_CAPTURE: 'true',
    AMBIENT_ENABLED: 'false',
    AMBIENT_ENABLEMENT_SELECTOR: stringify(AMBIENT_SELECTOR).trimEnd(),
    AMBIENT_IPV6: 'true',
    AMBIENT_RECONCILE_POD_RULES_ON_STARTUP: 'true',
    CHAINED_CNI_PLUGIN: 'true',
    CURRENT_AGENT_VERSION: agentVersion,
    ENABLE_AMBIENT_DETECTION_RETRY: 'false',
    EXCLUDE_NAMESPACES: CNI_NAMESPACE,
    ISTIO_OWNED_CNI_CONFIG: 'false',
    NATIVE_NFTABLES: 'false',
    // Pods that started before their network was set up are repaired: their broken pods restarted.
    REPAIR_BROKEN_POD_LABEL_KEY: 'cni.istio.io/uninitialized',
    REPAIR_BROKEN_POD_LABEL_VALUE: 'true',
    REPAIR_DELETE_PODS: 'false',
    REPAIR_ENABLED: 'true',
    REPAIR_INIT_CONTAINER_NAME: 'istio-validation',
    REPAIR_LABEL_PODS: 'false',
    REPAIR_REPAIR_PODS: 'true',
  };
}

/**
 * The Istio CNI node agent: installs the plugin that redirects pod traffic to the sidecar,
 * so app pods need no privileged init container. It is the one workload that needs host
 * access (host paths, network admin capabilities, root): see the pod security exceptions.
 */
export class IstioCni extends Construct {
  constructor(scope: Construct, id: string, props: IstioCniProps) {
    super(scope, id);
    const ns = CNI_NAMESPACE;
    const v = props.chartVersion;
    cniRbac(this, v);
    const labels = istioLabels('cni', 'istio-cni', v, { operator: 'Cni' });
    const image = props.images.ref('istio/install-cni');
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: 'istio-cni-config', namespace: ns, labels: { app: 'istio-cni', ...labels } },
      data: cniSettings(props.images.catalog.versions.istio),
    });

    const hostPath = (name: string, path: string, type?: string): k8s.Volume => ({ name, hostPath: { path, ...(type ? { type } : {}) } });
    const limit = (name: string, resource: string): k8s.EnvVar => ({ name, valueFrom: { resourceFieldRef: { divisor: k8s.Quantity.fromString('1'), resource } } });
    const { release: _r, 'install.operator.istio.io/owning-resource': _o, 'istio.io/rev': _v, 'operator.istio.io/component': _c, ...podLabels } = labels;
    const daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: { name: 'istio-cni-node', namespace: ns, labels: { ...labels, 'k8s-app': 'istio-cni-node' } },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'istio-cni-node' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: {
            annotations: {
              'prometheus.io/path': '/metrics',
              'prometheus.io/port': '15014',
              'prometheus.io/scrape': 'true',
              'sidecar.istio.io/inject': 'false',
            },
            labels: { ...podLabels, 'istio.io/dataplane-mode': 'none', 'k8s-app': 'istio-cni-node', 'sidecar.istio.io/inject': 'false' },
          },
          spec: {
            serviceAccountName: 'istio-cni',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            // Pods on a node cannot start networking until this agent runs there.
            priorityClassName: 'system-node-critical',
            terminationGracePeriodSeconds: 30,
            tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }, { key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
            containers: [{
              name: 'install-cni',
              image,
              command: ['install-cni'],
              args: ['--log_output_level=info'],
              env: [
                fromField('REPAIR_NODE_NAME', 'spec.nodeName'),
                { name: 'REPAIR_RUN_AS_DAEMON', value: 'true' },
                { name: 'REPAIR_SIDECAR_ANNOTATION', value: 'sidecar.istio.io/status' },
                { name: 'ALLOW_SWITCH_TO_HOST_NS', value: 'true' },
                fromField('NODE_NAME', 'spec.nodeName', 'v1'),
                limit('GOMEMLIMIT', 'limits.memory'),
                limit('GOMAXPROCS', 'limits.cpu'),
                fromField('POD_NAME', 'metadata.name'),
                fromField('POD_NAMESPACE', 'metadata.namespace'),
              ],
              envFrom: [{ configMapRef: { name: 'istio-cni-config' } }],
              ports: [{ containerPort: 15014, name: 'metrics', protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/readyz', port: k8s.IntOrString.fromNumber(8000) } },
              resources: props.sizing.resources('medium', 'istio-cni-node/install-cni'),
              // Writes the plugin onto the host and enters pod network namespaces: root with
              // network and namespace capabilities, the only pod outside Pod Security `restricted`.
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { add: ['NET_ADMIN', 'NET_RAW', 'SYS_PTRACE', 'SYS_ADMIN', 'DAC_OVERRIDE'], drop: ['ALL'] },
                privileged: false,
                runAsGroup: 0,
                runAsNonRoot: false,
                runAsUser: 0,
              },
              volumeMounts: [
                { mountPath: '/host/opt/cni/bin', name: 'cni-bin-dir' },
                { mountPath: '/host/proc', name: 'cni-host-procfs', readOnly: true },
                { mountPath: '/host/etc/cni/net.d', name: 'cni-net-dir' },
                { mountPath: '/var/run/istio-cni', name: 'cni-socket-dir' },
              ],
            }],
            volumes: [
              hostPath('cni-bin-dir', props.cniBinDir ?? '/opt/cni/bin'),
              hostPath('cni-host-procfs', '/proc', 'Directory'),
              hostPath('cni-net-dir', props.cniConfDir ?? '/etc/cni/net.d'),
              hostPath('cni-socket-dir', '/var/run/istio-cni'),
              hostPath('cni-netns-dir', '/var/run/netns', 'DirectoryOrCreate'),
            ],
          },
        },
      },
    });
    // Upstream's AppArmor annotation is deprecated since Kubernetes 1.30 (the API server warns on
    // every apply); the field (Kubernetes 1.30) replaces it.
    patchNewerFields(daemonSet, JsonPatch.add('/spec/template/spec/containers/0/securityContext/appArmorProfile', { type: 'Unconfined' }));
  }
}
