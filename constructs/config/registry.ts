// HOST[:PORT][/PATH], lower case as registries require, no scheme.
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const FORM = 'expected HOST[:PORT][/PATH], e.g. registry.example.com:5000/kubeflow';

/**
 * Why a mirror prefix is not one, or undefined if it is. Names each rule it breaks, and
 * the value with those fixed when that makes a valid prefix.
 */
export function registryProblem(value: string): string | undefined {
  if (REGISTRY.test(value)) return undefined;
  const rules: string[] = [];
  let fixed = value;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(fixed);
  if (scheme) {
    rules.push(`no scheme (drop "${scheme[0]}")`);
    fixed = fixed.slice(scheme[0].length);
  }
  if (fixed !== fixed.toLowerCase()) {
    rules.push('lower case only');
    fixed = fixed.toLowerCase();
  }
  // A tag or digest belongs to an image, not a prefix: ":TAG" after the first "/", or "@DIGEST".
  const slash = fixed.indexOf('/');
  const tag = slash >= 0 ? fixed.slice(slash).search(/[:@]/) : fixed.indexOf('@');
  if (tag >= 0) {
    rules.push('no tag or digest (each image keeps its own)');
    fixed = fixed.slice(0, (slash >= 0 ? slash : 0) + tag);
  }
  if (fixed.endsWith('/')) {
    rules.push('no trailing slash');
    fixed = fixed.replace(/\/+$/, '');
  }
  if (!rules.length) return FORM;
  return REGISTRY.test(fixed) ? `${rules.join(', ')}: write ${fixed}` : `${rules.join(', ')}; ${FORM}`;
}
