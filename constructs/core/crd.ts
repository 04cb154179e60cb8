import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { embedded, object, Schema, string } from './schema';

export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly jsonPath: string;
  readonly description?: string;
  readonly priority?: number;
  readonly format?: string;
}

export interface CrdVersion {
  readonly name: string;
  /** @default true */
  readonly served?: boolean;
  /** Exactly one version of a CRD is stored. */
  readonly storage: boolean;
  /** The `spec` schema. */
  readonly spec?: Schema;
  /** @default free form when the status subresource is on, else none */
  readonly status?: Schema;
  /** Extra top-level fields of objects that have no spec (e.g. `data`). */
  readonly topLevel?: Readonly<Record<string, Schema>>;
  /** @default { status: true } when a status schema is given, else none */
  readonly subresources?: { readonly status?: boolean; readonly scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  readonly printerColumns?: readonly PrinterColumn[];
  /** Top-level fields every object must have. @default ['spec'] when the spec has required fields */
  readonly required?: readonly string[];
  readonly deprecated?: boolean;
  readonly deprecationWarning?: string;
}

export interface CrdProps {
  readonly group: string;
  readonly kind: string;
  /** @default lower-case kind + 's' */
  readonly plural?: string;
  readonly listKind?: string;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly scope: 'Namespaced' | 'Cluster';
  readonly versions: readonly CrdVersion[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Conversion through a webhook served by this Service. @default none */
  readonly conversionWebhook?: { readonly namespace: string; readonly name: string; readonly path: string; readonly port?: number };
}

function versionJson(v: CrdVersion) {
  const subresources = v.subresources ?? (v.status ? { status: true } : undefined);
  // A status subresource without a schema would have every status field pruned.
  const status = v.status ?? (subresources?.status ? embedded() : undefined);
  const props: Record<string, Schema> = {
    apiVersion: string(),
    kind: string(),
    metadata: { type: 'object' },
    ...(v.spec ? { spec: v.spec } : {}),
    ...(status ? { status } : {}),
    ...(v.topLevel ?? {}),
  };
  const required = v.required ?? (v.spec?.required?.length ? ['spec'] : []);
  return {
    name: v.name,
    served: v.served ?? true,
    storage: v.storage,
    ...(v.deprecated ? { deprecated: true } : {}),
    ...(v.deprecationWarning ? { deprecationWarning: v.deprecationWarning } : {}),
    ...(v.printerColumns?.length ? { additionalPrinterColumns: v.printerColumns } : {}),
    schema: { openAPIV3Schema: object(props, required.length ? { required } : {}) },
    ...(subresources
      ? {
        subresources: {
          ...(subresources.status ? { status: {} } : {}),
          ...(subresources.scale ? { scale: subresources.scale } : {}),
        },
      }
      : {}),
  };
}

/** A CustomResourceDefinition with structural schemas. */
export class Crd extends Construct {
  public readonly name: string;
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: CrdProps) {
    super(scope, id);
    const plural = props.plural ?? `${props.kind.toLowerCase()}s`;
    this.name = `${plural}.${props.group}`;
    const storage = props.versions.filter((v) => v.storage);
    if (storage.length !== 1) throw new Error(`CRD ${this.name} must store exactly one version, got ${storage.length}`);
    const hook = props.conversionWebhook;
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {
        name: this.name,
        ...(props.labels ? { labels: { ...props.labels } } : {}),
        ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
      },
      spec: {
        group: props.group,
        names: {
          kind: props.kind,
          listKind: props.listKind ?? `${props.kind}List`,
          plural,
          singular: props.kind.toLowerCase(),
          ...(props.shortNames ? { shortNames: [...props.shortNames] } : {}),
          ...(props.categories ? { categories: [...props.categories] } : {}),
        },
        scope: props.scope,
        ...(hook
          ? {
            conversion: {
              strategy: 'Webhook',
              webhook: {
                conversionReviewVersions: ['v1'],
                clientConfig: { service: { namespace: hook.namespace, name: hook.name, path: hook.path, port: hook.port ?? 443 } },
              },
            },
          }
          : {}),
        versions: props.versions.map(versionJson),
      },
    });
  }
}
