"""planton-ds apply against the test API server: the requests it sends, what each object
line says, conflicts, dry runs, permissions, failures midway, the selector check and the
stack outputs."""
import json
import re
import unittest

import daemonset_manifests as dm
import planton_cli
from apiserver_fixture import Rule
from cluster_case import ClusterTestCase, object_lines
from planton_cli import register_secret

APPLY = "application/apply-patch+yaml"
DS_PATH = "/apis/apps/v1/namespaces/logging/daemonsets/fluentd"
RERUN = "  nothing was rolled back; run apply again once this is fixed (it picks up where it stopped)\n"
OUTPUTS_3 = ("outputs:\n  namespace: logging\n  daemonset_name: fluentd\n  desired_number_scheduled: 3\n"
             "  current_number_scheduled: 3\n  number_ready: 3\n")


def stopped(error, applied, not_applied):
    """The stderr of an apply that stopped: the error, what was and was not applied, and,
    when something was, that a re-run picks up from there."""
    return "planton-ds: error: %s\n  applied: %s\n  not applied: %s\n%s" % (
        error, ", ".join(applied) or "none", ", ".join(not_applied), RERUN if applied else "")


class ApplyTestCase(ClusterTestCase):
    api_options = {"tick_interval": 0.02}

    def setUp(self):
        super().setUp()
        self.docker_config = self.write("config.json", dm.DOCKER_CONFIG_JSON)
        self.admin = self.api.kubeconfig()

    def deploy(self, manifest, *args, kubeconfig=None, docker_config=True):
        """planton-ds apply -f <manifest> --kubeconfig <admin> [--docker-config-json] args..."""
        extra = ["--docker-config-json", self.docker_config] if docker_config else []
        return self.run_cli(["apply", "-f", self.write("manifest.yaml", dm.to_yaml(manifest)), "--kubeconfig",
                             kubeconfig or self.admin, *extra, *args])

    def assertOk(self, proc):
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def resource_versions(self):
        out = {}
        http = self.api.client()
        for name, path in dm.FULL_OBJECTS:
            status, _, body = http.request("GET", path)
            self.assertEqual(status, 200, name)
            out[name] = body["metadata"]["resourceVersion"]
        return out

    def image(self):
        ds = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
        return ds["spec"]["template"]["spec"]["containers"][0]["image"]


class FirstApplyTest(ApplyTestCase):
    def test_creates_every_object_with_one_patch_each_in_order(self):
        proc = self.deploy(dm.full_manifest())
        self.assertOk(proc)
        self.assertEqual(proc.stdout, "".join("%s created\n" % name for name, _ in dm.FULL_OBJECTS) + OUTPUTS_3)

        log = self.api.requests()
        # First preflight's reads: the namespace (its Pod Security labels) and the nodes.
        self.assertEqual([(e["method"], e["path"]) for e in log[:2]],
                         [("GET", "/api/v1/namespaces/logging"), ("GET", "/api/v1/nodes")])
        log = log[2:]
        self.assertEqual((log[0]["method"], log[0]["path"], log[0]["query"]),
                         ("GET", "/apis/apps/v1/namespaces/logging/daemonsets",
                          {"fieldSelector": ["metadata.name=fluentd"]}))
        patches = [e for e in log if e["method"] == "PATCH"]
        self.assertEqual([e["path"] for e in patches], [path for _, path in dm.FULL_OBJECTS])
        for e in patches:
            self.assertEqual(e["content_type"], APPLY)
            self.assertEqual(e["query"], {"fieldManager": ["planton-ds"]})
            self.assertEqual(e["status"], 201)
        # Nothing but the one LIST, then per object a GET (the object before its PATCH, to
        # tell configured from unchanged; for the namespace also whether apply creates it and
        # so marks it for this manifest) and its PATCH, the DaemonSet's GET being the LIST;
        # the rollout wait after them only reads.
        expected = []
        for _, path in dm.FULL_OBJECTS:
            if path != DS_PATH:
                expected.append(("GET", path, 404))
            expected.append(("PATCH", path, 201))
        self.assertEqual([(e["method"], e["path"], e["status"]) for e in log[1:len(expected) + 1]], expected)
        self.assertEqual({e["method"] for e in log[len(expected) + 1:]}, {"GET"})

        secret = self.api.get("v1", "Secret", "fluentd-image-pull-secret", "logging")
        self.assertEqual(secret["type"], "kubernetes.io/dockerconfigjson")
        ds = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
        self.assertEqual(ds["metadata"]["generation"], 1)
        self.assertEqual(ds["status"]["numberReady"], 3)

    def test_second_apply_changes_nothing(self):
        self.assertOk(self.deploy(dm.full_manifest()))
        before = self.resource_versions()
        proc = self.deploy(dm.full_manifest())
        self.assertOk(proc)
        self.assertEqual(proc.stdout, "".join("%s unchanged\n" % name for name, _ in dm.FULL_OBJECTS) + OUTPUTS_3)
        self.assertEqual(self.resource_versions(), before)
        self.assertEqual(self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")["metadata"]["generation"], 1)

    def test_changed_image_configures_the_daemonset_and_bumps_its_generation(self):
        self.assertOk(self.deploy(dm.full_manifest(), "--no-wait"))
        proc = self.deploy(dm.full_manifest(tag="v1.17"))
        self.assertOk(proc)
        self.assertEqual(proc.stdout, "".join("%s unchanged\n" % name for name, _ in dm.FULL_OBJECTS[:-1]) +
                         "daemonset.apps/fluentd configured\n" + OUTPUTS_3)
        ds = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
        self.assertEqual(ds["metadata"]["generation"], 2)
        self.assertEqual(self.image(), "fluent/fluentd:v1.17")
        # The wait saw the rollout through: every pod runs the new image.
        self.assertEqual({p["spec"]["containers"][0]["image"] for p in self.api.pods("logging", "fluentd")},
                         {"fluent/fluentd:v1.17"})

    def test_standard_input_and_the_stack_input_kubeconfig(self):
        with open(self.admin) as f:
            kubeconfig_text = f.read()
        stack_input = {"target": dm.manifest(), "provider_config": {"digital_ocean_doks": {
            "kube_config": kubeconfig_text}}}
        proc = self.run_cli(["apply", "-f", "-"], input=dm.to_yaml(stack_input))
        self.assertOk(proc)
        self.assertEqual(proc.stdout, "namespace/logging created\ndaemonset.apps/fluentd created\n" + OUTPUTS_3)


class ConflictTest(ApplyTestCase):
    def test_conflict_names_field_and_manager_and_force_takes_over(self):
        self.assertOk(self.deploy(dm.full_manifest(), "--no-wait"))
        self.api.apply({"apiVersion": "apps/v1", "kind": "DaemonSet",
                        "metadata": {"name": "fluentd", "namespace": "logging"},
                        "spec": {"template": {"spec": {"containers": [
                            {"name": "fluentd", "image": "fluent/fluentd:hotfix"}]}}}},
                       manager="kubectl", force=True)
        proc = self.deploy(dm.full_manifest(), "--no-wait")
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout, "".join("%s unchanged\n" % name for name, _ in dm.FULL_OBJECTS[:-1]))
        self.assertEqual(proc.stderr, stopped(
            "cannot apply daemonset.apps/fluentd: conflict (409): fields owned by another manager:\n"
            '  .spec.template.spec.containers[name="fluentd"].image: conflict with "kubectl"\n'
            "--force-conflicts takes these fields over",
            ["%s (unchanged)" % name for name, _ in dm.FULL_OBJECTS[:-1]], ["daemonset.apps/fluentd"]))
        self.assertEqual(self.image(), "fluent/fluentd:hotfix")

        proc = self.deploy(dm.full_manifest(), "--force-conflicts", "--no-wait")
        self.assertOk(proc)
        self.assertTrue(proc.stdout.startswith(
            "".join("%s unchanged\n" % name for name, _ in dm.FULL_OBJECTS[:-1]) + "daemonset.apps/fluentd configured\n"),
            proc.stdout)
        self.assertEqual(self.image(), "fluent/fluentd:v1.16")
        forced = self.api.requests("PATCH", DS_PATH)[-1]
        self.assertEqual(forced["query"], {"fieldManager": ["planton-ds"], "force": ["true"]})

    def test_field_manager_name(self):
        self.assertOk(self.deploy(dm.manifest(), "--field-manager", "ci-deployer", "--no-wait"))
        self.assertEqual(self.api.requests("PATCH")[0]["query"], {"fieldManager": ["ci-deployer"]})
        managers = [m["manager"] for m in self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")["metadata"][
            "managedFields"]]
        self.assertIn("ci-deployer", managers)


class DryRunTest(ApplyTestCase):
    def test_server_dry_run_of_a_change_changes_nothing(self):
        self.assertOk(self.deploy(dm.full_manifest()))
        before = self.resource_versions()
        self.api.clear_log()
        proc = self.deploy(dm.full_manifest(tag="v1.17"), "--dry-run", "server")
        self.assertOk(proc)
        self.assertEqual(proc.stdout, "".join("%s unchanged (server dry run)\n" % name for name, _ in dm.FULL_OBJECTS[:-1])
                         + "daemonset.apps/fluentd configured (server dry run)\n" + OUTPUTS_3)
        patches = self.api.requests("PATCH")
        self.assertEqual(len(patches), len(dm.FULL_OBJECTS))
        for e in patches:
            self.assertEqual(e["query"], {"fieldManager": ["planton-ds"], "dryRun": ["All"]})
        # No rollout wait in a dry run: no pod is listed.
        self.assertEqual(self.api.requests("GET", "/api/v1/namespaces/logging/pods"), [])
        self.assertEqual(self.resource_versions(), before)
        self.assertEqual(self.image(), "fluent/fluentd:v1.16")

    def test_server_dry_run_on_an_empty_cluster_creates_nothing(self):
        proc = self.deploy(dm.full_manifest(), "--dry-run", "server", "-o", "json")
        self.assertOk(proc)
        self.assertEqual(json.loads(proc.stdout)["daemonset_name"], "fluentd")
        self.assertIn("namespace/logging created (server dry run)\n", proc.stderr)
        self.assertIn("daemonset.apps/fluentd created (server dry run)\n", proc.stderr)
        self.assertIsNone(self.api.get("v1", "Namespace", "logging"))
        self.assertIsNone(self.api.get("rbac.authorization.k8s.io/v1", "ClusterRole", "logging-fluentd"))
        for e in self.api.requests("PATCH"):
            self.assertEqual(e["query"]["dryRun"], ["All"])


class PermissionTest(ApplyTestCase):
    def test_forbidden_namespace_names_verb_resource_and_namespace(self):
        proc = self.deploy(dm.manifest(create_namespace=False, create_service_account=True), kubeconfig=self.api.kubeconfig("deployer", "token"),
                          docker_config=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(proc.stderr, stopped(
            'cannot apply serviceaccount/fluentd: forbidden (403): serviceaccounts "fluentd" is forbidden: User '
            '"deployer" cannot patch resource "serviceaccounts" in API group "" in the namespace "logging"',
            [], ["serviceaccount/fluentd", "daemonset.apps/fluentd"]))

    def test_failure_midway_reports_applied_and_not_applied_and_a_rerun_converges(self):
        register_secret("limited-token-e2e")
        limited = self.api.add_user("limited", token="limited-token-e2e", rules=[
            Rule(resources=("namespaces", "serviceaccounts", "clusterroles", "clusterrolebindings", "roles",
                            "rolebindings", "secrets", "daemonsets", "pods", "nodes", "events"))])
        proc = self.deploy(dm.full_manifest(), kubeconfig=self.api.kubeconfig(limited, "token"))
        self.assertEqual(proc.returncode, 1)
        applied = [name for name, _ in dm.FULL_OBJECTS[:6]]
        self.assertEqual(proc.stdout, "".join("%s created\n" % name for name in applied))
        self.assertEqual(proc.stderr, stopped(
            'cannot apply configmap/fluentd-config: forbidden (403): configmaps "fluentd-config" is forbidden: User '
            '"limited" cannot patch resource "configmaps" in API group "" in the namespace "logging"',
            ["%s (created)" % name for name in applied], [name for name, _ in dm.FULL_OBJECTS[6:]]))
        self.assertIsNone(self.api.get("apps/v1", "DaemonSet", "fluentd", "logging"))

        proc = self.deploy(dm.full_manifest())
        self.assertOk(proc)
        self.assertEqual(proc.stdout, "".join("%s unchanged\n" % name for name in applied) +
                         "".join("%s created\n" % name for name, _ in dm.FULL_OBJECTS[6:]) + OUTPUTS_3)


class SelectorTest(ApplyTestCase):
    def setUp(self):
        super().setUp()
        # A DaemonSet as Planton's own module creates it: selected by app=daemonset.
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "logging"}}, manager="pulumi")
        self.old = self.api.apply({
            "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "fluentd", "namespace": "logging"},
            "spec": {"selector": {"matchLabels": {"app": "daemonset"}},
                     "template": {"metadata": {"labels": {"app": "daemonset"}},
                                  "spec": {"containers": [{"name": "fluentd", "image": "fluent/fluentd:v1.15"}]}}}},
            manager="pulumi")

    def test_selector_mismatch_stops_before_any_change(self):
        self.api.clear_log()
        proc = self.deploy(dm.manifest(create_namespace=False), docker_config=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(proc.stderr, stopped(
            "the live daemonset.apps/fluentd in namespace logging selects its pods by app=daemonset, but the "
            "manifest's selects by app.kubernetes.io/name=fluentd, and a DaemonSet's selector cannot be changed "
            "(Planton's own module selects by app=daemonset); nothing was changed; --replace-on-immutable deletes "
            "the DaemonSet and creates it again, which replaces its pods",
            [], ["daemonset.apps/fluentd"]))
        self.assertEqual({e["method"] for e in self.api.requests()}, {"GET"})  # preflight's reads and the LIST

    def test_replace_on_immutable_recreates_the_daemonset(self):
        proc = self.deploy(dm.manifest(create_namespace=False), "--replace-on-immutable", docker_config=False)
        self.assertOk(proc)
        self.assertEqual(proc.stdout, "daemonset.apps/fluentd deleted\ndaemonset.apps/fluentd created\n" + OUTPUTS_3)
        ds = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
        self.assertNotEqual(ds["metadata"]["uid"], self.old["metadata"]["uid"])
        self.assertEqual(ds["spec"]["selector"], {"matchLabels": {"app.kubernetes.io/name": "fluentd"}})


class OutputTest(ApplyTestCase):
    def test_json_outputs_are_the_only_stdout(self):
        proc = self.deploy(dm.full_manifest(), "-o", "json")
        self.assertOk(proc)
        # The stack outputs, then preflight's node coverage (cli.md "Preflight").
        self.assertEqual(json.loads(proc.stdout), {"namespace": "logging", "daemonset_name": "fluentd",
                                                   "desired_number_scheduled": 3, "current_number_scheduled": 3,
                                                   "number_ready": 3, "nodes_total": 3, "nodes_matching": 3,
                                                   "nodes_excluded": []})
        self.assertEqual(list(json.loads(proc.stdout))[:5], ["namespace", "daemonset_name",
                                                             "desired_number_scheduled", "current_number_scheduled",
                                                             "number_ready"])
        for name, _ in dm.FULL_OBJECTS:
            self.assertIn("%s created\n" % name, proc.stderr)

    def test_no_wait_prints_the_counts_the_apply_returned(self):
        proc = self.deploy(dm.manifest(), "--no-wait", "-o", "json", docker_config=False)
        self.assertOk(proc)
        self.assertEqual(json.loads(proc.stdout)["desired_number_scheduled"], 0)
        self.assertEqual(self.api.requests("GET", "/api/v1/namespaces/logging/pods"), [])

    def test_verbose_logs_each_request_and_no_secret(self):
        proc = self.deploy(dm.full_manifest(), "--no-wait", "-v")
        self.assertOk(proc)
        self.assertRegex(proc.stderr, r"(?m)^GET /apis/apps/v1/namespaces/logging/daemonsets 200 \d+ms$")
        for _, path in dm.FULL_OBJECTS:
            self.assertRegex(proc.stderr, r"(?m)^PATCH %s 201 \d+ms$" % re.escape(path))
        # -vv adds the bodies, with the Secret values masked (run() fails on any leak).
        proc = self.deploy(dm.full_manifest(tag="v2"), "--no-wait", "-vv")
        self.assertOk(proc)
        self.assertIn('"ES_PASSWORD":"***"', proc.stderr)


class ReapplyWhileTheControllerWritesTest(ApplyTestCase):
    api_options = {"tick_interval": None}  # the test decides when the controller syncs

    # apply tells `configured` from `unchanged` from the object itself, not by comparing its
    # resourceVersion with the LIST's revision: here the controller's status write lands
    # between apply's reads and its PATCH of the DaemonSet, so a comparison of
    # resourceVersions taken before the PATCH with the one after is fooled too; what changed
    # is judged on the object without its status and server-managed metadata (a no-op
    # apply writes nothing of the manifest's).
    def test_an_unchanged_reapply_is_unchanged_while_the_controller_writes_status(self):
        manifest = self.write("manifest.yaml", dm.to_yaml(dm.full_manifest()))
        args = ["apply", "-f", manifest, "--kubeconfig", self.admin, "--docker-config-json", self.docker_config,
                "--no-wait"]
        first = self.run_cli(args)
        self.assertOk(first)
        created = object_lines(first.stdout)
        self.assertEqual(created, ["%s created" % name for name, _ in dm.FULL_OBJECTS])
        # The DaemonSet controller has not synced the new DaemonSet yet. On a real cluster its
        # first sync writes the status (observedGeneration, the desired count) a moment after
        # the create, at any time relative to the next client's requests. Here the second
        # apply's PATCH of the DaemonSet is held back, and the controller syncs meanwhile.
        self.api.fault("delay", method="PATCH", path_prefix=DS_PATH, delay=3)
        proc = planton_cli.start(args, env={"HOME": self.home})
        try:
            self.api.wait_for(lambda: [e for e in self.api.requests("PATCH", DS_PATH) if e["fault"] == "delay"],
                              timeout=60)
            before = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")["metadata"]["resourceVersion"]
            self.api.tick()
            after = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
            self.assertNotEqual(after["metadata"]["resourceVersion"], before)  # the status write
            self.assertEqual(after["status"]["observedGeneration"], 1)
        finally:
            out, err = planton_cli.finish(proc)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(object_lines(out), ["%s unchanged" % name for name, _ in dm.FULL_OBJECTS])


class ServerWarningsTest(ApplyTestCase):
    """API server `Warning:` headers (here Pod Security `warn` on the DaemonSet's pod
    template) are printed on stderr, once each, by apply and by diff."""

    def test_apply_and_diff_print_each_warning_once(self):
        ns = self.api.new_namespace("warned", labels={"pod-security.kubernetes.io/warn": "restricted"})
        manifest = self.write("manifest.yaml", dm.to_yaml(dm.manifest(namespace=ns, create_namespace=False)))
        for command in (["apply", "--no-wait"], ["diff"]):
            with self.subTest(command=command[0]):
                self.api.clear_log()
                proc = self.run_cli(command + ["-f", manifest, "--kubeconfig", self.admin])
                self.assertIn(proc.returncode, (0, 1), proc.stderr)
                sent = [w for e in self.api.requests() for w in e["warnings"]]
                self.assertTrue(sent, "the server sent no warning")
                lines = [line for line in proc.stderr.splitlines() if line.startswith("Warning: ")]
                self.assertTrue(lines, proc.stderr)
                self.assertTrue(all(line.startswith('Warning: would violate PodSecurity "restricted:latest": ')
                                    for line in lines), lines)
                self.assertEqual(len(lines), len(set(lines)), lines)
                self.assertEqual(len(set(lines)), len(set(sent)))


if __name__ == "__main__":
    unittest.main()
