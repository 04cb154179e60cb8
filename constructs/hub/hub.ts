import { Construct } from 'constructs';
import { ComponentContext } from '../core/context';
import { ModelCatalog, ModelCatalogProps } from './model-catalog';
import { ModelRegistry, ModelRegistryProps } from './model-registry';
import { ModelRegistryUi, UI_PRINCIPAL } from './model-registry-ui';

export interface HubProps extends ComponentContext {
  /** The cluster's model catalog. @default none */
  readonly catalog?: Omit<ModelCatalogProps, keyof ComponentContext>;
  /** Run the registry UI (one per cluster). @default true when there are registries */
  readonly registryUi?: boolean;
  /** One registry per tenant namespace. @default none */
  readonly registries?: readonly Omit<ModelRegistryProps, keyof ComponentContext | 'uiPrincipal'>[];
}

/** Kubeflow Hub: the model catalog, a model registry per tenant, and the registry UI. */
export class Hub extends Construct {
  constructor(scope: Construct, id: string, props: HubProps) {
    super(scope, id);
    const ctx: ComponentContext = { images: props.images, sizing: props.sizing, gateways: props.gateways };
    if (props.catalog) new ModelCatalog(this, 'ModelCatalog', { ...ctx, ...props.catalog });
    const registries = props.registries ?? [];
    const ui = props.registryUi ?? registries.length > 0;
    if (ui) new ModelRegistryUi(this, 'ModelRegistryUi', ctx);
    for (const r of registries) {
      new ModelRegistry(this, `ModelRegistry-${r.namespace}`, { ...ctx, ...r, uiPrincipal: ui ? UI_PRINCIPAL : undefined });
    }
  }
}
