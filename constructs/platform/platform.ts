import { App, Chart } from 'cdk8s';
import { catalogFor } from '../catalog';
import { ConfigError } from '../config/errors';
import { componentNeeds } from '../config/needs';
import { COMPONENT_KEYS, ComponentKey, PlatformConfig } from '../config/schema';
import { ImageResolver } from '../core/images';
import { COMPONENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from '../core/labels';
import { MemorySecretStore, SecretStore } from '../core/secrets';
import { Sizing } from '../core/sizing';
import { hubReleaseDefault } from '../hub/config';
import { hubProblems } from '../hub/platform';
import { addKubeflowBase } from '../kubeflow-namespace/platform';
import { PlatformBuild } from './build';
import { COMPONENTS, fileName } from './components';
import { groupOf, isCustomResource, Manifest, orderManifests, Phase } from './parts';

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
  private waveCache?: Wave[];

  /**
   * @param secrets where generated credentials come from; the CLI passes a file-backed
   *   store and Pulumi one backed by `@pulumi/random`. @default a fresh in-memory store
   */
  public readonly config: PlatformConfig;

  constructor(input: PlatformConfig, public readonly secrets: SecretStore = new MemorySecretStore()) {
    // Defaults that follow the release are filled here, so a config built for one release
    // (plan synthesizes one config for two) gets the other release's defaults.
    const config = (this.config = hubReleaseDefault(input));
    // Tenant files come in after the config is checked, so their Hub requests are checked here.
    const problems = hubProblems(config);
    if (problems.length) throw new ConfigError(problems);
    this.images = new ImageResolver(catalogFor(config.release), config.registry);
    const build: PlatformBuild = { config, images: this.images, sizing: new Sizing(config.sizing), secrets };
    addKubeflowBase(this.chart(BASE), build);
    for (const key of this.installed()) COMPONENTS[key](this.chart(fileName(key)), build);
  }

  /** Components this config installs (enabled and not external), in config order. */
  installed(): ComponentKey[] {
    return COMPONENT_KEYS.filter((k) => this.config.components[k].enabled && !this.config.components[k].external);
  }

  private chart(name: string): Chart {
    const chart = new Chart(this.app, name, {
      disableResourceNameHashes: true,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [COMPONENT_LABEL]: name },
    });
    this.charts.set(name, chart);
    return chart;
  }

  /** Every object of the platform, in install order. */
  manifests(): Manifest[] {
    return this.waves().flatMap((w) => w.parts.flatMap((p) => p.manifests));
  }

  /** The install waves. Computed once; the platform is immutable after construction. */
  waves(): Wave[] {
    this.waveCache ??= this.computeWaves();
    return this.waveCache;
  }

  private computeWaves(): Wave[] {
    const byComponent = new Map<string, Manifest[]>();
    const owner = new Map<string, string>();
    for (const [name, chart] of this.charts) {
      const list = chart.toJson() as Manifest[];
      byComponent.set(name, list);
      for (const m of list) {
        if (m.kind === 'CustomResourceDefinition') {
          const spec = m.spec as { group: string; names: { kind: string } };
          owner.set(`${spec.group}/${spec.names.kind}`, name);
        }
      }
    }
    // By group and kind: several components share a group (kubeflow.org).
    const ownerOf = (m: Manifest) => owner.get(`${groupOf(m.apiVersion)}/${m.kind}`);
    const needsOf = (component: string): string[] =>
      component === BASE ? [] : componentNeeds(this.keyOf(component), this.config).map(fileName).filter((n) => byComponent.has(n));

    const parts: Part[] = [];
    for (const [component, list] of byComponent) {
      const split: Record<Phase, Manifest[]> = { crds: [], namespaces: [], pre: [], main: [], post: [] };
      for (const m of list) {
        if (m.kind === 'CustomResourceDefinition') split.crds.push(m);
        else if (m.kind === 'Namespace') split.namespaces.push(m);
        else if (!isCustomResource(m)) split.main.push(m);
        else split[ownerOf(m) === component ? 'post' : 'pre'].push(m);
      }
      const needs = needsOf(component).flatMap((n) => (['pre', 'main', 'post'] as Phase[]).map((p) => partId(n, p)));
      const owners = (ms: Manifest[]) => [...new Set(ms.map(ownerOf).filter((o): o is string => !!o && o !== component))];
      const after: Record<Phase, string[]> = {
        crds: [],
        namespaces: [],
        pre: [...needs, ...owners(split.pre).flatMap((o) => [partId(o, 'main'), partId(o, 'post')])],
        main: [...needs, partId(component, 'pre')],
        post: [partId(component, 'main'), ...owners(split.post).map((o) => partId(o, 'main'))],
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
