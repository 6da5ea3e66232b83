"""No secret in any output (cli.md "Logging and secrets"): render, apply, diff and status
at -v and -vv, with a manifest carrying env secrets and a docker config, and credentials
given as a token, a password and an exec plugin. Every value is registered with
planton_cli (which checks each run's output) and checked here as well; the test also
checks that the API server received each value, so that it fails if a value were never
used rather than passing by accident."""
import base64
import json
import os
import unittest

import planton_cli
from apiserver_fixture import Rule
from cluster_case import ClusterTestCase

PLUGIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exec_credential_plugin.py")

ENV_SECRET = "env-secret-value-c41f9a"
ENV_PASSWORD = "db-password-value-0d7e22"
REGISTRY_PASSWORD = "registry-password-5ab3e8"
REGISTRY_AUTH = base64.b64encode(("robot:" + REGISTRY_PASSWORD).encode()).decode()
DOCKER_CONFIG = json.dumps({"auths": {"registry.acme.example": {"auth": REGISTRY_AUTH}}})
TOKEN = "token-user-secret-9e02b7"
PASSWORD = "basic-user-secret-3c5d18"
EXEC_TOKEN = "exec-user-secret-71a4f0"


def b64(text):
    return base64.b64encode(text.encode()).decode()


# Each value, and the base64 form in which a Secret (or a basic auth header) carries it.
VALUES = [ENV_SECRET, ENV_PASSWORD, REGISTRY_PASSWORD, REGISTRY_AUTH, DOCKER_CONFIG, TOKEN, PASSWORD, EXEC_TOKEN]
FORMS = VALUES + [b64(v) for v in VALUES] + [b64("basic-user:" + PASSWORD)]

STACK_INPUT = """\
target:
  apiVersion: kubernetes.project-planton.org/v1
  kind: KubernetesDaemonSet
  metadata:
    name: edge-agent
  spec:
    namespace: secrets-test
    create_namespace: true
    container:
      app:
        image:
          repo: registry.acme.example/platform/edge-agent
          tag: "2.4.1"
        resources:
          limits: {cpu: 200m, memory: 128Mi}
          requests: {cpu: 50m, memory: 64Mi}
        env:
          variables:
            LOG_LEVEL: info
          secrets:
            AGENT_TOKEN: %s
            DB_PASSWORD:
              value: %s
docker_config_json: '%s'
""" % (ENV_SECRET, ENV_PASSWORD, DOCKER_CONFIG)


class SecretsTest(ClusterTestCase):
    api_options = {"tick_interval": 0.02}

    def setUp(self):
        super().setUp()
        # planton_cli checks every output for the plain values; the base64 forms are
        # checked here, since render's stdout must carry them (see below).
        for value in VALUES:
            planton_cli.register_secret(value)
        self.api.add_user("token-user", token=TOKEN, rules=[Rule()])
        self.api.add_user("basic-user", password=PASSWORD, rules=[Rule()])
        self.api.add_user("exec-user", token=EXEC_TOKEN, rules=[Rule()])
        self.input = self.write("stack-input.yaml", STACK_INPUT)
        state = os.path.join(self.tmp, "plugin")
        os.makedirs(state)
        exec_entry = {"apiVersion": "client.authentication.k8s.io/v1", "command": PLUGIN,
                      "args": ["client.authentication.k8s.io/v1"], "interactiveMode": "Never",
                      "env": [{"name": "PLUGIN_STATE", "value": state}, {"name": "PLUGIN_TOKEN", "value": EXEC_TOKEN}]}
        self.configs = {
            "token-user": self.write_kubeconfig("token", {"u": {"token": TOKEN}}, {"c": ("test", "u")}, "c"),
            "basic-user": self.write_kubeconfig("basic", {"u": {"username": "basic-user", "password": PASSWORD}},
                                                {"c": ("test", "u")}, "c"),
            "exec-user": self.write_kubeconfig("exec", {"u": {"exec": exec_entry}}, {"c": ("test", "u")}, "c"),
        }

    def assert_no_secret(self, proc, what):
        for value in FORMS:
            self.assertNotIn(value, proc.stdout, what)
            self.assertNotIn(value, proc.stderr, what)

    def test_render_at_every_level(self):
        # render's result is the objects themselves: its stdout carries the Secrets'
        # data (base64, for `render | kubectl apply -f -`), never a plain value, and its
        # logs carry neither.
        for level in ([], ["-v"], ["-vv"]):
            proc = self.run_cli(level + ["render", "-f", self.input])
            self.assertEqual(proc.returncode, 0, proc.stderr)
            for value in VALUES:
                self.assertNotIn(value, proc.stdout)
            for value in FORMS:
                self.assertNotIn(value, proc.stderr)
            self.assertIn(b64(ENV_SECRET), proc.stdout)
            self.assertIn(b64(DOCKER_CONFIG), proc.stdout)

    def test_cluster_commands_at_every_level_and_credential(self):
        for user, config in self.configs.items():
            for command in (["apply", "--no-wait"], ["status"], ["diff"]):
                for level in (["-v"], ["-vv"]):
                    with self.subTest(user=user, command=command[0], level=level[0]):
                        self.api.clear_log()
                        proc = self.run_cli(level + command + ["-f", self.input, "--kubeconfig", config])
                        self.assertIn(proc.returncode, (0, 1) if command[0] == "diff" else (0,), proc.stderr)
                        self.assert_no_secret(proc, "%s %s as %s" % (command[0], level[0], user))
                        self.assertTrue(proc.stderr.strip(), "-v prints the requests")
                        self.assertEqual({e["user"] for e in self.api.requests()}, {user})

        # The values were used: the server holds them, and each credential worked above.
        env = self.api.get("v1", "Secret", "edge-agent-env-secrets", "secrets-test")
        self.assertEqual({k: base64.b64decode(v).decode() for k, v in env["data"].items()},
                         {"AGENT_TOKEN": ENV_SECRET, "DB_PASSWORD": ENV_PASSWORD})
        pull = self.api.get("v1", "Secret", "edge-agent-image-pull-secret", "secrets-test")
        self.assertEqual(json.loads(base64.b64decode(pull["data"][".dockerconfigjson"])), json.loads(DOCKER_CONFIG))


if __name__ == "__main__":
    unittest.main()
