import { catalogFor, DEFAULT_RELEASE } from '../catalog';
import { ImageResolver } from './images';
import { Sizing } from './sizing';

/** What every component takes from the platform: its images and its sizes. */
export interface ComponentContext {
  /** Catalog images, through the mirror. @default the default release, no mirror */
  readonly images?: ImageResolver;
  /** @default the `default` preset */
  readonly sizing?: Sizing;
}

/** Fills in a component's context defaults, for cdk8s users who pass none. */
export function resolveContext(props: ComponentContext): { images: ImageResolver; sizing: Sizing } {
  return {
    images: props.images ?? new ImageResolver(catalogFor(DEFAULT_RELEASE)),
    sizing: props.sizing ?? new Sizing('default'),
  };
}
