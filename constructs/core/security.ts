import { k8s } from 'cdk8s-plus-28';

/** Container security context that meets Pod Security `restricted`. */
export function restrictedContainer(opts: { readOnlyRootFilesystem?: boolean; runAsUser?: number; runAsGroup?: number } = {}): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: opts.readOnlyRootFilesystem ?? true,
    runAsNonRoot: true,
    ...(opts.runAsUser !== undefined ? { runAsUser: opts.runAsUser } : {}),
    ...(opts.runAsGroup !== undefined ? { runAsGroup: opts.runAsGroup } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Pod security context that meets Pod Security `restricted`. */
export function restrictedPod(opts: { runAsUser?: number; runAsGroup?: number; fsGroup?: number } = {}): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    ...(opts.runAsUser !== undefined ? { runAsUser: opts.runAsUser } : {}),
    ...(opts.runAsGroup !== undefined ? { runAsGroup: opts.runAsGroup } : {}),
    ...(opts.fsGroup !== undefined ? { fsGroup: opts.fsGroup } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
