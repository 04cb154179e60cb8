import { ApiObject, JsonPatch } from 'cdk8s';

/**
 * Applies patches after the typed L1 serializer: cdk8s-plus-28's types are Kubernetes 1.28's,
 * and their `toJson` drops fields added since (an `addJsonPatch` runs before it and is lost).
 */
export function patchNewerFields(obj: ApiObject, ...patches: JsonPatch[]): void {
  const typed = obj.toJson.bind(obj);
  obj.toJson = () => JsonPatch.apply(typed(), ...patches);
}
