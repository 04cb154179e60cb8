import { catalogFor } from '../../constructs/catalog';
import { KubeflowPlatform, Wave } from '../../constructs/platform/platform';
import { footprintReport, footprintTable } from '../footprint/report';

/** `namespace/name` of every Secret in the waves that carries a value: generated credentials, in plain text. */
export function credentialSecrets(waves: readonly Wave[]): string[] {
  return waves.flatMap((w) => w.parts.flatMap((p) => p.manifests))
    .filter((m) => m.kind === 'Secret')
    .filter((m) => [m.data, m.stringData].some((d) => Object.values((d ?? {}) as Record<string, unknown>).some((v) => v !== '' && v != null)))
    .map((m) => `${m.metadata.namespace ?? 'default'}/${m.metadata.name}`);
}

function credentialsSection(secrets: readonly string[]): string {
  if (!secrets.length) {
    return `## Credentials
No Secret in this bundle carries a value: it holds no credentials. Keep it from being changed on the
way (\`SHA256SUMS\` shows whether it was).
`;
  }
  return `## Credentials
**This bundle contains credentials.** These Secrets in \`manifests/\` hold generated values in plain
text (OAuth client and cookie secrets, database passwords, the login password's hash):
${secrets.map((s) => `\`${s}\``).join(', ')}.

Anyone who can read the bundle can use them against this platform. Protect it as you protect
passwords:
- keep it readable only by the people who install (\`chmod -R go-rwx\` on the folder or the tar),
  and carry it on encrypted media or over an encrypted channel;
- do not commit it to Git or leave copies on shared drives; delete the copies once installed;
- after an install, the values live in the cluster's Secrets: restrict who may read Secrets in
  those namespaces.
To change a value, delete its key from the secrets file that made this bundle (\`--secrets\`,
default \`.kubeflow-iac/secrets.yaml\`), make the bundle again and run \`./install.sh\`.
`;
}

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
   \`./mirror-images.sh\` (needs skopeo or crane; \`--dry-run\` shows what it would copy, and images
   the mirror already has are skipped). Where no machine reaches both, run
   \`./mirror-images.sh --export DIR\` outside, carry \`DIR\` in, and run \`./mirror-images.sh --import DIR\`.
   \`images.txt\` lists every image the platform pulls, under the names the manifests use.
3. See what the API server would do, changing nothing: \`./install.sh --dry-run=server\`.
   Custom resources of CRDs that are not installed yet are reported as unknown kinds on a first
   install; that is expected.
4. Install or upgrade: \`./install.sh\` (\`--context NAME\` for another kubeconfig context,
   \`--help\` for every option). It first checks that kubectl is there, the cluster answers and
   runs Kubernetes ${catalogFor(c.release).kubernetes.minimum} or newer (what ${c.release} needs; an older one stops it unless
   \`--skip-version-check\`), and prints the context and API server it is about to change. Then
   it applies each wave with server-side apply and waits until its CRDs are established, its
   Deployments, StatefulSets and DaemonSets have rolled out, its webhook services have endpoints
   and cert-manager has injected their CA bundles, then goes on. It is safe to run again.
5. After an upgrade, \`./install.sh --prune\` also deletes objects an earlier release installed
   that this one no longer has (listed by \`kubeflow-iac plan\`); CRDs, PVCs and namespaces are
   only reported, never deleted.

${credentialsSection(credentialSecrets(waves))}
## Footprint
What the platform asks of the cluster, counted from these manifests (\`kubeflow-iac footprint\`
with the same config prints the same table; \`--json\` gives it in bytes and millicores). Size the
nodes for the requests; limits may add up to more than the nodes have.

\`\`\`text
${footprintTable(footprintReport(platform)).join('\n')}
\`\`\`

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
