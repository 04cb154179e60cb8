import { COMPONENT_KEYS } from '../constructs/config/schema';
import { GraphEntry, GraphResult, readStackConfigFile, runGraph } from './graph';
import { program } from './program';

/** Runs the program for a stack config file under mocks, keeping inputs. */
export function graphOf(stack: string, platformOverrides: Record<string, unknown> = {}): Promise<GraphResult> {
  const config = readStackConfigFile(stack);
  const platform = { ...(config['kubeflow-iac:platform'] as Record<string, unknown>), ...platformOverrides };
  return runGraph(program, { stack, config: { ...config, 'kubeflow-iac:platform': platform }, keepInputs: true });
}

export const idOf = (e: Pick<GraphEntry, 'type' | 'name'>) => `${e.type}::${e.name}`;

/** Entries of a type, by name. */
export function byType(g: GraphResult, type: string): GraphEntry[] {
  return g.entries.filter((e) => e.type === type);
}

/** The inputs of the one resource of a type (and name, when given). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function inputsOf(g: GraphResult, type: string, name?: string): any {
  const found = g.entries.filter((e) => e.type === type && (name === undefined || e.name === name));
  if (found.length !== 1) throw new Error(`expected one ${type} ${name ?? ''}, found ${found.length}`);
  return g.inputs.get(idOf(found[0]));
}

/**
 * A small platform for cloud-layer tests: the gateway, its auth, and the pipelines (whose service
 * accounts get cloud identities) and what they need; everything else off, for speed.
 */
export const LEAN_PLATFORM = {
  components: Object.fromEntries(COMPONENT_KEYS.filter((k) => !['istio', 'auth', 'certManager', 'profiles', 'pipelines'].includes(k)).map((k) => [k, { enabled: false }])),
};

/** The inputs of a resource, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function inputsById(g: GraphResult, id: string): any {
  return g.inputs.get(id);
}
