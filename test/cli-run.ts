import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
/** The built CLI, as users run it (`npm test` compiles lib/ first). */
export const CLI = path.join(root, 'lib', 'cli', 'main.js');
export const CDK8S_APP = path.join(root, 'lib', 'cli', 'app.js');

export interface CliRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs a built entry point in a new process, in `cwd`; env adds to (or, with undefined, removes from) the environment. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}, entry = CLI): CliRun {
  const full: NodeJS.ProcessEnv = { ...process.env };
  delete full.CDK8S_OUTDIR;
  delete full.KUBEFLOW_IAC_CONFIG;
  delete full.KUBEFLOW_IAC_SECRETS;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete full[k];
    else full[k] = v;
  }
  const r = spawnSync(process.execPath, [entry, ...args], { cwd, env: full, encoding: 'utf8' });
  return { code: r.status, out: r.stdout.trimEnd(), err: r.stderr.trimEnd() };
}

/** Every entry under `dir` (itself included) with its type, mode and, for files, a hash of the bytes. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    const p = path.join(dir, rel);
    const st = fs.lstatSync(p);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out[rel] = `link ${fs.readlinkSync(p)}`;
    else if (st.isDirectory()) {
      out[rel] = `dir ${mode}`;
      for (const n of fs.readdirSync(p)) walk(path.join(rel, n));
    } else out[rel] = `file ${mode} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`;
  };
  walk('.');
  return out;
}

/** Writes files (relative path to text) under `dir`, making folders as needed. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}
