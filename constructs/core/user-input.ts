import { IConstruct } from 'constructs';
import { catalogFor, DEFAULT_RELEASE } from '../catalog';
import { ConfigError } from '../config/errors';
import { ImageResolver } from './images';

/** What a user's custom resource is checked against when it is built in a `KubeflowPlatform`'s app. */
export interface PlatformFacts {
  /** The platform's catalog and mirror. */
  readonly images: ImageResolver;
  /** Namespaces users' objects may use (its tenants); undefined when the platform does not manage tenants. */
  tenants(): readonly string[] | undefined;
}

// By the app (the construct tree's root): a construct finds its platform from any scope.
const FACTS = new WeakMap<IConstruct, PlatformFacts>();

export function registerPlatformFacts(app: IConstruct, facts: PlatformFacts): void {
  FACTS.set(app, facts);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
// A reference pins a tag (after the last '/') or a digest; anything else is read as a catalog key.
const REFERENCE = /@|:[^/]*$/;

/**
 * The checks of a user's object, with errors in one style: the kind and construct path,
 * then the prop and its value, then the rule (`'name' (Foo_Bar) must be a DNS label: ...`).
 * Inside a platform's app, images resolve through the platform's catalog and mirror and
 * namespaces must be its tenants; elsewhere the default release, no mirror, any namespace.
 */
export class UserInput {
  public readonly images: ImageResolver;
  private readonly facts?: PlatformFacts;

  constructor(private readonly scope: IConstruct, private readonly kind: string, images?: ImageResolver) {
    this.facts = FACTS.get(scope.node.root);
    this.images = images ?? this.facts?.images ?? new ImageResolver(catalogFor(DEFAULT_RELEASE));
  }

  fail(prop: string, value: unknown, rule: string): never {
    throw new ConfigError([`${this.kind} ${this.scope.node.path}: '${prop}' (${String(value)}) ${rule}`]);
  }

  /** A DNS-1123 label: object names, most namespaces. */
  dnsLabel(prop: string, value: string): string {
    if (!DNS_LABEL.test(value) || value.length > 63) this.fail(prop, value, "must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters");
    return value;
  }

  /** A DNS-1035 label, for names that become Service names (must start with a letter). */
  rfc1035Label(prop: string, value: string): string {
    if (!RFC_1035_LABEL.test(value) || value.length > 63) this.fail(prop, value, "must be an RFC 1035 label: lower-case letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters");
    return value;
  }

  /** A namespace: a DNS label, and one of the platform's tenants when it has them. */
  tenant(prop: string, value: string): string {
    this.dnsLabel(prop, value);
    const tenants = this.facts?.tenants();
    if (tenants && !tenants.includes(value)) {
      const known = tenants.length ? `its tenants are ${[...tenants].sort().join(', ')}` : 'it has none';
      this.fail(prop, value, `is not a tenant of this platform (${known}); add a tenant file or components.profiles.tenants entry, or use a tenant's namespace`);
    }
    return value;
  }

  /**
   * A catalog key (`notebooks/jupyter-scipy`) or an image reference with a tag or digest;
   * either way through the mirror, and listed with the platform's images.
   * @param suggest keys to name when a key is unknown. @default the catalog's keys with the same prefix, else all
   */
  image(prop: string, value: string, suggest?: readonly string[]): string {
    if (REFERENCE.test(value)) return this.images.adopt(value);
    const catalog = this.images.catalog;
    if (Object.prototype.hasOwnProperty.call(catalog.images, value)) return this.images.ref(value);
    const first = value.split('/')[0];
    if (value.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) {
      this.fail(prop, value, `names a registry but no tag or digest; pin it (${value}:TAG or ${value}@sha256:...)`);
    }
    const keys = Object.keys(catalog.images).sort();
    const prefix = keys.filter((k) => k.split('/')[0] === value.split('/')[0]);
    const known = (suggest ?? (prefix.length ? prefix : keys)).filter((k) => k in catalog.images);
    this.fail(prop, value, `is not in the release catalog ${catalog.release}; known keys: ${known.join(', ')}; or give an image reference with a tag or digest (REPOSITORY:TAG)`);
  }
}
