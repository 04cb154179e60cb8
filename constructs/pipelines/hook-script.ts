/**
 * The sync webhook metacontroller calls for each tenant namespace. It holds no knowledge of
 * the objects: kubeflow-iac generates them (`tenant.ts`) into `hook-config.json` with a
 * namespace placeholder; the script fills in the namespace and supplies object-store keys,
 * which only exist at run time. Runs on the alpine/k8s image (Python 3 and botocore).
 */
export const SYNC_SCRIPT = `"""kubeflow-iac: profile hook of Kubeflow Pipelines (metacontroller DecoratorController sync)."""
import base64
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "hook-config.json")) as f:
    CONFIG = json.load(f)


def fill(value, namespace):
    if isinstance(value, str):
        return value.replace(CONFIG["placeholder"], namespace)
    if isinstance(value, list):
        return [fill(v, namespace) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, namespace) for k, v in value.items()}
    return value


def encode(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def key_secret(namespace, access_key, secret_key):
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": CONFIG["secretName"], "namespace": namespace},
        "data": {"accesskey": encode(access_key), "secretkey": encode(secret_key)},
    }


def store_clients():
    import botocore.session

    session = botocore.session.get_session()
    iam = session.create_client("iam", region_name="us-east-1", endpoint_url=os.environ["IAM_ENDPOINT"])
    s3 = session.create_client("s3", region_name="us-east-1", endpoint_url=os.environ["S3_ENDPOINT"])
    return iam, s3


def mint(namespace):
    """A new key pair for the namespace, allowed only its own prefixes of the bucket."""
    iam, s3 = store_clients()
    key = iam.create_access_key(UserName=namespace)["AccessKey"]
    policy = fill(CONFIG["policy"], namespace)
    iam.put_user_policy(UserName=namespace, PolicyName="KubeflowProject" + namespace, PolicyDocument=json.dumps(policy))
    try:
        if CONFIG["lifecycle"]:
            s3.put_bucket_lifecycle_configuration(Bucket=CONFIG["bucket"], LifecycleConfiguration=CONFIG["lifecycle"])
        else:
            s3.delete_bucket_lifecycle(Bucket=CONFIG["bucket"])
    except Exception as e:  # no policy to delete is fine
        print("lifecycle policy unchanged:", e)
    return key_secret(namespace, key["AccessKeyId"], key["SecretAccessKey"])


def tenant_secret(namespace, observed):
    mode = CONFIG["credentials"]
    if mode == "copy":
        return key_secret(namespace, os.environ["ACCESS_KEY"], os.environ["SECRET_KEY"])
    if mode == "mint":
        # Keys are minted once; the Secret metacontroller observed is kept as it is.
        return observed.get(namespace + "/" + CONFIG["secretName"]) or mint(namespace)
    return None


def sync(parent, observed):
    metadata = parent.get("metadata", {})
    namespace = metadata.get("name")
    if metadata.get("labels", {}).get("pipelines.kubeflow.org/enabled") != "true":
        return {"status": {}, "attachments": []}
    desired = fill(CONFIG["attachments"], namespace)
    secret = tenant_secret(namespace, observed.get("Secret.v1", {}))
    if secret:
        desired.insert(0, secret)
    wanted = {}
    for obj in desired:
        group = obj["kind"] + "." + obj["apiVersion"]
        wanted[group] = wanted.get(group, 0) + 1
    ready = all(len(observed.get(group, {})) == count for group, count in wanted.items())
    return {"status": {"kubeflow-pipelines-ready": "True" if ready else "False"}, "attachments": desired}


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers["content-length"])))
        try:
            body, code = json.dumps(sync(request["object"], request["attachments"])), 200
        except Exception as e:
            print("sync failed:", repr(e))
            body, code = json.dumps({"error": repr(e)}), 500
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode("utf-8"))


if __name__ == "__main__":
    HTTPServer(("", int(os.environ.get("PORT", "8080"))), Hook).serve_forever()
`;
