import { z } from 'zod';
import { show } from './errors';

/**
 * One wording for schema problems, shared by the platform config, tenant files and stack
 * settings: each line names the field, the value and what is allowed, in plain words
 * rather than the validator's.
 */
export type Path = readonly PropertyKey[];

export function pathText(path: Path): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
}

type Def = { innerType?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; in?: z.core.$ZodType };

// Unwraps default/prefault/optional/pipe wrappers and walks objects and arrays to the schema at `path`.
function schemaAt(schema: z.core.$ZodType, path: Path): z.core.$ZodType | undefined {
  let s: z.core.$ZodType | undefined = schema;
  const unwrap = () => {
    for (let d = s?._zod.def as Def | undefined; d && (d.innerType || d.in); d = s?._zod.def as Def | undefined) s = d.innerType ?? d.in;
  };
  for (const p of path) {
    unwrap();
    const def = s?._zod.def as Def | undefined;
    s = typeof p === 'number' ? def?.element : def?.shape?.[String(p)];
  }
  unwrap();
  return s;
}

/** The keys an object schema allows at `path`, in schema order. */
export function keysAt(schema: z.core.$ZodType, path: Path): string[] {
  const shape = (schemaAt(schema, path)?._zod.def as Def | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

// zod's own messages start like this; anything else was written for the field and is kept.
const ZOD_WORDS = /^(Too (small|big)|Invalid)\b/;

const NOUNS: Record<string, string> = { string: 'characters', array: 'items', set: 'items', file: 'bytes' };

function bound(issue: { origin: string; inclusive?: boolean }, limit: number | bigint, side: 'least' | 'most'): string {
  const noun = NOUNS[issue.origin];
  if (noun) {
    if (issue.origin === 'string' && side === 'least' && Number(limit) === 1) return 'must not be empty';
    return `must have at ${side} ${limit} ${Number(limit) === 1 ? noun.replace(/s$/, '') : noun}`;
  }
  if (issue.inclusive === false) return `must be ${side === 'least' ? 'more' : 'less'} than ${limit}`;
  return `must be at ${side} ${limit}`;
}

// zod's type names as users of the config know them (a record is a mapping, like an object).
const TYPES: Record<string, string> = { int: 'a whole number', record: 'object' };

function formatRule(issue: z.core.$ZodIssueInvalidStringFormat): string {
  const i = issue as z.core.$ZodIssueInvalidStringFormat & { prefix?: string; suffix?: string; includes?: string };
  switch (issue.format) {
    case 'starts_with':
      return `must start with ${show(i.prefix)}`;
    case 'ends_with':
      return `must end with ${show(i.suffix)}`;
    case 'includes':
      return `must contain ${show(i.includes)}`;
    case 'regex':
      return 'is not in the form expected here';
    default:
      return `must be a valid ${issue.format}`;
  }
}

/** What went wrong, in words: the part after `field: got VALUE; `. */
function rule(issue: z.core.$ZodIssue): string {
  const custom = !ZOD_WORDS.test(issue.message);
  switch (issue.code) {
    case 'invalid_value':
      return `allowed: ${issue.values.map((v) => show(v)).join(', ')}`;
    case 'invalid_type':
      return `expected ${TYPES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return custom ? issue.message : bound(issue, issue.minimum, 'least');
    case 'too_big':
      return custom ? issue.message : bound(issue, issue.maximum, 'most');
    case 'invalid_format':
      return custom ? issue.message : formatRule(issue);
    case 'not_multiple_of':
      return custom ? issue.message : `must be a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return custom ? issue.message : 'matches none of the forms allowed here';
    default:
      return custom ? issue.message : 'is not allowed here';
  }
}

/**
 * One line per problem of a zod issue, with the path it is about (for the file line).
 * `prefix` is put before the field; unknown keys (called `unknownKey`) list the allowed
 * ones of `schema` at that place.
 */
export function describeIssue(schema: z.core.$ZodType, issue: z.core.$ZodIssue, opts: { prefix?: string; unknownKey?: string } = {}): { path: Path; text: string }[] {
  const prefix = opts.prefix ?? '';
  const at = pathText(issue.path);
  const field = `${prefix}${at}` || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAt(schema, issue.path).join(', ');
    return issue.keys.map((k) => ({ path: [...issue.path, k], text: `${prefix}${at ? `${at}.` : ''}${k}: ${opts.unknownKey ?? 'unknown key'}; allowed keys here: ${allowed}` }));
  }
  return [{ path: issue.path, text: `${field}: got ${show(issue.input)}; ${rule(issue)}` }];
}
