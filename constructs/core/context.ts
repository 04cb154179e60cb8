import { catalogFor, DEFAULT_RELEASE } from '../catalog';
import { ImageResolver } from './images';
import { DEFAULT_GATEWAYS, MeshGateways } from './mesh-policy';
import { Sizing } from './sizing';

/** What every component takes from the platform: its images, its sizes and the mesh's gateways. */
export interface ComponentContext {
  /** Catalog images, through the mirror. @default the default release, no mirror */
  readonly images?: ImageResolver;
  /** @default the `default` preset */
  readonly sizing?: Sizing;
  /** The gateways routes bind to and policies admit. @default upstream's (`DEFAULT_GATEWAYS`) */
  readonly gateways?: MeshGateways;
}

/** Fills in a component's context defaults, for cdk8s users who pass none. */
export function resolveContext(props: ComponentContext): { images: ImageResolver; sizing: Sizing; gateways: MeshGateways } {
  return {
    images: props.images ?? new ImageResolver(catalogFor(DEFAULT_RELEASE)),
    sizing: props.sizing ?? new Sizing('default'),
    gateways: props.gateways ?? DEFAULT_GATEWAYS,
  };
}
