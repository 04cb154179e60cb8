import { KubeflowPlatform, Wave } from '../../constructs/platform/platform';

/** The README for the person installing at the site. */
export function bundleReadme(platform: KubeflowPlatform, waves: readonly Wave[], images: number): string {
  const c = platform.config;
  const objects = waves.reduce((n, w) => n + w.parts.reduce((m, p) => m + p.manifests.length, 0), 0);
  return `# Kubeflow ${c.release}: air-gapped bundle

Made by kubeflow-iac for platform \`${c.platform}\`, sizing \`${c.sizing}\`, images from
\`${c.registry ?? 'their source registries (no mirror was set)'}\`. ${objects} objects in ${waves.length} waves, ${images} images.

## Steps
1. Check the bundle arrived whole: \`sha256sum -c SHA256SUMS\`.
2. Copy the images into your registry, from a machine that reaches both registries:
   \`./mirror-images.sh\` (needs skopeo or crane). \`images.txt\` lists every image the platform
   pulls, under the names the manifests use.
3. See what the API server would do, changing nothing: \`./install.sh --dry-run=server\`.
   Custom resources of CRDs that are not installed yet are reported as unknown kinds on a first
   install; that is expected.
4. Install or upgrade: \`./install.sh\`. It applies each wave with server-side apply and waits until
   its CRDs are established, its Deployments, StatefulSets and DaemonSets have rolled out, its
   webhook services have endpoints and cert-manager has injected their CA bundles, then goes on.
   It is safe to run again.
5. After an upgrade, \`./install.sh --prune\` also deletes objects an earlier release installed
   that this one no longer has (listed by \`kubeflow-iac plan\`); CRDs, PVCs and namespaces are
   only reported, never deleted.

## Contents
| path | what |
| --- | --- |
| \`manifests/wave-NN*/\` | the objects, one file per component and phase, in install order |
| \`kustomization.yaml\` | the same files as a kustomization, in order (for GitOps tools) |
| \`install.sh\` | the installer (bash and kubectl only) |
| \`objects.txt\` | every object of the bundle, for \`--prune\` |
| \`images.txt\`, \`mirror-images.sh\` | the images and the script that mirrors them |
| \`SHA256SUMS\` | checksums of every other file |
`;
}
