import { JsonPatch } from 'cdk8s';
import { JsonPatchOp } from './schema';

// RFC 6901 pointer tokens: '~1' is '/', '~0' is '~'.
function tokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolve(doc: unknown, pointer: string): { found: boolean; value?: unknown } {
  let v = doc;
  for (const t of tokens(pointer)) {
    if (Array.isArray(v) && /^(0|[1-9][0-9]*)$/.test(t) && Number(t) < v.length) v = v[Number(t)];
    else if (v && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, t)) v = (v as Record<string, unknown>)[t];
    else return { found: false };
  }
  return { found: true, value: v };
}

// Where an `add` may write: into an existing object, or an array at an index up to its length or '-'.
function addProblem(doc: unknown, pointer: string): string | undefined {
  if (pointer === '') return undefined;
  const all = tokens(pointer);
  const parentPointer = pointer.slice(0, pointer.lastIndexOf('/'));
  const parent = resolve(doc, parentPointer);
  if (!parent.found) return `its parent ${parentPointer || '(the root)'} does not exist`;
  const last = all[all.length - 1];
  if (Array.isArray(parent.value) && last !== '-' && !(/^(0|[1-9][0-9]*)$/.test(last) && Number(last) <= parent.value.length)) {
    return `the list ${parentPointer} has ${parent.value.length} items: use an index up to ${parent.value.length}, or '-' to append`;
  }
  if (!parent.value || typeof parent.value !== 'object') return `its parent ${parentPointer} is not an object or a list`;
  return undefined;
}

/**
 * Why `op` cannot apply to `doc`, as RFC 6902 says: the path (or `from`) must exist for
 * remove, replace, move, copy and test, and the parent of the path for add. cdk8s's
 * `JsonPatch.apply` does not check this (a replace of a missing path would add it).
 */
function opProblem(doc: unknown, op: JsonPatchOp): string | undefined {
  switch (op.op) {
    case 'add':
      return addProblem(doc, op.path);
    case 'remove':
      if (op.path === '') return 'the whole object cannot be removed';
      return resolve(doc, op.path).found ? undefined : 'the path does not exist';
    case 'replace':
    case 'test':
      return resolve(doc, op.path).found ? undefined : 'the path does not exist';
    case 'move':
    case 'copy': {
      // The schema makes from required for move and copy.
      const from = op.from!;
      if (!resolve(doc, from).found) return `from ${from} does not exist`;
      if (op.op === 'move' && (op.path + '/').startsWith(from + '/')) return `${op.path} is inside ${from}, which is moved`;
      return addProblem(doc, op.path);
    }
  }
}

function toCdk8s(op: JsonPatchOp): JsonPatch {
  switch (op.op) {
    case 'add': return JsonPatch.add(op.path, op.value);
    case 'remove': return JsonPatch.remove(op.path);
    case 'replace': return JsonPatch.replace(op.path, op.value);
    case 'test': return JsonPatch.test(op.path, op.value);
    case 'move': return JsonPatch.move(op.from!, op.path);
    case 'copy': return JsonPatch.copy(op.from!, op.path);
  }
}

/**
 * Applies RFC 6902 operations one by one (through cdk8s's `JsonPatch.apply`), so a failure
 * names its operation: `{ index, why }` for the first that cannot apply.
 */
export function applyJsonPatch(doc: unknown, ops: readonly JsonPatchOp[]): { value: unknown } | { index: number; why: string } {
  let value = JSON.parse(JSON.stringify(doc)) as unknown;
  for (const [index, op] of ops.entries()) {
    const why = opProblem(value, op);
    if (why) return { index, why };
    try {
      value = JsonPatch.apply(value, toCdk8s(op));
    } catch (e) {
      // Only a failed test throws here: every other failure was found above.
      if ((e as { name?: string }).name !== 'TEST_OPERATION_FAILED') throw e;
      return { index, why: `the value there is ${JSON.stringify(resolve(value, op.path).value)}, not ${JSON.stringify(op.value)}` };
    }
  }
  return { value };
}

/** RFC 7386 JSON merge patch: objects merge key by key, null removes a key, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}
