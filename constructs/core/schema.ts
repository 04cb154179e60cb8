/**
 * A small builder for structural OpenAPI v3 schemas, the kind CRDs need: every node
 * has a type, maps use additionalProperties, and free-form parts are marked
 * `x-kubernetes-preserve-unknown-fields` explicitly.
 */
export interface Schema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: Schema;
  readonly items?: Schema;
  readonly enum?: readonly (string | number | boolean)[];
  readonly default?: unknown;
  readonly format?: string;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly nullable?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: true;
  readonly 'x-kubernetes-int-or-string'?: true;
  readonly 'x-kubernetes-embedded-resource'?: true;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-validations'?: readonly { rule: string; message?: string }[];
}

type Extra = Omit<Schema, 'type' | 'properties' | 'items' | 'additionalProperties'>;

/** An object with known fields; `required` lists the ones that must be set. */
export function object(properties: Record<string, Schema>, extra: Extra = {}): Schema {
  return { type: 'object', properties, ...extra };
}
/** A map from strings to values of one schema (labels, annotations, env). */
export function map(values: Schema = string(), extra: Extra = {}): Schema {
  return { type: 'object', additionalProperties: values, ...extra };
}
export function array(items: Schema, extra: Extra = {}): Schema {
  return { type: 'array', items, ...extra };
}
export function string(extra: Extra = {}): Schema {
  return { type: 'string', ...extra };
}
export function integer(extra: Extra = {}): Schema {
  return { type: 'integer', ...extra };
}
export function number(extra: Extra = {}): Schema {
  return { type: 'number', ...extra };
}
export function boolean(extra: Extra = {}): Schema {
  return { type: 'boolean', ...extra };
}
export function enumOf(values: readonly string[], extra: Extra = {}): Schema {
  return { type: 'string', enum: values, ...extra };
}
/** A string such as a duration or a quantity written as a string or a number. */
export function intOrString(extra: Extra = {}): Schema {
  return { 'x-kubernetes-int-or-string': true, ...extra };
}
/**
 * A deep embedded type (a whole PodSpec, a Kubernetes object template) whose fields
 * the API server keeps as given. Use only where upstream embeds such a type.
 */
export function embedded(extra: Extra = {}): Schema {
  return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...extra };
}
/** A reference to an object by name, the most common field in Kubernetes APIs. */
export function nameRef(): Schema {
  return object({ name: string() }, { required: ['name'] });
}
/** A key of a Secret or ConfigMap. */
export function keyRef(): Schema {
  return object({ name: string(), key: string() }, { required: ['name'] });
}
/** metav1.Condition, as status.conditions of most controllers. */
export function conditions(): Schema {
  return array(
    object(
      {
        type: string(),
        status: enumOf(['True', 'False', 'Unknown']),
        reason: string(),
        message: string(),
        lastTransitionTime: string({ format: 'date-time' }),
        lastUpdateTime: string({ format: 'date-time' }),
        observedGeneration: integer({ format: 'int64' }),
      },
      { required: ['type', 'status'] },
    ),
    { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] },
  );
}

/**
 * Lists where a schema is not structural (the rules the API server applies):
 * every node has a type unless it is int-or-string or preserves unknown fields,
 * and properties and additionalProperties are not mixed.
 */
export function structuralProblems(s: Schema, path = ''): string[] {
  const out: string[] = [];
  const loose = s['x-kubernetes-int-or-string'] || s['x-kubernetes-preserve-unknown-fields'];
  if (!s.type && !loose) out.push(`${path || '.'}: no type`);
  if (s.properties && s.additionalProperties) out.push(`${path || '.'}: both properties and additionalProperties`);
  if (s.type === 'array' && !s.items) out.push(`${path || '.'}: array without items`);
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...structuralProblems(v, `${path}.${k}`));
  if (s.items) out.push(...structuralProblems(s.items, `${path}[]`));
  if (s.additionalProperties) out.push(...structuralProblems(s.additionalProperties, `${path}{}`));
  for (const r of s.required ?? []) {
    if (s.properties && !(r in s.properties)) out.push(`${path || '.'}: required '${r}' is not a property`);
  }
  return out;
}
