import { Container, manifestsFor, podSpecs, PodSpec } from './helpers';

/**
 * Workloads allowed outside Pod Security `restricted`, by name, with the reason.
 * Everything else must pass `restrictedViolations`.
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  'DaemonSet kube-system/istio-cni-node':
    'the Istio CNI node agent writes the CNI plugin and its config onto the host (hostPath) and sets up pod networking (NET_ADMIN, runs as root)',
};

/** What Pod Security `restricted` (v1.33) forbids, checked on one pod spec. */
export function restrictedViolations(spec: PodSpec): string[] {
  const out: string[] = [];
  const pod = spec.securityContext ?? {};
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) out.push('host namespaces');
  for (const v of spec.volumes ?? []) if (v.hostPath) out.push(`hostPath volume ${v.name}`);
  const containers: Container[] = [...(spec.initContainers ?? []), ...spec.containers];
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged) out.push(`${where}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${where}: allowPrivilegeEscalation is not false`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${where}: capabilities do not drop ALL`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') out.push(`${where}: adds capability ${cap}`);
    if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) out.push(`${where}: runAsNonRoot is not true`);
    if ((sc.runAsUser ?? pod.runAsUser) === 0) out.push(`${where}: runs as user 0`);
    const seccomp = ((sc.seccompProfile ?? pod.seccompProfile) as { type?: string } | undefined)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${where}: seccompProfile is not RuntimeDefault`);
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${where}: hostPort ${p.hostPort}`);
  }
  return out;
}

describe.each(['26.03', 'v1.11.0'] as const)('release %s', (release) => {
  const pods = podSpecs(manifestsFor({ release }));

  test('has workloads to check', () => {
    expect(pods.length).toBeGreaterThanOrEqual(3);
  });

  test('every workload meets Pod Security restricted, but the listed exceptions', () => {
    const violations = pods
      .filter((p) => !(p.id in EXCEPTIONS))
      .flatMap((p) => restrictedViolations(p.spec).map((v) => `${p.id}: ${v}`));
    expect(violations).toEqual([]);
  });

  test('every exception exists and really needs to be one', () => {
    for (const name of Object.keys(EXCEPTIONS)) {
      const pod = pods.find((p) => p.id === name);
      expect(pod).toBeDefined();
      expect(restrictedViolations(pod!.spec)).not.toEqual([]);
    }
  });

  test('the istio-cni DaemonSet is the only workload outside restricted', () => {
    const outside = pods.filter((p) => restrictedViolations(p.spec).length).map((p) => p.id);
    expect(outside).toEqual(['DaemonSet kube-system/istio-cni-node']);
  });

  test('every container has CPU and memory requests', () => {
    const missing = pods.flatMap((p) =>
      [...(p.spec.initContainers ?? []), ...p.spec.containers]
        .filter((c) => !c.resources?.requests?.cpu || !c.resources?.requests?.memory)
        .map((c) => `${p.id}: container ${c.name}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('the restricted check itself', () => {
  const ok: PodSpec = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  };

  test('accepts a restricted pod', () => {
    expect(restrictedViolations(ok)).toEqual([]);
  });

  test('rejects root, privilege escalation, host paths and added capabilities', () => {
    expect(restrictedViolations({
      ...ok,
      volumes: [{ name: 'bin', hostPath: { path: '/opt/cni/bin' } }],
      containers: [{ name: 'cni', securityContext: { runAsUser: 0, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } } }],
    })).toEqual([
      'hostPath volume bin',
      'container cni: allowPrivilegeEscalation is not false',
      'container cni: adds capability NET_ADMIN',
      'container cni: runs as user 0',
    ]);
  });
});
