import { ApiObject, App, Chart, ChartProps } from 'cdk8s';
import { ConfigError } from '../config/errors';
import { componentNeeds } from '../config/needs';
import { COMPONENT_KEYS, ComponentKey, PlatformConfig } from '../config/schema';
import { ImageResolver } from '../core/images';
import { COMPONENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from '../core/labels';
import { SecretStore } from '../core/secrets';
import { registerPlatformFacts } from '../core/user-input';
import { hubReleaseDefault } from '../hub/config';
import { hubProblems } from '../hub/platform';
import { wireKubeflowBase } from '../kubeflow-namespace/platform';
import { platformBuild } from './build';
import { COMPONENTS, fileName } from './components';
import { applyPlatformPatches, finishComponent } from './finish';
import { groupOf } from '../install/identity';
import { orderManifests } from '../install/order';
import { isCustomResource, Manifest, Phase } from './parts';
import { userChartNeeds } from './user-charts';

/** The Kubeflow base (namespaces, roles) is always installed; it has no config key. */
export const BASE = 'kubeflow';

/** One file of the output: a component's objects of one phase. */
export interface Part {
  readonly component: string;
  readonly phase: Phase;
  readonly manifests: readonly Manifest[];
  /** Parts this one waits for, as `component/phase`. */
  readonly after: readonly string[];
}

/** A set of parts that install together; each wave waits for the one before. */
export interface Wave {
  readonly index: number;
  readonly name: string;
  readonly parts: readonly Part[];
}

const STORES = 'FileSecretStore keeps generated credentials in a file between builds, PlaceholderStore leaves them to Pulumi, EphemeralSecretStore (new values every build) is for tests';

const partId = (component: string, phase: Phase) => `${component}/${phase}`;

/**
 * The whole Kubeflow platform for one config: a cdk8s chart per component, cut
 * into install waves so that CRDs, namespaces, webhook servers and certificates
 * exist before the objects that need them.
 */
export class KubeflowPlatform {
  public readonly app = new App();
  public readonly images: ImageResolver;
  public readonly charts = new Map<string, Chart>();
  private waveCache?: { waves: Wave[]; userConstructs: number };

  /**
   * @param secrets where generated credentials come from, and required: a store that forgets
   *   them would give every credential a new value on each build. `FileSecretStore` keeps them
   *   in a file (the CLI's), `PlaceholderStore` leaves them to `@pulumi/random` in Pulumi state;
   *   `EphemeralSecretStore` is for tests.
   */
  public readonly config: PlatformConfig;

  constructor(input: PlatformConfig, public readonly secrets: SecretStore) {
    // For JavaScript callers, whom the type does not stop.
    if (typeof secrets?.value !== 'function') throw new Error(`KubeflowPlatform: 'secrets' (${String(secrets)}) must be a SecretStore: ${STORES}`);
    // Defaults that follow the release are filled here, so a config built for one release
    // (plan synthesizes one config for two) gets the other release's defaults.
    const config = (this.config = hubReleaseDefault(input));
    // Tenant files come in after the config is checked, so their Hub requests are checked here.
    const problems = hubProblems(config);
    if (problems.length) throw new ConfigError(problems);
    const build = platformBuild(config, secrets);
    this.images = build.images;
    // Users' custom resources check their images and namespaces against this platform.
    registerPlatformFacts(this.app, { images: this.images, tenants: () => this.tenants() });
    wireKubeflowBase(this.chart(BASE), build);
    for (const key of this.installed()) COMPONENTS[key](this.chart(fileName(key)), build);
  }

  /** Components this config installs (enabled and not external), in config order. */
  installed(): ComponentKey[] {
    return COMPONENT_KEYS.filter((k) => this.config.components[k].enabled && !this.config.components[k].external);
  }

  /** Namespaces users' objects may use: the config's tenants and namespaces users' charts create; undefined when profiles are not installed here. */
  private tenants(): string[] | undefined {
    const profiles = this.config.components.profiles;
    if (!profiles.enabled || profiles.external) return undefined;
    const own = [...this.userCharts().values()].flatMap((c) => c.node.findAll()).filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Namespace');
    return [...profiles.tenants.map((t) => t.name), ...own.map((n) => n.metadata.name!)];
  }

  private chart(name: string): Chart {
    const chart = new Chart(this.app, name, {
      disableResourceNameHashes: true,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [COMPONENT_LABEL]: name },
    });
    this.charts.set(name, chart);
    return chart;
  }

  /**
   * A chart for your own objects (a team's Notebooks, InferenceServices, Experiments, ...),
   * installed with the platform: its objects go into the waves after the CRDs, webhooks and
   * namespaces they need, as a component's do (`userChartNeeds`). Built-in objects come
   * before custom resources, so a Notebook finds its workspace claim. Objects carry
   * `kubeflow-iac.io/component: <id>` but not the managed-by label: `install.sh --prune`
   * never deletes them. A chart made directly on `app` is included the same way.
   * @param id the chart's file name in each wave folder: a DNS label, not a component's
   */
  addChart(id: string, props: ChartProps = {}): Chart {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id) || id.length > 63) {
      throw new ConfigError([`KubeflowPlatform.addChart: 'id' (${id}) must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`]);
    }
    if (this.charts.has(id)) throw new ConfigError([`KubeflowPlatform.addChart: 'id' (${id}) is already a chart of this platform; pick another id`]);
    const chart = new Chart(this.app, id, { disableResourceNameHashes: true, ...props, labels: { [COMPONENT_LABEL]: id, ...props.labels } });
    this.charts.set(id, chart);
    return chart;
  }

  /** Every object of the platform, in install order. */
  manifests(): Manifest[] {
    return this.waves().flatMap((w) => w.parts.flatMap((p) => p.manifests));
  }

  /** The install waves; computed again only when users' charts changed since. */
  waves(): Wave[] {
    const users = this.userCharts();
    const userConstructs = [...users.values()].reduce((n, c) => n + c.node.findAll().length, 0);
    if (this.waveCache?.userConstructs !== userConstructs) this.waveCache = { waves: this.computeWaves(users), userConstructs };
    return this.waveCache.waves;
  }

  /** Charts that are not a component's: `addChart`'s, and any other made on `app`. */
  private userCharts(): Map<string, Chart> {
    const components = new Set([BASE, ...this.installed().map(fileName)]);
    const all = new Map([...this.charts, ...this.app.charts.map((c): [string, Chart] => [c.node.id, c])]);
    return new Map([...all].filter(([name]) => !components.has(name)));
  }

  private computeWaves(users: ReadonlyMap<string, Chart>): Wave[] {
    const byComponent = new Map<string, Manifest[]>();
    const owner = new Map<string, string>();
    for (const [name, chart] of [...this.charts, ...[...users].filter(([n]) => !this.charts.has(n))]) {
      const own = chart.toJson() as Manifest[];
      const list = users.has(name) ? own : finishComponent(name, own, this.config);
      byComponent.set(name, list);
      for (const m of list) {
        if (m.kind === 'CustomResourceDefinition') {
          const spec = m.spec as { group: string; names: { kind: string } };
          owner.set(`${spec.group}/${spec.names.kind}`, name);
        }
      }
    }
    for (const [name, list] of applyPlatformPatches(new Map([...byComponent].filter(([n]) => !users.has(n))), this.config)) byComponent.set(name, list);
    // By group and kind: several components share a group (kubeflow.org).
    const ownerOf = (m: Manifest) => owner.get(`${groupOf(m.apiVersion)}/${m.kind}`);
    const platformParts = new Map([...byComponent].filter(([n]) => !users.has(n)));
    const needsOf = (component: string): string[] =>
      component === BASE ? [] : users.has(component) ? userChartNeeds(byComponent.get(component)!, platformParts)
        : componentNeeds(this.keyOf(component), this.config).map(fileName).filter((n) => byComponent.has(n));

    const parts: Part[] = [];
    for (const [component, list] of byComponent) {
      const split: Record<Phase, Manifest[]> = { crds: [], namespaces: [], pre: [], main: [], post: [] };
      for (const m of list) {
        if (m.kind === 'CustomResourceDefinition') split.crds.push(m);
        // The PriorityClass the config has kubeflow-iac create (placement.priorityClass) must exist before any pod.
        else if (m.kind === 'Namespace' || (m.kind === 'PriorityClass' && component === BASE)) split.namespaces.push(m);
        else if (!isCustomResource(m)) split.main.push(m);
        // A user's custom resources go after the chart's own built-in objects (claims, config).
        else split[ownerOf(m) === component || users.has(component) ? 'post' : 'pre'].push(m);
      }
      const needs = needsOf(component).flatMap((n) => (['pre', 'main', 'post'] as Phase[]).map((p) => partId(n, p)));
      const owners = (ms: Manifest[]) => [...new Set(ms.map(ownerOf).filter((o): o is string => !!o && o !== component))];
      const after: Record<Phase, string[]> = {
        crds: [],
        namespaces: [],
        pre: [...needs, ...owners(split.pre).flatMap((o) => [partId(o, 'main'), partId(o, 'post')])],
        main: [...needs, partId(component, 'pre')],
        post: [partId(component, 'main'), ...owners(split.post).map((o) => partId(o, 'main')), ...(users.has(component) ? needs : [])],
      };
      for (const phase of ['crds', 'namespaces', 'pre', 'main', 'post'] as Phase[]) {
        if (split[phase].length) parts.push({ component, phase, manifests: orderManifests(split[phase]), after: after[phase] });
      }
    }

    const present = new Set(parts.map((p) => partId(p.component, p.phase)));
    const level = new Map<string, number>();
    const levelOf = (p: Part, stack: string[] = []): number => {
      const id = partId(p.component, p.phase);
      if (p.phase === 'crds') return 0;
      if (p.phase === 'namespaces') return 1;
      const known = level.get(id);
      if (known !== undefined) return known;
      if (stack.includes(id)) throw new Error(`install order has a cycle: ${[...stack, id].join(' -> ')}`);
      const deps = p.after.filter((d) => present.has(d)).map((d) => parts.find((q) => partId(q.component, q.phase) === d)!);
      const l = Math.max(1, ...deps.map((d) => levelOf(d, [...stack, id]))) + 1;
      level.set(id, l);
      return l;
    };
    const waves = new Map<number, Part[]>();
    for (const p of parts) {
      const l = levelOf(p);
      waves.set(l, [...(waves.get(l) ?? []), { ...p, after: p.after.filter((d) => present.has(d)) }]);
    }
    return [...waves.keys()].sort((a, b) => a - b).map((l, index) => ({
      index,
      name: `wave-${String(l).padStart(2, '0')}${l === 0 ? '-crds' : l === 1 ? '-namespaces' : ''}`,
      parts: waves.get(l)!.sort((a, b) => fileOf(a).localeCompare(fileOf(b))),
    }));
  }

  private keyOf(component: string): ComponentKey {
    return COMPONENT_KEYS.find((k) => fileName(k) === component)!;
  }
}

/** The file a part is written to inside its wave folder. */
export function fileOf(p: Part): string {
  return p.phase === 'main' || p.phase === 'crds' || p.phase === 'namespaces' ? `${p.component}.yaml` : `${p.component}-${p.phase}.yaml`;
}
