/**
 * The shell scripts the kind cluster's `Command` runs. kind cannot change a cluster in place:
 * a changed config (a release whose Kubernetes needs a newer node image, other workers, ports or
 * registry) means a new cluster, and making it again deletes everything in it, volumes included.
 * So the scripts never do that on their own:
 * - create refuses when a kind cluster of that name already exists (one this stack made with
 *   other settings, or the user's own), and says how to make it again deliberately;
 * - delete removes only the cluster this resource made: the one whose kubeconfig (its CA) is the
 *   one create printed. Pulumi gives a delete command its create's stdout as
 *   `PULUMI_COMMAND_STDOUT`. A cluster of the same name made since (by the user, or by this
 *   stack after they deleted the old one) is left alone.
 * Both read `KIND_NAME` (and create `KIND_CONFIG`, the cluster config) from the environment.
 */

/** The certificate-authority-data line of a kubeconfig: what tells one kind cluster from the next. */
const CA_OF = `sed -n 's/^ *certificate-authority-data: *//p' | head -n 1`;

const EXISTS = `kind get clusters 2>/dev/null | grep -qx "$KIND_NAME"`;

/** What a user reads when the cluster exists: the cause, what would be lost, and both ways on. */
export function existsMessage(name: string): string {
  return `kind cluster '${name}' already exists, and this stack would make it with other settings ` +
    '(a release that needs a newer Kubernetes node image, other workers, ports or registry), or did not make it at all. ' +
    'kind cannot change a cluster in place, and making it again deletes everything in it, volumes included, ' +
    `so kubeflow-iac leaves it alone. To make it again, run \`kind delete cluster --name ${name}\` yourself and then \`pulumi up\`; ` +
    'to keep it, undo the change in the stack config (or stay on the release it runs).';
}

// kind's progress goes to stderr, so stdout is the kubeconfig (the Command's output).
export const CREATE_SCRIPT = [
  'set -e',
  `if ${EXISTS}; then`,
  // The message is built in TypeScript (one home, tested); the script gets it in an env var.
  '  printf \'%s\\n\' "$KIND_EXISTS_MESSAGE" >&2',
  '  exit 1',
  'fi',
  'f=$(mktemp); trap \'rm -f "$f"\' EXIT',
  'printf \'%s\' "$KIND_CONFIG" > "$f"',
  'kind create cluster --name "$KIND_NAME" --config "$f" --wait 120s >&2',
  'kind get kubeconfig --name "$KIND_NAME"',
].join('\n');

export const DELETE_SCRIPT = [
  'set -e',
  `if ! ${EXISTS}; then echo "kind cluster '$KIND_NAME' is already gone" >&2; exit 0; fi`,
  `mine=$(printf '%s\\n' "\${PULUMI_COMMAND_STDOUT:-}" | ${CA_OF})`,
  `now=$(kind get kubeconfig --name "$KIND_NAME" | ${CA_OF})`,
  'if [ -z "$mine" ] || [ "$mine" != "$now" ]; then',
  '  echo "kind cluster \'$KIND_NAME\' is not the one this stack made (another certificate authority): left alone" >&2',
  '  exit 0',
  'fi',
  'kind delete cluster --name "$KIND_NAME"',
].join('\n');
