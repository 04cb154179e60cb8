import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { Command } from './commands';
import { UsageError } from './errors';
import { configOption, loadWithTenants, profilesOption } from './options';

const STACKS = ['kind', 'eks', 'gke', 'existing'];

/**
 * `graph`: what `pulumi up` would register, offline. The Pulumi SDK loads lazily, so other
 * commands do not pay for it. Commands are synchronous: the result is printed when the
 * mocked run ends and a failure sets the exit code.
 *
 * --config and --profiles stand in for the stack's `kubeflow-iac:platform` keys and
 * `kubeflow-iac:profiles`, as if set in the stack config. There is no --secrets: under
 * Pulumi, credentials come from @pulumi/random, not from a secrets file.
 */
export const graphCommand: Command = {
  summary: 'print the resources `pulumi up` would register (mocked, offline), as JSON',
  usage: 'kubeflow-iac graph [--stack kind|eks|gke|existing] [--config FILE] [--profiles DIR]',
  options: {
    stack: { type: 'string', help: `stack config stacks/config/Pulumi.<stack>.yaml: ${STACKS.join(', ')} (default: kind)` },
    config: { ...configOption, help: "platform config YAML; its keys replace the stack's kubeflow-iac:platform keys" },
    profiles: { ...profilesOption, help: 'folder of tenant files, one Profile each (default: profiles, if it exists)' },
  },
  run(opts, out) {
    const stack = (opts.stack as string | undefined) ?? 'kind';
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
      throw new UsageError(`--stack: got ${JSON.stringify(stack)}; expected a stack name such as ${STACKS.join(', ')}`);
    }
    // Checked here first, so their errors name the file and line and print no Pulumi noise.
    if (opts.config !== undefined || opts.profiles !== undefined) loadWithTenants(opts);
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
    if (opts.config !== undefined) {
      const file = parse(fs.readFileSync(opts.config as string, 'utf8')) as Record<string, unknown> | null;
      config = { ...config, 'kubeflow-iac:platform': { ...(config['kubeflow-iac:platform'] as Record<string, unknown> | undefined), ...file } };
    }
    if (opts.profiles !== undefined) config = { ...config, 'kubeflow-iac:profiles': path.resolve(opts.profiles as string) };
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
