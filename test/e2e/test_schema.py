"""`planton-ds schema`: a valid draft 2020-12 JSON Schema that accepts every example
manifest and rejects what the parser rejects (checked with the jsonschema package, the
reference implementation editors' validators follow)."""
import copy
import glob
import json
import os
import subprocess
import unittest

import jsonschema
import yaml

PLANTON_DS = os.environ["PLANTON_DS"]
SOURCE_DIR = os.environ["PLANTON_SOURCE_DIR"]


def load_schema():
    out = subprocess.run([PLANTON_DS, "schema"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


class SchemaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.schema = load_schema()
        jsonschema.Draft202012Validator.check_schema(cls.schema)
        cls.validator = jsonschema.Draft202012Validator(cls.schema)
        with open(os.path.join(SOURCE_DIR, "manifests/examples/busybox-minimal.yaml")) as f:
            cls.minimal = yaml.safe_load(f)

    def errors(self, document):
        return list(self.validator.iter_errors(document))

    def test_every_example_is_valid(self):
        files = sorted(glob.glob(os.path.join(SOURCE_DIR, "manifests/examples/*.yaml")))
        self.assertGreaterEqual(len(files), 11)
        for path in files:
            with open(path) as f:
                for document in yaml.safe_load_all(f):
                    with self.subTest(path=path):
                        self.assertEqual([e.message for e in self.errors(document)], [])

    def test_both_spellings_are_accepted(self):
        doc = copy.deepcopy(self.minimal)
        app = doc["spec"]["container"]["app"]
        app["volumeMounts"] = [{"name": "a", "mountPath": "/a", "hostPath": "/a", "hostPathType": "Directory"}]
        app["ports"] = [{"name": "http", "container_port": 80, "networkProtocol": "TCP"}]
        doc["spec"]["createNamespace"] = True
        self.assertEqual(self.errors(doc), [])

    def test_shorthand_forms_are_accepted(self):
        doc = copy.deepcopy(self.minimal)
        doc["spec"]["namespace"] = {"value": "logging"}
        doc["spec"]["container"]["app"]["env"] = {
            "variables": {"A": "x", "PORT": 9200, "DEBUG": True, "B": {"value": "y"}},
            "secrets": {"S": {"secret_ref": {"name": "n", "key": "k"}}},
        }
        doc["spec"]["update_strategy"] = {"rolling_update": {"max_unavailable": 1, "max_surge": "25%"}}
        self.assertEqual(self.errors(doc), [])

    def test_stack_input_is_accepted(self):
        stack = {"target": self.minimal, "docker_config_json": "{}",
                 "provider_config": {"digital_ocean_doks": {"kube_config": "apiVersion: v1"}}}
        self.assertEqual(self.errors(stack), [])

    def test_what_the_parser_rejects_is_rejected(self):
        cases = {
            "unknown field": lambda d: d["spec"]["container"]["app"].update(volume_mount=[]),
            "bad enum": lambda d: d["spec"].update(dns_policy="Sometimes"),
            "wrong type": lambda d: d["spec"].update(host_network="yes"),
            "list for a mapping": lambda d: d["spec"].update(container=[]),
            "missing required": lambda d: d["spec"]["container"]["app"]["image"].pop("tag"),
            "wrong kind": lambda d: d.update(kind="Deployment"),
        }
        for name, change in cases.items():
            with self.subTest(name):
                doc = copy.deepcopy(self.minimal)
                change(doc)
                self.assertNotEqual(self.errors(doc), [])


if __name__ == "__main__":
    unittest.main()
