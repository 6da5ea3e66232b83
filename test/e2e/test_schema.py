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
        doc["spec"]["namespace"] = "monitoring"  # default is every cluster's (reserved-namespace)
        self.assertEqual(self.errors(doc), [])

    def test_shorthand_forms_are_accepted(self):
        doc = copy.deepcopy(self.minimal)
        doc["spec"]["namespace"] = {"value": "logging"}
        doc["spec"]["container"]["app"]["env"] = {
            "variables": {"A": "x", "PORT": 9200, "DEBUG": True, "B": {"value": "y"}},
            "secrets": {"S": {"secret_ref": {"name": "n", "key": "k"}}},
        }
        doc["spec"]["update_strategy"] = {"rolling_update": {"max_unavailable": 1, "max_surge": "0%"}}
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

    def test_a_field_written_without_a_value_is_accepted_as_validate_accepts_it(self):
        doc = copy.deepcopy(self.minimal)
        doc["spec"]["dns_policy"] = None
        doc["spec"]["container"]["app"]["env"] = {"variables": {"EMPTY": None}, "secrets": {"S": None}}
        doc["metadata"]["labels"] = {"team": None}
        self.assertEqual([e.message for e in self.errors(doc)], [])
        self.assertEqual(verdict_of_validate(yaml.safe_dump(doc)), True)
        # A required field written without a value is missing, for both.
        doc["spec"]["container"]["app"]["image"]["tag"] = None
        self.assertNotEqual(self.errors(doc), [])
        self.assertEqual(verdict_of_validate(yaml.safe_dump(doc)), False)

    def test_schema_and_validate_give_every_example_and_invalid_case_the_same_verdict(self):
        files = sorted(glob.glob(os.path.join(SOURCE_DIR, "manifests/examples/*.yaml")) +
                       glob.glob(os.path.join(SOURCE_DIR, "manifests/invalid/*.yaml")))
        self.assertGreaterEqual(len(files), 80)
        disagree = {}
        for path in files:
            name = os.path.relpath(path, SOURCE_DIR)
            with open(path) as f:
                text = f.read()
            by_validate = verdict_of_validate(text)
            try:
                documents = [d for d in yaml.safe_load_all(text) if d is not None]
            except yaml.YAMLError:
                documents = None  # not YAML: no schema can judge it
            by_schema = documents is not None and all(not self.errors(d) for d in documents)
            if by_schema != by_validate:
                disagree[name] = (by_validate, by_schema)
        unexplained = sorted(set(disagree) - set(BEYOND_THE_SCHEMA))
        self.assertEqual(unexplained, [], "schema and validate disagree (validate, schema): %r" %
                         {n: disagree[n] for n in unexplained})
        # The list holds only what still needs it: a rule the schema learns leaves it.
        self.assertEqual(sorted(set(BEYOND_THE_SCHEMA) - set(disagree)), [])


def verdict_of_validate(text):
    """Whether `planton-ds validate` finds no error in `text` (lint warnings pass)."""
    proc = subprocess.run([PLANTON_DS, "validate", "-"], input=text, capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode == 0


# The invalid cases whose rule the schema does not carry, and why. Every other example
# and invalid case must get the same verdict from the schema and from validate.
BEYOND_THE_SCHEMA = {
    # A JSON Schema cannot state these at all.
    "manifests/invalid/duplicate-key.yaml": "a key twice in one YAML mapping; a JSON object holds it once",
    "manifests/invalid/duplicate-container-name.yaml": "uniqueness of one field across list items",
    "manifests/invalid/duplicate-env-name.yaml": "the same key in two maps",
    "manifests/invalid/duplicate-mount-path.yaml": "uniqueness of one field across list items",
    "manifests/invalid/duplicate-port-name.yaml": "uniqueness of one field across list items",
    "manifests/invalid/duplicate-port.yaml": "uniqueness of two fields across list items",
    "manifests/invalid/conflicting-volume.yaml": "list items that share a name must be equal",
    "manifests/invalid/cross-namespace-secret.yaml": "a value compared with spec.namespace",
    "manifests/invalid/request-exceeds-limit.yaml": "quantities compared with each other",
    "manifests/invalid/unknown-port-name.yaml": "a reference to a port declared elsewhere",
    "manifests/invalid/unknown-volume.yaml": "a reference to a volume declared elsewhere",
    "manifests/invalid/host-port-mismatch.yaml": "two numbers compared (host_port, container_port)",
    "manifests/invalid/invalid-docker-config-json.yaml": "JSON inside a string (contentSchema only annotates)",
}


if __name__ == "__main__":
    unittest.main()
