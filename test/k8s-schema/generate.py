#!/usr/bin/env python3
"""Builds v1.N-strict.json, the Kubernetes 1.N object schemas the tests validate against: one
per version the stacks make (a release's `kubernetes.stackDefault`: 1.33 and 1.34).

Source: the strict (additionalProperties: false) JSON schemas that the PyPI package
`kubernetes-validate` ships, generated from Kubernetes' own OpenAPI documents.
  pip download --no-deps -d /tmp/kv kubernetes-validate==1.37.0
  python3 test/k8s-schema/generate.py /tmp/kv/kubernetes_validate-1.37.0-py3-none-any.whl 1.33
  python3 test/k8s-schema/generate.py /tmp/kv/kubernetes_validate-1.37.0-py3-none-any.whl 1.34
Descriptions are dropped and only the built-in kinds a platform can emit are kept.
"""
import json, os, sys, zipfile

GROUP_VERSIONS = {
    "v1", "apps/v1", "batch/v1", "rbac.authorization.k8s.io/v1", "networking.k8s.io/v1",
    "admissionregistration.k8s.io/v1", "apiextensions.k8s.io/v1", "policy/v1", "autoscaling/v2",
    "scheduling.k8s.io/v1", "storage.k8s.io/v1", "apiregistration.k8s.io/v1", "coordination.k8s.io/v1",
}

def strip(node, names=False):
    # `description` is documentation, except as a field name inside `properties`.
    if isinstance(node, dict):
        return {k: strip(v, k == "properties") for k, v in node.items() if names or k != "description"}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node

def refs(node, out):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str):
            out.add(r.split("/")[-1])
        for v in node.values():
            refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)

def main(wheel, minor):
    version = f"v{minor}.0-local-strict"
    with zipfile.ZipFile(wheel) as z:
        defs = json.loads(z.read(f"kubernetes_validate/kubernetes-json-schema/{version}/_definitions.json"))["$defs"]
    kinds = {}
    for name, d in defs.items():
        for gvk in d.get("x-kubernetes-group-version-kind", []):
            gv = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
            if gv in GROUP_VERSIONS and not gvk["kind"].endswith("List") and name.split(".")[-1] == gvk["kind"]:
                kinds[f"{gv}/{gvk['kind']}"] = name
    keep, todo = set(), list(kinds.values())
    while todo:
        n = todo.pop()
        if n in keep:
            continue
        keep.add(n)
        found = set()
        refs(defs[n], found)
        todo += [f for f in found if f not in keep]
    out = {"kubernetes": version, "kinds": dict(sorted(kinds.items())), "$defs": {n: strip(defs[n]) for n in sorted(keep)}}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"v{minor}-strict.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"), sort_keys=True)
    print(f"{path}: {len(kinds)} kinds, {len(keep)} definitions")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
