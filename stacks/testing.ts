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
export function inputsOf(g: GraphResult, type: string, name?: string): Record<string, any> {
  const found = g.entries.filter((e) => e.type === type && (name === undefined || e.name === name));
  if (found.length !== 1) throw new Error(`expected one ${type} ${name ?? ''}, found ${found.length}`);
  return g.inputs.get(idOf(found[0]))!;
}
