#!/usr/bin/env node
import { parseArgs } from 'util';
import { ConfigError } from '../constructs/config/errors';
import { COMMANDS, Command } from './commands';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'usage: kubeflow-iac COMMAND [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    "run 'kubeflow-iac COMMAND --help' for a command's options",
  ].join('\n');
}

function commandHelp(c: Command): string {
  const width = Math.max(...Object.keys(c.options).map((n) => n.length + 2), 6);
  return [`usage: ${c.usage}`, '', c.summary, '', 'options:',
    ...Object.entries(c.options).map(([n, o]) => `  --${n.padEnd(width)} ${o.help}`), `  --${'help'.padEnd(width)} show this help`].join('\n');
}

/** Runs the CLI; returns the exit code. Errors go to stderr, results to stdout. */
type Print = (line: string) => void;
const stdout: Print = (l) => void process.stdout.write(`${l}\n`);
const stderr: Print = (l) => void process.stderr.write(`${l}\n`);

export function main(argv: readonly string[], out: Print = stdout, err: Print = stderr): number {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? out : err)(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`kubeflow-iac: unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...rest], options: { ...command.options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    err(`kubeflow-iac ${name}: ${(e as Error).message}\n${commandHelp(command)}`);
    return 2;
  }
  if (values.help) {
    out(commandHelp(command));
    return 0;
  }
  try {
    return command.run(values, out, err);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`kubeflow-iac ${name}: invalid config, nothing written:\n${e.problems.map((p) => `  ${p}`).join('\n')}`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
