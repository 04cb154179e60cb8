#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { DEFAULT_RELEASE } from '../constructs/catalog/types';
import { COMMANDS, Command } from './commands';
import { describeFailure, UsageError } from './errors';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'usage: kubeflow-iac COMMAND [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    "run 'kubeflow-iac help COMMAND' for a command's options; 'kubeflow-iac --version' for the version",
  ].join('\n');
}

function commandHelp(c: Command): string {
  const width = Math.max(...Object.keys(c.options).map((n) => n.length + 2), 6);
  return [`usage: ${c.usage}`, '', c.summary, '', 'options:',
    ...Object.entries(c.options).map(([n, o]) => `  --${n.padEnd(width)} ${o.help}`), `  --${'help'.padEnd(width)} show this help`].join('\n');
}

/** `kubeflow-iac 0.1.0 (default release 26.03)`, from the package.json above this file (sources or lib/). */
export function versionLine(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kubeflow-iac') return `kubeflow-iac ${pkg.version} (default release ${DEFAULT_RELEASE})`;
    }
    if (path.dirname(dir) === dir) return `kubeflow-iac (unknown version) (default release ${DEFAULT_RELEASE})`;
  }
}

/** The command's flags; a repeated value flag or a missing required one is a UsageError. */
function parseFlags(command: Command, args: readonly string[]): Record<string, string | boolean | undefined> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...command.options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false, tokens: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const tokens = parsed.tokens;
  if (values.help) return values;
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option' || command.options[t.name]?.type !== 'string') continue;
    // node keeps the last value; a script that passes --out twice most likely meant neither.
    if (seen.has(t.name)) throw new UsageError(`--${t.name} is given more than once; give it once`);
    seen.add(t.name);
  }
  for (const [n, o] of Object.entries(command.options)) {
    if (o.required && values[n] === undefined) throw new UsageError(`--${n} is required`);
  }
  return values;
}

/** Runs the CLI; returns the exit code. Errors go to stderr, results to stdout. */
type Print = (line: string) => void;
const stdout: Print = (l) => void process.stdout.write(`${l}\n`);
const stderr: Print = (l) => void process.stderr.write(`${l}\n`);

export function main(argv: readonly string[], out: Print = stdout, err: Print = stderr): number {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    out(versionLine());
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || (name === 'help' && !rest.length)) {
    (name ? out : err)(usage());
    return name ? 0 : 2;
  }
  if (name === 'help') {
    const topic = COMMANDS[rest[0]];
    if (!topic || rest.length > 1) {
      err(`kubeflow-iac help: unknown command '${rest.join(' ')}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
      return 2;
    }
    out(commandHelp(topic));
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`kubeflow-iac: unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  try {
    const values = parseFlags(command, rest);
    if (values.help) {
      out(commandHelp(command));
      return 0;
    }
    return command.run(values, out, err);
  } catch (e) {
    const failure = describeFailure(name, e);
    err(failure.text);
    return failure.code;
  }
}

if (require.main === module) {
  // `kubeflow-iac images | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = main(process.argv.slice(2));
}
