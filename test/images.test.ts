import { catalogFor } from '../constructs/catalog';
import { rewriteImage, splitImage } from '../constructs/core/images';
import { platformFor, RELEASES, strings } from './helpers';

const MIRROR = 'mirror.example.com:5000/kf';

describe('rewriteImage', () => {
  test.each([
    ['ghcr.io/kubeflow/kfp-api-server:2.16.0', 'MIRROR/kubeflow/kfp-api-server:2.16.0'],
    ['mysql:8.0', 'MIRROR/library/mysql:8.0'],
    ['kserve/agent:v0.16.0', 'MIRROR/kserve/agent:v0.16.0'],
    ['docker.io/alpine/k8s:1.32.3', 'MIRROR/alpine/k8s:1.32.3'],
    ['localhost:5000/team/app:1', 'MIRROR/team/app:1'],
    ['gcr.io/knative-releases/knative.dev/serving/cmd/queue@sha256:40957d3ced3b185b7a78bbd771be69b0a13137dcbee5ff7f82ae738b56037d9c',
      'MIRROR/knative-releases/knative.dev/serving/cmd/queue@sha256:40957d3ced3b185b7a78bbd771be69b0a13137dcbee5ff7f82ae738b56037d9c'],
  ])('%s goes to %s', (source, mirrored) => {
    expect(rewriteImage(source, 'MIRROR')).toBe(mirrored);
  });

  test('leaves references alone without a mirror', () => {
    expect(rewriteImage('mysql:8.0')).toBe('mysql:8.0');
  });

  test('makes Docker Hub implicit parts explicit', () => {
    expect(splitImage('busybox')).toEqual({ registry: 'docker.io', path: 'library/busybox' });
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A source reference standing on its own, not the tail of a longer path
// (`mysql:8.0` is inside `mirror/library/mysql:8.0` but is not a reference there).
const sourcePatterns = new Map<string, RegExp>();
function sourceRefsIn(value: string, sources: readonly string[]): string[] {
  return sources.filter((s) => {
    let re = sourcePatterns.get(s);
    if (!re) sourcePatterns.set(s, (re = new RegExp(`(^|[^\\w./-])${escape(s)}($|[^\\w.-])`)));
    return re.test(value);
  });
}

describe.each(RELEASES)('release %s', (release) => {
  const sources = Object.values(catalogFor(release).images);

  test('every image field and every image named in a string is in the image list', () => {
    const platform = platformFor({ release });
    const listed = new Set(platform.images.list());
    const found = platform.manifests().flatMap((m) => strings(m).filter((s) => s.path.endsWith('.image') || sourceRefsIn(s.value, sources).length));
    expect(found.length).toBeGreaterThan(0);
    const unlisted = found.filter((s) => (s.path.endsWith('.image') ? !listed.has(s.value) : sourceRefsIn(s.value, sources).some((r) => !listed.has(r))));
    expect(unlisted).toEqual([]);
  });

  test('with a mirror, every image points at it and no source reference is left anywhere', () => {
    const platform = platformFor({ release, registry: MIRROR });
    const list = platform.images.list();
    expect(list.length).toBeGreaterThan(0);
    expect(list.filter((i) => !i.startsWith(`${MIRROR}/`))).toEqual([]);
    const all = platform.manifests().flatMap((m) => strings(m));
    expect(all.filter((s) => s.path.endsWith('.image') && !s.value.startsWith(`${MIRROR}/`))).toEqual([]);
    expect(all.filter((s) => sourceRefsIn(s.value, sources).length)).toEqual([]);
  });

  test('the image list holds exactly the references the output uses', () => {
    const platform = platformFor({ release, registry: MIRROR });
    const used = new Set(platform.manifests().flatMap((m) => strings(m)).flatMap((s) => s.value.match(new RegExp(`${MIRROR}/[^\\s"',]+`, 'g')) ?? []));
    expect([...used].sort()).toEqual(platform.images.list());
  });
});
