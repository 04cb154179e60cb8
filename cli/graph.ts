import type { Command } from './commands';

const STACKS = ['kind', 'eks', 'gke', 'existing'];

/**
 * `graph`: what `pulumi up` would register, offline. The Pulumi SDK loads lazily, so other
 * commands do not pay for it. Commands are synchronous: the result is printed when the
 * mocked run ends and a failure sets the exit code.
 */
export const graphCommand: Command = {
  summary: 'print the resources `pulumi up` would register (mocked, offline), as JSON',
  usage: 'kubeflow-iac graph --stack kind|eks|gke|existing',
  options: { stack: { type: 'string', help: `stack config stacks/config/Pulumi.<stack>.yaml: ${STACKS.join(', ')} (default: kind)` } },
  run(opts, out) {
    const stack = (opts.stack as string | undefined) ?? 'kind';
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
      process.stderr.write(`kubeflow-iac graph: --stack: got ${JSON.stringify(stack)}; expected a stack name such as ${STACKS.join(', ')}\n`);
      return 2;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runGraph, readStackConfigFile } = require('../stacks/graph') as typeof import('../stacks/graph');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { program } = require('../stacks/program') as typeof import('../stacks/program');
    let config: Record<string, unknown>;
    try {
      config = readStackConfigFile(stack);
    } catch (e) {
      process.stderr.write(`kubeflow-iac graph: cannot read the config of stack '${stack}': ${(e as Error).message}\n`);
      return 1;
    }
    runGraph(program, { stack, config }).then(
      (r) => out(JSON.stringify(r.entries, null, 1)),
      (e: Error) => {
        process.stderr.write(`kubeflow-iac graph: ${e.message}\n`);
        process.exitCode = 1;
      },
    );
    return 0;
  },
};
