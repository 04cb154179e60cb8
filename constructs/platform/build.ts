import { Construct } from 'constructs';
import { catalogFor } from '../catalog';
import { PlatformConfig } from '../config/schema';
import { ImageResolver } from '../core/images';
import { MeshGateways } from '../core/mesh-policy';
import { SecretStore } from '../core/secrets';
import { Sizing } from '../core/sizing';
import { meshGateways } from '../istio/identity';

/** What the platform hands each component's wiring: the checked config and shared services. */
export interface PlatformBuild {
  readonly config: PlatformConfig;
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  /** The mesh's gateways, derived once from `components.istio`: routes bind to them, policies admit them. */
  readonly gateways: MeshGateways;
  /** Generated credentials (OAuth client secrets, cookie secrets, database passwords). */
  readonly secrets: SecretStore;
}

/** What the platform hands every component for `config`: values derived once, shared by all. */
export function platformBuild(config: PlatformConfig, secrets: SecretStore): PlatformBuild {
  return {
    config,
    images: new ImageResolver(catalogFor(config.release), config.registry),
    sizing: new Sizing(config.sizing, config.release),
    secrets,
    gateways: meshGateways(config.components.istio),
  };
}

/** Wires one component, configured from the platform config, to its chart. */
export type WireComponent = (scope: Construct, build: PlatformBuild) => void;
/** @deprecated the old name of `WireComponent` (`add*` now names nothing but appending, as `KubeflowPlatform.addChart`). */
export type AddComponent = WireComponent;
