import * as pulumi from '@pulumi/pulumi';
import { groupOf } from '../../constructs/install';

/**
 * The Pulumi type token the Kubernetes provider uses for an object: core objects are
 * `core/v1`, every other group (custom resources included) is `group/version`.
 */
export function typeToken(apiVersion: string, kind: string): string {
  const group = groupOf(apiVersion);
  const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
  return `kubernetes:${group || 'core'}/${version}:${kind}`;
}

/** Inputs of one Kubernetes object: the manifest, with any field possibly an Output (secrets). */
export type ObjectInputs = { readonly apiVersion: string; readonly kind: string; readonly metadata: pulumi.Input<object>; readonly [key: string]: unknown };

/**
 * Any Kubernetes object as one Pulumi resource, built-in kinds and custom resources alike.
 * Lighter than the typed classes (no per-kind argument copying), which matters with ~700
 * objects; the provider only sees the type token and the manifest.
 */
export class KubeObject extends pulumi.CustomResource {
  /** What the cluster reports back; the gateway address comes from a Service's status. */
  declare public readonly status: pulumi.Output<Record<string, unknown> | undefined>;

  constructor(name: string, inputs: ObjectInputs, opts: pulumi.CustomResourceOptions) {
    super(typeToken(inputs.apiVersion, inputs.kind), name, { ...inputs, status: undefined }, opts);
  }
}
