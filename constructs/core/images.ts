import { ReleaseCatalog } from '../catalog';

const DOCKER_HUB = 'docker.io';

/** Splits `REGISTRY/PATH[:TAG|@DIGEST]` into registry host and the rest, with Docker Hub's implied parts made explicit. */
export function splitImage(ref: string): { registry: string; path: string } {
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : DOCKER_HUB;
  let path = hasRegistry ? ref.slice(slash + 1) : ref;
  // Docker Hub's official images live under `library/`; a mirror has no such default.
  if (registry === DOCKER_HUB && !path.split('@')[0].split(':')[0].includes('/')) path = `library/${path}`;
  return { registry, path };
}

/**
 * The one rewrite rule for mirrors: drop the source registry host and put the mirror
 * prefix in front of the repository path. Tags and digests are kept.
 * `rewriteImage('mysql:8.0', 'm.local/kf')` is `m.local/kf/library/mysql:8.0`.
 */
export function rewriteImage(ref: string, mirror?: string): string {
  if (!mirror) return ref;
  return `${mirror.replace(/\/+$/, '')}/${splitImage(ref).path}`;
}

/**
 * Resolves catalog image keys to references, through the mirror when one is set, and
 * remembers every reference it handed out: that record is the platform's image list.
 */
export class ImageResolver {
  private readonly used = new Map<string, string>();

  constructor(public readonly catalog: ReleaseCatalog, public readonly mirror?: string) {}

  /** The reference for a catalog key, e.g. `ref('cert-manager/controller')`. */
  ref(key: string): string {
    const source = this.catalog.images[key];
    if (source === undefined) {
      throw new Error(`image '${key}' is not in the release catalog ${this.catalog.release}; add it to constructs/catalog`);
    }
    const out = rewriteImage(source, this.mirror);
    this.used.set(out, source);
    return out;
  }

  /** An image reference given as is (a user's own image), through the mirror; listed like a key's. */
  adopt(source: string): string {
    const out = rewriteImage(source, this.mirror);
    this.used.set(out, source);
    return out;
  }

  /** Every reference handed out so far, sorted. */
  list(): string[] {
    return [...this.used.keys()].sort();
  }

  /** Each reference handed out with the source it was rewritten from, sorted by reference. */
  pairs(): { source: string; target: string }[] {
    return this.list().map((target) => ({ source: this.used.get(target)!, target }));
  }
}
