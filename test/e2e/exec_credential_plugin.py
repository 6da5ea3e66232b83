#!/usr/bin/env python3
"""An exec credential plugin for the end-to-end tests, as a kubeconfig names it:

    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: .../exec_credential_plugin.py
      args: [client.authentication.k8s.io/v1]
      env: [{name: PLUGIN_STATE, value: DIR}, {name: PLUGIN_MODE, value: token}, ...]

It checks what kubectl's contract promises a plugin (KUBERNETES_EXEC_INFO with the
apiVersion asked for, interactive false, the cluster when provideClusterInfo is set,
the kubeconfig's env), records each run as one line of DIR/runs, and answers by mode:

  token        status.token = PLUGIN_TOKEN
  stale-first  the first run answers "stale-exec-token" (the server refuses it), later
               runs PLUGIN_TOKEN
  cert         status.clientCertificateData/clientKeyData from PLUGIN_CERT/PLUGIN_KEY
  fail         a message on stderr, exit code 1
  garbage      a line of text instead of an ExecCredential

PLUGIN_EXPIRY, when set, becomes status.expirationTimestamp. A broken promise is printed
on stderr and the plugin exits 2, so the run that started it fails.
"""
import json
import os
import sys


def main():
    api_version = sys.argv[1]
    state = os.environ["PLUGIN_STATE"]
    mode = os.environ.get("PLUGIN_MODE", "token")
    problems = []
    try:
        info = json.loads(os.environ["KUBERNETES_EXEC_INFO"])
    except (KeyError, ValueError) as e:
        info = {}
        problems.append("KUBERNETES_EXEC_INFO missing or not JSON: %s" % e)
    if info.get("kind") != "ExecCredential" or info.get("apiVersion") != api_version:
        problems.append("KUBERNETES_EXEC_INFO is not an ExecCredential of %s: %r" % (api_version, info))
    spec = info.get("spec") or {}
    if spec.get("interactive") is not False:
        problems.append("spec.interactive is not false: %r" % spec)
    expected_server = os.environ.get("PLUGIN_EXPECT_SERVER")
    if expected_server and (spec.get("cluster") or {}).get("server") != expected_server:
        problems.append("spec.cluster.server is not %s: %r" % (expected_server, spec))

    runs_file = os.path.join(state, "runs")
    with open(runs_file, "a") as f:
        f.write(json.dumps(info) + "\n")
    with open(runs_file) as f:
        runs = len(f.readlines())
    if problems:
        print("exec plugin: " + "; ".join(problems), file=sys.stderr)
        return 2

    if mode == "fail":
        print("acme-sso: the SSO session has expired; run 'acme-sso login'", file=sys.stderr)
        return 1
    if mode == "garbage":
        print("Please open https://sso.acme.example/device and enter the code WXYZ-1234")
        return 0
    status = {}
    if mode == "cert":
        with open(os.environ["PLUGIN_CERT"]) as f:
            status["clientCertificateData"] = f.read()
        with open(os.environ["PLUGIN_KEY"]) as f:
            status["clientKeyData"] = f.read()
    elif mode == "stale-first" and runs == 1:
        status["token"] = "stale-exec-token"
    else:
        status["token"] = os.environ["PLUGIN_TOKEN"]
    if os.environ.get("PLUGIN_EXPIRY"):
        status["expirationTimestamp"] = os.environ["PLUGIN_EXPIRY"]
    print(json.dumps({"apiVersion": api_version, "kind": "ExecCredential", "status": status}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
