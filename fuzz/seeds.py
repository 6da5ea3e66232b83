#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets into OUT/<target>/ (one file per input,
named by its SHA-1 as libFuzzer names corpus files):

- manifest: manifests/ (examples and invalid ones), test/golden/ (rendered YAML), and
  stack inputs built from the examples with test/e2e/data/docker-config.json;
- kubeconfig: the kubeconfigs the test API server writes for each way of signing in
  (certificate files, token, basic, none, exec plugin, proxy, tls-server-name);
- exec_credential: ExecCredential outputs (token, certificate and key, expiry), v1 and
  v1beta1;
- kube_answers: the test API server's answers to the requests of apply, the rollout
  wait, status, diff, prune and delete, captured from a running server, one sequence
  per operation and each answer alone.

  python3 fuzz/seeds.py OUT

scripts/fuzz does not need this: it starts from the committed corpus, which is these
seeds merged (-merge=1) with what fuzzing found.
"""
import hashlib
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test"))
sys.path.insert(0, os.path.join(ROOT, "test", "e2e"))

# The index of each status in kStatuses of fuzz_kube_answers.cpp: an answer's first byte.
STATUSES = [200, 201, 404, 409, 422, 403, 401, 500, 410, 429, 202, 204, 400, 503]
# The operations of fuzz_kube_answers.cpp.
APPLY, APPLY_DRY_RUN, ROLLOUT, STATUS, DIFF, PRUNE, DELETE, READERS = range(8)


def write(out, target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def manifest_seeds(out):
    for folder in ("manifests/examples", "manifests/invalid", "test/golden"):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if name.endswith(".yaml"):
                with open(os.path.join(ROOT, folder, name), "rb") as f:
                    write(out, "manifest", f.read())
    with open(os.path.join(ROOT, "test/e2e/data/docker-config.json")) as f:
        docker = f.read().strip()
    with open(os.path.join(ROOT, "manifests/examples/busybox-minimal.yaml")) as f:
        target = "".join("  " + line for line in f)
    write(out, "manifest", "target:\n%sdocker_config_json: '%s'\n" % (target, docker))
    write(out, "manifest", "target:\n%sprovider_config:\n  digital_ocean_doks:\n    kube_config: |\n"
          "      apiVersion: v1\n      kind: Config\n      users:\n      - name: u\n        user:\n"
          "          token: provider-token-value\n" % target)


def kubeconfig_seeds(out, api):
    from apiserver import kubeconfig as kc

    def text(config):
        return kc._yaml(config) + "\n"

    admin = api.server.auth.get("admin")
    pki = api.server.pki
    for auth in ("cert", "token", "basic", "none"):
        write(out, "kubeconfig", text(kc.build(api.url, pki, admin, auth=auth, embed=False)))
    write(out, "kubeconfig", text(kc.build(api.url, pki, admin, auth="token", ca="none", namespace="logging",
                                           tls_server_name="kubernetes.planton.test",
                                           proxy_url="http://127.0.0.1:3128")))
    write(out, "kubeconfig", text(kc.build(api.url, pki, admin, auth="none", insecure=True)))
    write(out, "kubeconfig", text(kc.build("http://127.0.0.1:8080/prefix/", pki, admin, auth="token", ca="none")))
    for version in ("v1", "v1beta1"):
        exec_user = {"exec": {"apiVersion": "client.authentication.k8s.io/" + version, "command": "./plugin",
                              "args": ["get-token", "--cluster", "prod"],
                              "env": [{"name": "AWS_PROFILE", "value": "prod"}],
                              "installHint": "install the plugin", "provideClusterInfo": True,
                              "interactiveMode": "Never"}}
        write(out, "kubeconfig", text(kc.build(api.url, pki, admin, auth="none", ca="none", extra_user=exec_user)))
    two = kc.build(api.url, pki, admin, auth="token", ca="none")
    two["clusters"].append({"name": "other", "cluster": {"server": "other.example:6443"}})
    two["users"].append({"name": "gke", "user": {"auth-provider": {"name": "gcp"}}})
    two["users"].append({"name": "files", "user": {"tokenFile": "tokens/ci", "client-certificate": "a.crt",
                                                   "client-key": "a.key"}})
    two["contexts"].append({"name": "other", "context": {"cluster": "other", "user": "gke"}})
    two["contexts"].append({"name": "files", "context": {"cluster": "other", "user": "files", "namespace": "x"}})
    write(out, "kubeconfig", text(two))


def exec_seeds(out):
    for version in (b"\x00", b"\x01"):
        api_version = "client.authentication.k8s.io/" + ("v1beta1" if version == b"\x01" else "v1")
        for status in ({"token": "exec-token-value"},
                       {"token": "exec-token-value", "expirationTimestamp": "2030-05-01T10:00:00Z"},
                       {"clientCertificateData": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                        "clientKeyData": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
                        "expirationTimestamp": "2030-05-01T10:00:00.5+02:00"},
                       {}):
            body = {"apiVersion": api_version, "kind": "ExecCredential", "spec": {"interactive": False},
                    "status": status}
            write(out, "exec_credential", version + json.dumps(body, indent=2).encode())
    write(out, "exec_credential", b"\x00not json")


def answer(status, body):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    if isinstance(data, str):
        data = data.encode()
    # Never NUL, which separates answers: the index plus len(STATUSES) picks the same status.
    return bytes([STATUSES.index(status) + len(STATUSES)]) + data


def sequence(operation, answers):
    return bytes([operation]) + b"\x00".join(answers)


def kube_answer_seeds(out, api):
    from apiserver_fixture import ApiServerFixture  # noqa: F401 (the server is `api`)

    client = api.client()
    viewer = api.client("viewer")
    ns = "logging"
    labels = {"planton.ai/name": "fluentd", "app.kubernetes.io/managed-by": "planton-ds"}
    objects = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": labels}},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "fluentd", "namespace": ns,
                                                                     "labels": labels}},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "fluentd-config", "namespace": ns,
                                                                "labels": labels}, "data": {"a.conf": "x"}},
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "fluentd-env", "namespace": ns,
                                                             "labels": labels},
         "type": "Opaque", "data": {"API_KEY": "c2VlZC1zZWNyZXQtdmFsdWU="}},
        {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "fluentd", "namespace": ns,
                                                                     "labels": labels},
         "spec": {"selector": {"matchLabels": {"app.kubernetes.io/name": "fluentd"}},
                  "template": {"metadata": {"labels": {"app.kubernetes.io/name": "fluentd"}},
                               "spec": {"serviceAccountName": "fluentd",
                                        "containers": [{"name": "fluentd", "image": "fluentd:v1"}]}}}},
    ]

    def path(obj, name=True):
        api_version, kind = obj["apiVersion"], obj["kind"]
        base = "/api/v1" if api_version == "v1" else "/apis/" + api_version
        plural = kind.lower() + "s"
        namespace = obj["metadata"].get("namespace")
        p = base + ("/namespaces/%s" % namespace if namespace else "") + "/" + plural
        return p + ("/" + obj["metadata"]["name"] if name else "")

    def call(c, method, p, body=None, content_type=None):
        status, _, parsed = c.request(method, p, body=body, content_type=content_type)
        if status not in STATUSES:
            status = 200 if status < 300 else 500
        return answer(status, parsed if parsed is not None else "")

    apply_answers, single = [], []
    ds = objects[-1]
    apply_answers.append(call(client, "GET", path(ds, False) + "?fieldSelector=metadata.name%3Dfluentd"))
    for obj in objects:
        if obj is not ds:
            apply_answers.append(call(client, "GET", path(obj)))
        apply_answers.append(call(client, "PATCH", path(obj) + "?fieldManager=planton-ds", obj,
                                  "application/apply-patch+yaml"))
    write(out, "kube_answers", sequence(APPLY, apply_answers))
    write(out, "kube_answers", sequence(APPLY_DRY_RUN, apply_answers))
    single += apply_answers

    time.sleep(1.0)  # the controller and kubelets of the server bring the pods up
    ds_answer = call(client, "GET", path(ds))
    pods = call(client, "GET", "/api/v1/namespaces/%s/pods?labelSelector=app.kubernetes.io%%2Fname%%3Dfluentd" % ns)
    events = call(client, "GET", "/api/v1/namespaces/%s/events" % ns)
    write(out, "kube_answers", sequence(ROLLOUT, [ds_answer, pods, events, ds_answer, pods]))
    write(out, "kube_answers", sequence(STATUS, [ds_answer, pods]))
    single += [ds_answer, pods, events]

    diff_answers = []
    for obj in objects:
        diff_answers.append(call(client, "GET", path(obj)))
        diff_answers.append(call(client, "PATCH", path(obj) + "?fieldManager=planton-ds&dryRun=All", obj,
                                 "application/apply-patch+yaml"))
    write(out, "kube_answers", sequence(DIFF, diff_answers))
    single += diff_answers

    lists = [call(client, "GET", path(obj, False) + "?labelSelector=planton.ai%2Fname%3Dfluentd")
             for obj in objects[1:]]
    write(out, "kube_answers", sequence(PRUNE, lists))
    single += lists

    conflict = dict(ds, spec=dict(ds["spec"], minReadySeconds=5))
    client.request("PATCH", path(ds) + "?fieldManager=other", conflict, "application/apply-patch+yaml")
    refused = [
        call(client, "PATCH", path(ds) + "?fieldManager=planton-ds", dict(ds, spec=dict(ds["spec"], minReadySeconds=7)),
             "application/apply-patch+yaml"),
        call(client, "PATCH", path(ds) + "?fieldManager=planton-ds", {"apiVersion": "apps/v1", "kind": "DaemonSet",
                                                                       "metadata": {"name": "fluentd"},
                                                                       "spec": {"template": {}}},
             "application/apply-patch+yaml"),
        call(viewer, "PATCH", path(objects[2]) + "?fieldManager=planton-ds", objects[2],
             "application/apply-patch+yaml"),
        call(client, "GET", "/api/v1/namespaces/missing/configmaps/none"),
    ]
    for r in refused:
        write(out, "kube_answers", sequence(APPLY, apply_answers[:3] + [r]))
    single += refused

    deletions = [call(client, "DELETE", path(obj) + "?propagationPolicy=Foreground") for obj in reversed(objects)]
    deletions.append(call(client, "GET", path(ds)))
    write(out, "kube_answers", sequence(DELETE, deletions))
    single += deletions

    for operation in range(8):
        for a in single:
            write(out, "kube_answers", sequence(operation, [a]))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    manifest_seeds(out)
    exec_seeds(out)
    from apiserver_fixture import ApiServerFixture
    with ApiServerFixture() as api:
        kubeconfig_seeds(out, api)
        kube_answer_seeds(out, api)


if __name__ == "__main__":
    main()
