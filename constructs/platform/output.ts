import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { Manifest } from './parts';
import { fileOf, Wave } from './platform';

/** YAML of a list of manifests, as one multi-document stream. */
export function toYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => stringify(m, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

/** Output files by path relative to the output folder. */
export function renderWaves(waves: readonly Wave[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const w of waves) {
    for (const p of w.parts) files.set(path.posix.join(w.name, fileOf(p)), toYaml(p.manifests));
  }
  return files;
}

/** The files (as `renderWaves` names them, under `prefix`) holding a Secret, and how many Secrets. */
export function credentialFiles(waves: readonly Wave[], prefix = ''): { files: Set<string>; secrets: number } {
  const files = new Set<string>();
  let secrets = 0;
  for (const w of waves) {
    for (const p of w.parts) {
      const n = p.manifests.filter((m) => m.kind === 'Secret').length;
      if (n) files.add(path.posix.join(prefix, w.name, fileOf(p)));
      secrets += n;
    }
  }
  return { files, secrets };
}

/**
 * Written in every output folder: `sha256  path` of each file kubeflow-iac wrote there (the
 * format `sha256sum -c` reads). No .yaml extension, so `kubectl apply -R -f` skips it.
 * A folder is replaced only while it holds exactly these files, unchanged.
 */
export const OUTPUT_MARKER = '.kubeflow-iac-output';

/** An output path kubeflow-iac will not replace, or could not write; the message says why and what to do. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  EACCES: 'permission denied (EACCES); choose a folder you can write, or change its permissions',
  EPERM: 'operation not permitted (EPERM); choose a folder you can write, or change its permissions',
  ENOTDIR: 'a part of the path is a file, not a folder (ENOTDIR); choose another path',
  EEXIST: 'a part of the path is a file, not a folder (EEXIST); choose another path',
  EISDIR: 'it is a folder (EISDIR); name a file',
  ENOSPC: 'no space left on the device (ENOSPC); free some space and run again',
  EDQUOT: 'disk quota exceeded (EDQUOT); free some space and run again',
  EROFS: 'read-only file system (EROFS); choose a folder on a writable file system',
  ENAMETOOLONG: 'the path is too long (ENAMETOOLONG); choose a shorter path',
  ENOENT: 'no such file or folder (ENOENT); check the path',
  ELOOP: 'too many symbolic links (ELOOP); check the path',
  EMFILE: 'too many open files (EMFILE); raise the open-file limit (ulimit -n) and run again',
  EBUSY: 'the path is busy (EBUSY); close what uses it and run again',
};

/** A file-system error in words with its fix, or undefined when `e` is not one (an internal error). */
export function errnoText(e: unknown): string | undefined {
  // Not `instanceof Error`: errors from node's own modules may come from another realm (jest).
  const err = e as NodeJS.ErrnoException | null | undefined;
  if (typeof err?.code !== 'string' || typeof err.syscall !== 'string') return undefined;
  return ERRNO_TEXT[err.code] ?? `${err.code} (${err.message})`;
}

/**
 * mkdir -p, one level at a time: node's recursive mkdir spins forever where mkdir says
 * ENOENT under a parent that exists (as in /proc).
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) missing.push(d);
  for (const d of missing.reverse()) fs.mkdirSync(d);
}

function within(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** What the marker of `target` lists, relative path to sha256; undefined when there is none. */
function readMarker(target: string): Map<string, string> | undefined {
  const file = path.join(target, OUTPUT_MARKER);
  if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
  const listed = new Map<string, string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (m) listed.set(m[2], m[1]);
  }
  return listed;
}

/** The first entry under `target` that kubeflow-iac did not write as it is now, and why; undefined if none. */
function foreignEntry(target: string, listed: ReadonlyMap<string, string>): string | undefined {
  const folders = new Set<string>();
  for (const rel of listed.keys()) for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) folders.add(d);
  const walk = (rel: string): string | undefined => {
    for (const name of fs.readdirSync(path.join(target, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === OUTPUT_MARKER) continue;
      const st = fs.lstatSync(path.join(target, r));
      if (st.isDirectory() && folders.has(r)) {
        const found = walk(r);
        if (found) return found;
      } else if (!st.isFile() || !listed.has(r)) {
        return `it holds ${r}, which kubeflow-iac did not write; move it away or choose another folder`;
      } else if (sha256(path.join(target, r)) !== listed.get(r)) {
        return `${r} changed since kubeflow-iac wrote it; move it away or choose another folder`;
      }
    }
    return undefined;
  };
  return walk('');
}

export interface OutputGuard {
  /** The secrets file: its folder is never replaced, nor is a folder holding it. */
  readonly secretsFile?: string;
}

/**
 * Throws OutputError unless `dir` may be replaced: it does not exist, is an empty folder, or
 * is a folder kubeflow-iac wrote (its marker lists every file in it, unchanged). Never the
 * current folder or one above it, a git work tree, or the secrets file's folder.
 */
export function checkOutputDir(dir: string, guard: OutputGuard = {}): void {
  const refuse = (why: string) => new OutputError(`refusing to replace ${dir}: ${why}`);
  if (dir === '') throw new OutputError('the output path is empty; name a folder, such as dist');
  const target = path.resolve(dir);
  const cwd = process.cwd();
  if (target === cwd) throw refuse('it is the current folder; name a new folder inside it, such as dist');
  if (within(target, cwd)) throw refuse('it contains the current folder; name a new folder, such as dist');
  if (guard.secretsFile !== undefined) {
    const file = path.resolve(guard.secretsFile);
    const folder = path.dirname(file);
    const fix = 'choose another output folder, or keep the secrets elsewhere with --secrets';
    if (target === file) throw refuse(`it is the secrets file; ${fix}`);
    if (target === folder) throw refuse(`it is the folder of the secrets file ${guard.secretsFile}; ${fix}`);
    if (within(target, file)) throw refuse(`it holds the secrets file ${guard.secretsFile}; ${fix}`);
    // A folder of its own (the default .kubeflow-iac/) is for secrets only; a custom file may sit anywhere.
    if (path.basename(folder) === '.kubeflow-iac' && within(folder, target)) throw refuse(`it is inside the secrets folder ${path.dirname(guard.secretsFile)}; ${fix}`);
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(target, { throwIfNoEntry: false });
  } catch (e) {
    throw new OutputError(`cannot write ${dir}: ${errnoText(e) ?? String(e)}`);
  }
  if (!st) return;
  if (st.isSymbolicLink()) throw refuse('it is a symbolic link; name the folder itself, or a new one');
  if (!st.isDirectory()) throw refuse('it is a file, not a folder; move it away or choose another folder');
  if (fs.existsSync(path.join(target, '.git'))) throw refuse('it is a git work tree (it holds .git); name a new folder inside it, such as dist');
  const names = fs.readdirSync(target).sort();
  if (!names.length) return;
  const listed = readMarker(target);
  if (!listed) throw refuse(`it holds ${names[0]}, and kubeflow-iac did not write this folder (no ${OUTPUT_MARKER}); empty it or choose another folder`);
  const foreign = foreignEntry(target, listed);
  if (foreign) throw refuse(foreign);
}

export interface WriteOptions extends OutputGuard {
  /** Files readable by their owner only (0600): the ones holding credentials. */
  readonly private?: ReadonlySet<string>;
}

/** An output written in full beside its target, not yet in place. */
export interface StagedTree {
  /** Swaps the staged folder in for the target. */
  commit(): void;
  /** Removes the staged folder; the target stays as it was. */
  discard(): void;
}

function failed(dir: string, e: unknown): never {
  const why = errnoText(e);
  if (why) throw new OutputError(`cannot write ${dir}: ${why}`);
  throw e;
}

/**
 * Writes files for `dir` into a temporary folder beside it, with the marker that lets a
 * later run replace it. Checks `checkOutputDir` first. Nothing is at `dir` until commit.
 */
export function stageTree(dir: string, files: ReadonlyMap<string, string>, opts: WriteOptions = {}): StagedTree {
  checkOutputDir(dir, opts);
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  let staging: string | undefined;
  try {
    makeFolders(parent);
    staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}-new-`));
    const sums: string[] = [];
    for (const [rel, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const file = path.join(staging, rel);
      makeFolders(path.dirname(file));
      const mode = opts.private?.has(rel) ? 0o600 : rel.endsWith('.sh') ? 0o755 : undefined;
      fs.writeFileSync(file, text, { mode });
      if (mode !== undefined) fs.chmodSync(file, mode);
      sums.push(`${createHash('sha256').update(text).digest('hex')}  ${rel}`);
    }
    fs.writeFileSync(path.join(staging, OUTPUT_MARKER), sums.join('\n') + '\n');
  } catch (e) {
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
    failed(dir, e);
  }
  const staged = staging;
  return {
    discard: () => fs.rmSync(staged, { recursive: true, force: true }),
    commit: () => {
      try {
        // Checked again: the target may have changed while the files were written.
        checkOutputDir(dir, opts);
        const old = fs.existsSync(target) ? `${staged}-old` : undefined;
        if (old) fs.renameSync(target, old);
        try {
          fs.renameSync(staged, target);
        } catch (e) {
          if (old) fs.renameSync(old, target);
          throw e;
        }
        if (old) fs.rmSync(old, { recursive: true, force: true });
      } catch (e) {
        fs.rmSync(staged, { recursive: true, force: true });
        failed(dir, e);
      }
    },
  };
}

/**
 * Writes files into `dir` all at once: into a temporary folder beside it first, then
 * swapped in, so a failure leaves an existing folder as it was. Replaces only what
 * `checkOutputDir` allows, and leaves the marker that allows it next time.
 */
export function writeTree(dir: string, files: ReadonlyMap<string, string>, opts: WriteOptions = {}): void {
  stageTree(dir, files, opts).commit();
}
