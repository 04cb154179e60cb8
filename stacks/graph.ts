import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { setVersionReader, VersionReader } from './clusters/server-version';
import { mockCall, mockState } from './mocks';

/** One resource `pulumi up` would register, with the options that shape install and destroy. */
export interface GraphEntry {
  readonly type: string;
  readonly name: string;
  /** The parent, as `type::name`; the stack for top-level resources. */
  readonly parent?: string;
  /** Resources listed in `dependsOn`, as `type::name` (a component stands for all it holds). */
  readonly dependsOn: string[];
  readonly retainOnDelete: boolean;
  readonly protect: boolean;
}

export interface GraphResult {
  readonly entries: GraphEntry[];
  /** Inputs as the engine received them, by `type::name` (only with `keepInputs`). */
  readonly inputs: Map<string, Record<string, unknown>>;
  readonly outputs: Record<string, unknown> | undefined;
}

export interface GraphOptions {
  readonly project?: string;
  readonly stack?: string;
  /** Stack config, `namespace:key` to value (objects are passed as JSON, as Pulumi does). */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly keepInputs?: boolean;
  /** What an existing cluster says its version is. @default not read (no cluster offline) */
  readonly versionReader?: VersionReader;
}

const idOf = (type: string, name: string) => `${type}::${name}`;

/**
 * Runs a Pulumi program against mocks (no engine, no cloud) and records every resource it
 * registers, from the resource options as the program set them.
 */
export async function runGraph(program: () => Promise<Record<string, unknown>>, options: GraphOptions = {}): Promise<GraphResult> {
  const project = options.project ?? 'kubeflow-iac';
  const stack = options.stack ?? 'dev';
  const inputs = new Map<string, Record<string, unknown>>();
  // The offline graph reaches no cluster: an existing cluster's version is not read (unless a test says what it is).
  setVersionReader(options.versionReader ?? (() => ({ skipped: true })));
  await pulumi.runtime.setMocks({
    newResource: (args) => {
      if (options.keepInputs) inputs.set(idOf(args.type, args.name), args.inputs);
      return { id: `${args.name}-id`, state: mockState(args) };
    },
    call: mockCall,
  }, project, stack, false);
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(options.config ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])));

  // The SDK records a stack trace for every promise it makes (to report leaks); a short
  // trace is a tenth of the graph's run time saved.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  try {
    return await record(program, project, stack, inputs);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

async function record(program: () => Promise<Record<string, unknown>>, project: string, stack: string, inputs: GraphResult['inputs']): Promise<GraphResult> {
  const ids = new Map<pulumi.Resource, { id: string; protect: boolean }>();
  const entries: GraphEntry[] = [];
  const created: pulumi.Resource[] = [];
  let failure: unknown;
  const outputs = await pulumi.runtime.runInPulumiStack(async () => {
    const root = pulumi.runtime.getStackResource()!;
    ids.set(root, { id: idOf('pulumi:pulumi:Stack', `${project}-${stack}`), protect: false });
    pulumi.runtime.registerStackTransformation(({ resource, type, name, opts }) => {
      const parent = opts.parent ? ids.get(opts.parent) : ids.get(root);
      const protect = opts.protect ?? parent?.protect ?? false;
      const deps = opts.dependsOn === undefined ? [] : Array.isArray(opts.dependsOn) ? opts.dependsOn : [opts.dependsOn];
      ids.set(resource, { id: idOf(type, name), protect });
      created.push(resource);
      entries.push({
        type,
        name,
        parent: parent?.id,
        dependsOn: deps.map((d) => (pulumi.Resource.isInstance(d) ? ids.get(d)?.id ?? '(unknown)' : '(output)')),
        retainOnDelete: (opts as pulumi.CustomResourceOptions).retainOnDelete ?? false,
        protect,
      });
      return undefined;
    });
    try {
      return await program();
    } catch (e) {
      // Rethrown once the run settles: a rejection inside the stack would go unhandled.
      failure = e;
      return {};
    }
  });
  if (failure !== undefined) throw failure;
  // Wait for every registration (and so every mock call) to finish.
  await Promise.all(created.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  return { entries, inputs, outputs: outputs as Record<string, unknown> | undefined };
}

/** The stack config of `stacks/config/Pulumi.<stack>.yaml`, as `namespace:key` to value. */
export function readStackConfigFile(stack: string, dir = path.join(projectRoot(), 'stacks', 'config')): Record<string, unknown> {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  const doc = parse(fs.readFileSync(file, 'utf8')) as { config?: Record<string, unknown> } | null;
  return doc?.config ?? {};
}

/** The folder holding Pulumi.yaml, from the sources (`stacks/`) or the build (`lib/stacks/`). */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'Pulumi.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no Pulumi.yaml above ${from}`);
    dir = up;
  }
  return dir;
}
