import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { Manifest } from '../../constructs/platform/parts';
import { Wave } from '../../constructs/platform/platform';
import { dataNamespaces, isRetained, pulumiName, REPLACEABLE, STEP_NAMES, stepOf } from '../../constructs/install';
import { KubeObject } from './objects';
import { readinessAnnotations, timeoutsFor } from './readiness';
import { Piece, PlaceholderStore, SecretSpec, substitute, tokenPattern } from './secrets';

/** The Istio ingress gateway Service, as upstream names it; its address is the platform's. */
export const GATEWAY_SERVICE = 'service/istio-system/istio-ingressgateway';

export interface PlatformArgs {
  /** The synthesized platform's install waves (`KubeflowPlatform.waves()`). */
  readonly waves: readonly Wave[];
  /** The store the platform was synthesized with; its placeholders become `RandomPassword`s. @default no generated secrets */
  readonly secrets?: PlaceholderStore;
  /** The Kubernetes provider of the target cluster (server-side apply on). */
  readonly provider: pulumi.ProviderResource;
  /**
   * Annotations added to ServiceAccounts, by `namespace/name`: how a cloud layer binds the
   * pipelines' service accounts to its IAM role (IRSA, Workload Identity). @default none
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;
  /**
   * Values known only at install time, by the token synthesis used for them (`lateToken`):
   * e.g. the EKS OIDC issuer the gateway trusts. @default none
   */
  readonly lateValues?: ReadonlyMap<string, pulumi.Input<string>>;
  /** Objects the install adds after the namespaces (e.g. a managed database's credentials). @default none */
  readonly extraManifests?: readonly Manifest[];
  /** What the first wave waits for: the cluster's nodes, storage and add-ons. @default nothing */
  readonly after?: readonly pulumi.Resource[];
}

/**
 * Installs the Kubeflow platform wave by wave. Every object is its own resource and
 * depends on the whole previous wave, so CRDs are Established and webhook servers
 * answer before anything needs them; `pulumi destroy` walks the same edges backwards.
 * Inside a wave, config goes first, then workloads, then webhook registrations.
 */
export class PulumiPlatform extends pulumi.ComponentResource {
  /** Every object, by its resource name. */
  public readonly objects = new Map<string, KubeObject>();
  /** The wave components, in install order. */
  public readonly waves: Group[] = [];
  /** The ingress gateway's load-balancer address, when its Service is a LoadBalancer. */
  public readonly gatewayAddress?: pulumi.Output<string>;
  /** Generated secrets no manifest holds verbatim (e.g. only a hash of them): they cannot be substituted. */
  public readonly unsubstitutedSecrets: string[];

  /** Passwords people sign in with (those the platform only holds hashes of), by store key. */
  public readonly userPasswords: Record<string, pulumi.Output<string>> = {};

  private readonly passwords = new Map<string, random.RandomPassword>();

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    // The type token keeps the old name: Pulumi state knows the resource by it.
    super('kubeflow-iac:index:Platform', name, {}, opts);
    const specs = args.secrets?.list() ?? [];
    const secretOf = new Map(specs.map((s) => [s.placeholder, s]));
    const late = args.lateValues ?? new Map<string, pulumi.Input<string>>();
    const pattern = tokenPattern([...secretOf.keys(), ...late.keys()]);
    const byKey = new Map(specs.map((s) => [s.key, s]));
    const valueOf = (token: string): pulumi.Input<string> => {
      const spec = secretOf.get(token);
      if (!spec) return late.get(token)!;
      return spec.bcryptOf ? this.password(name, byKey.get(spec.bcryptOf)!).bcryptHash : this.password(name, spec).result;
    };
    const replace = (pieces: Piece[], base64: boolean) => joinPieces(pieces, base64, valueOf, (t) => secretOf.has(t));

    const data = dataNamespaces(args.waves.flatMap((w) => w.parts.flatMap((p) => p.manifests)));
    // Component dependsOn is not inherited, so every object lists what it waits for.
    let previous: pulumi.Resource[] = [...(args.after ?? [])];
    for (const wave of args.waves) {
      const waveRes = new Group('kubeflow-iac:index:Wave', `${name}/${wave.name}`, { parent: this, dependsOn: previous });
      this.waves.push(waveRes);
      const steps: Manifest[][] = [[], [], []];
      for (const part of wave.parts) for (const m of part.manifests) steps[stepOf(m.kind)].push(m);
      // The first wave after the namespaces: before every component's own objects.
      if (wave === args.waves.find((w) => w.index >= 2)) for (const m of args.extraManifests ?? []) steps[stepOf(m.kind)].push(m);

      let before = previous;
      steps.forEach((list, i) => {
        if (list.length === 0) return;
        const step = new Group('kubeflow-iac:index:WaveStep', `${name}/${wave.name}/${STEP_NAMES[i]}`, { parent: waveRes, dependsOn: before });
        for (const m of list) {
          const inputs = pattern ? substitute(prepare(m, args), pattern, replace) : prepare(m, args);
          const obj = new KubeObject(pulumiName(m), inputs, objectOptions(m, { parent: step, provider: args.provider, dependsOn: before }, data));
          this.objects.set(pulumiName(m), obj);
        }
        before = [...previous, step];
      });
      previous = [waveRes];
    }

    const hashed = new Set(specs.filter((s) => s.bcryptOf && this.passwords.has(s.bcryptOf)).map((s) => s.key));
    this.unsubstitutedSecrets = specs.filter((s) => !this.passwords.has(s.key) && !hashed.has(s.key)).map((s) => s.key);
    for (const s of specs) {
      const source = s.bcryptOf && this.passwords.get(s.bcryptOf);
      if (source) this.userPasswords[s.bcryptOf!] = pulumi.secret(source.result);
    }
    if (this.unsubstitutedSecrets.length) {
      pulumi.log.warn(`generated secrets not found verbatim in any manifest, left as placeholders: ${this.unsubstitutedSecrets.join(', ')}`, this);
    }
    const gatewaySpec = args.waves.flatMap((w) => w.parts.flatMap((p) => p.manifests)).find((m) => pulumiName(m) === GATEWAY_SERVICE)?.spec as { type?: string } | undefined;
    if (gatewaySpec?.type === 'LoadBalancer') {
      this.gatewayAddress = this.objects.get(GATEWAY_SERVICE)!.status.apply((s) => {
        const ingress = (s as { loadBalancer?: { ingress?: { hostname?: string; ip?: string }[] } } | undefined)?.loadBalancer?.ingress?.[0];
        return ingress?.hostname ?? ingress?.ip ?? '';
      });
    }
    this.registerOutputs({ gatewayAddress: this.gatewayAddress, objects: this.objects.size });
  }

  private password(name: string, spec: SecretSpec): random.RandomPassword {
    let p = this.passwords.get(spec.key);
    if (!p) {
      p = new random.RandomPassword(`${name}/secret/${spec.key}`, {
        length: spec.length,
        special: spec.special.length > 0,
        overrideSpecial: spec.special || undefined,
      }, { parent: this });
      this.passwords.set(spec.key, p);
    }
    return p;
  }
}

/** The text of pieces once their values are known; a Pulumi secret when a piece is. */
function joinPieces(pieces: Piece[], base64: boolean, valueOf: (token: string) => pulumi.Input<string>, isSecret: (token: string) => boolean): pulumi.Output<string> {
  const parts = pieces.map((p) => ('text' in p ? p.text : valueOf(p.token)));
  const text = pulumi.all(parts).apply((ps) => (base64 ? Buffer.from(ps.join('')).toString('base64') : ps.join('')));
  return pieces.some((p) => 'token' in p && isSecret(p.token)) ? pulumi.secret(text) : text;
}

/** A wave or a step of one: a handle that later objects depend on as a whole. */
class Group extends pulumi.ComponentResource {
  constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    this.registerOutputs({});
  }
}

/** The manifest with the annotations the install adds: readiness and cloud identity. */
function prepare(m: Manifest, args: PlatformArgs): Manifest {
  const readiness = readinessAnnotations(m);
  const identity = m.kind === 'ServiceAccount' ? args.serviceAccountAnnotations?.[`${m.metadata.namespace}/${m.metadata.name}`] : undefined;
  if (!readiness && !identity) return m;
  return { ...m, metadata: { ...m.metadata, annotations: { ...m.metadata.annotations, ...readiness, ...(identity as Record<string, string>) } } };
}

function isEmptySecret(m: Manifest): boolean {
  const { data, stringData } = m as { data?: object; stringData?: object };
  return Object.keys(data ?? {}).length === 0 && Object.keys(stringData ?? {}).length === 0;
}

/** Resource options of one object: what it waits for, how long, and whether destroy keeps it. */
export function objectOptions(m: Manifest, base: pulumi.CustomResourceOptions, data: ReadonlySet<string> = new Set()): pulumi.CustomResourceOptions {
  const crd = m.kind === 'CustomResourceDefinition';
  return {
    ...base,
    retainOnDelete: isRetained(m, data),
    customTimeouts: timeoutsFor(m.kind),
    // Replacing a CRD deletes every custom resource of it; the API server rejects a scope
    // change anyway, so never let one plan a replacement.
    ...(crd ? { deleteBeforeReplace: false, ignoreChanges: ['spec.scope'] } : {}),
    // A new selector or roleRef cannot be applied in place: replace the object, deleting the
    // old one first since the new one has the same name (upstream's upgrade notes do this by hand).
    ...(REPLACEABLE[m.kind] ? { replaceOnChanges: [...REPLACEABLE[m.kind]], deleteBeforeReplace: true } : {}),
    ...(m.kind === 'Secret' ? { additionalSecretOutputs: ['data', 'stringData'] } : {}),
    // An empty Secret is filled by its controller (webhook certificates); its data is theirs.
    ...(m.kind === 'Secret' && isEmptySecret(m) ? { ignoreChanges: ['data', 'stringData'] } : {}),
  };
}

/** @deprecated the old name of `PulumiPlatform` (the name the package exports it by). */
export const Platform = PulumiPlatform;
export type Platform = PulumiPlatform;
