'use strict';
// The pod lifecycle kwok plays on the fake nodes (its `Stage` API, passed with --config).
//
// kwok's own pod stages make every pod Ready the moment it is scheduled. For the pods of a
// real controller (controllers.js) that is wrong: a kubelet marks them Ready only once their
// readinessProbe passes, and the rollout waits (install.sh, `pulumi up`) rely on that. With
// kwok's stages a webhook Deployment counted as Available before its process served its
// certificate, and `pulumi up` created a ClusterIssuer against a webhook that answered
// `tls: internal error`. So the pods of those Deployments get a stage of their own: running, with
// an IP, but not Ready; controllers.js sets Ready from the process and its probe.
//
// The other stages are kwok v0.7's "fast" pod stages (kustomize/stage/pod/fast), unchanged
// except that pod-ready skips the harness's pods: a config that names any pod stage replaces
// all of kwok's defaults, so all of them are here.

/**
 * A CEL test that a pod belongs to one of these Deployments: its namespace, and a generateName
 * of `<deployment>-<pod-template-hash>-` (the ReplicaSet's name, hash without dashes), so a
 * Deployment whose name only starts with the same text does not match.
 */
function ownedBy(deployments) {
  const one = (key) => {
    const [ns, name] = key.split('/');
    const re = `^${name.replace(/[.]/g, '\\\\.')}-[a-z0-9]+-$`;
    return `(self.metadata.namespace == "${ns}" && self.metadata.generateName.matches("${re}"))`;
  };
  if (deployments.length === 0) return 'false';
  return `has(self.metadata.generateName) && (${deployments.map(one).join(' || ')})`;
}

const notDeleted = { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' };
const noIp = { key: '.status.podIP', operator: 'DoesNotExist' };

/** A container's state once it has exited 0 (an init container, or a Job's container). */
const COMPLETED = `  state:
    terminated:
      exitCode: 0
      finishedAt: {{ $now | Quote }}
      reason: Completed
      startedAt: {{ $now | Quote }}
`;

/** The status kwok's fast pod-ready writes, with `ready` for the Ready conditions and containers. */
const runningStatus = (ready) => `{{ $now := Now }}
conditions:
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: Initialized
- lastTransitionTime: {{ $now | Quote }}
  status: "${ready}"
  type: Ready
- lastTransitionTime: {{ $now | Quote }}
  status: "${ready}"
  type: ContainersReady
{{ range .spec.readinessGates }}
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: {{ .conditionType | Quote }}
{{ end }}
containerStatuses:
{{ range .spec.containers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: ${ready === 'True'}
  started: true
  restartCount: 0
  state:
    running:
      startedAt: {{ $now | Quote }}
{{ end }}
initContainerStatuses:
{{ range .spec.initContainers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: true
  restartCount: 0
  {{ if eq .restartPolicy "Always" }}
  started: true
  state:
    running:
      startedAt: {{ $now | Quote }}
  {{ else }}
${COMPLETED}  {{ end }}
{{ end }}
hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}
phase: Running
startTime: {{ $now | Quote }}
`;

const completeStatus = `{{ $now := Now }}
containerStatuses:
{{ range .spec.containers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: false
  restartCount: 0
  started: false
${COMPLETED}{{ end }}
phase: Succeeded
`;

const stage = (name, matchExpressions, next) => ({
  apiVersion: 'kwok.x-k8s.io/v1alpha1',
  kind: 'Stage',
  metadata: { name },
  spec: { resourceRef: { apiGroup: 'v1', kind: 'Pod' }, selector: { matchExpressions }, next },
});

/**
 * kwok's --config: its pod stages, where the pods of `deployments` (`namespace/name`, the real
 * controllers') start unready and are left to the harness. JSON documents, which are YAML.
 */
function kwokConfig(deployments) {
  const harness = ownedBy(deployments);
  const stages = [
    stage('pod-ready', [notDeleted, noIp, { cel: { expression: `!(${harness})` } }], { statusTemplate: runningStatus('True') }),
    stage('pod-running-harness-ready', [notDeleted, noIp, { cel: { expression: harness } }], { statusTemplate: runningStatus('False') }),
    stage('pod-complete', [notDeleted, { key: '.status.phase', operator: 'In', values: ['Running'] }, { key: '.metadata.ownerReferences.[].kind', operator: 'In', values: ['Job'] }], { statusTemplate: completeStatus }),
    stage('pod-delete', [{ key: '.metadata.deletionTimestamp', operator: 'Exists' }], { finalizers: { empty: true }, delete: true }),
  ];
  return stages.map((s) => `---\n${JSON.stringify(s, null, 1)}\n`).join('');
}

module.exports = { kwokConfig, ownedBy };
