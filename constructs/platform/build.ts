import { Construct } from 'constructs';
import { PlatformConfig } from '../config/schema';
import { ImageResolver } from '../core/images';
import { SecretStore } from '../core/secrets';
import { Sizing } from '../core/sizing';

/** What the platform hands each component's wiring: the checked config and shared services. */
export interface PlatformBuild {
  readonly config: PlatformConfig;
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  /** Generated credentials (OAuth client secrets, cookie secrets, database passwords). */
  readonly secrets: SecretStore;
}

/** Adds one component, configured from the platform config, to its chart. */
export type AddComponent = (scope: Construct, build: PlatformBuild) => void;
