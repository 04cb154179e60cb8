import { ConfigError } from '../constructs/config/errors';
import { errnoText, OutputError } from '../constructs/platform/output';

/** A bad command line: a missing, repeated or malformed flag. Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const VERBS: Readonly<Record<string, string>> = {
  open: 'open', read: 'read', write: 'write', mkdir: 'create', mkdtemp: 'create a folder beside', rename: 'replace',
  scandir: 'read the folder', lstat: 'reach', stat: 'reach', unlink: 'remove', rmdir: 'remove', chmod: 'set the mode of',
};

/**
 * What the user sees when command `name` fails with `e`: one line (or the config's problem
 * lines) and the exit code; no stack trace unless the error is ours, not theirs.
 */
export function describeFailure(name: string, e: unknown): { code: number; text: string } {
  const at = `kubeflow-iac ${name}`;
  if (e instanceof UsageError) return { code: 2, text: `${at}: ${e.message}\nrun 'kubeflow-iac help ${name}' for its options` };
  if (e instanceof ConfigError) return { code: 1, text: `${at}: invalid config, nothing written:\n${e.problems.map((p) => `  ${p}`).join('\n')}` };
  if (e instanceof OutputError) return { code: 1, text: `${at}: ${e.message}` };
  const why = errnoText(e);
  if (why) {
    const err = e as NodeJS.ErrnoException;
    const where = err.path ? ` ${err.path}` : '';
    return { code: 1, text: `${at}: cannot ${VERBS[err.syscall ?? ''] ?? err.syscall ?? 'use'}${where}: ${why}` };
  }
  const trace = e instanceof Error ? e.stack ?? e.message : String(e);
  return { code: 1, text: `${at}: internal error, please report it with the lines below:\n${trace}` };
}
