"""Server-side apply on the test API server: create/update/no-op, resourceVersion and
generation, managedFields, field removal, conflicts, dry run and validation."""
import copy
import unittest

from apiserver_fixture import ApiServerTestCase, resources

APPLY = "application/apply-patch+yaml"


def daemonset(image="fluentd:v1.16", labels=None, **spec_extra):
    spec = {"selector": {"matchLabels": {"app.kubernetes.io/name": "fluentd"}},
            "template": {"metadata": {"labels": {"app.kubernetes.io/name": "fluentd"}},
                         "spec": {"containers": [{"name": "fluentd", "image": image}]}}}
    spec.update(spec_extra)
    return {"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "fluentd", "namespace": "logging", "labels": labels or {"team": "obs"}},
            "spec": spec}


def configmap(data=None, labels=None):
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "fluentd-config", "namespace": "logging", "labels": labels or {"app": "fluentd"}},
            "data": data or {"fluent.conf": "hello"}}


class ApplyTestCase(ApiServerTestCase):
    api_options = {"tick_interval": None}

    def setUp(self):
        super().setUp()
        self.http = self.api.client()
        self.http.request("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                                         "metadata": {"name": "logging"}})

    def apply(self, obj, manager="planton-ds", force=False, dry_run=False, client=None):
        rt = resources.by_kind(obj["apiVersion"], obj["kind"])
        path = rt.path(obj["metadata"].get("namespace"), obj["metadata"]["name"]) + "?fieldManager=" + manager
        if force:
            path += "&force=true"
        if dry_run:
            path += "&dryRun=All"
        return (client or self.http).request("PATCH", path, obj, APPLY)

    def list_revision(self, path="/api/v1/namespaces/logging/configmaps"):
        status, _, body = self.http.request("GET", path)
        self.assertEqual(status, 200)
        return int(body["metadata"]["resourceVersion"])


class CreateUpdateNoopTest(ApplyTestCase):
    def test_create_then_noop_then_update(self):
        status, _, created = self.apply(configmap())
        self.assertEqual(status, 201)
        meta = created["metadata"]
        self.assertEqual(list(created), ["kind", "apiVersion", "metadata", "data"])
        self.assertRegex(meta["uid"], r"^[0-9a-f-]{36}$")
        self.assertRegex(meta["creationTimestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertNotIn("generation", meta)
        entry = meta["managedFields"][0]
        self.assertEqual(len(meta["managedFields"]), 1)
        self.assertEqual({k: v for k, v in entry.items() if k != "time"}, {
            "manager": "planton-ds", "operation": "Apply", "apiVersion": "v1", "fieldsType": "FieldsV1",
            "fieldsV1": {"f:data": {"f:fluent.conf": {}}, "f:metadata": {"f:labels": {"f:app": {}}}}})

        before = self.list_revision()
        self.assertEqual(before, int(meta["resourceVersion"]))
        status, _, again = self.apply(configmap())
        self.assertEqual(status, 200)
        self.assertEqual(again, created)  # same resourceVersion and managedFields: no write
        self.assertEqual(self.list_revision(), before)

        status, _, changed = self.apply(configmap({"fluent.conf": "bye"}))
        self.assertEqual(status, 200)
        self.assertGreater(int(changed["metadata"]["resourceVersion"]), before)
        self.assertEqual(self.list_revision(), int(changed["metadata"]["resourceVersion"]))

    def test_list_items_and_revision(self):
        self.apply(configmap())
        status, _, body = self.http.request("GET", "/api/v1/namespaces/logging/configmaps")
        self.assertEqual(body["kind"], "ConfigMapList")
        self.assertEqual(body["apiVersion"], "v1")
        self.assertEqual(body["metadata"], {"resourceVersion": str(self.api.revision)})
        self.assertEqual([i["metadata"]["name"] for i in body["items"]], ["fluentd-config"])
        self.assertNotIn("kind", body["items"][0])

    def test_daemonset_generation_counts_spec_changes_only(self):
        status, _, ds = self.apply(daemonset())
        self.assertEqual((status, ds["metadata"]["generation"]), (201, 1))
        self.assertEqual(ds["status"], {"currentNumberScheduled": 0, "numberMisscheduled": 0,
                                        "desiredNumberScheduled": 0, "numberReady": 0})
        self.assertEqual(ds["spec"]["updateStrategy"], {"type": "RollingUpdate",
                                                        "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}})
        _, _, ds = self.apply(daemonset(labels={"team": "logging"}))
        self.assertEqual(ds["metadata"]["generation"], 1)
        _, _, ds = self.apply(daemonset(image="fluentd:v1.17"))
        self.assertEqual(ds["metadata"]["generation"], 2)
        self.assertEqual(ds["metadata"]["annotations"]["deprecated.daemonset.template.generation"], "2")
        _, _, ds = self.apply(daemonset(image="fluentd:v1.17", minReadySeconds=5))
        self.assertEqual(ds["metadata"]["generation"], 3)
        self.assertEqual(ds["metadata"]["annotations"]["deprecated.daemonset.template.generation"], "2")

    def test_status_in_the_applied_object_is_ignored(self):
        obj = daemonset()
        obj["status"] = {"numberReady": 7}
        _, _, ds = self.apply(obj)
        self.assertEqual(ds["status"]["numberReady"], 0)
        self.assertNotIn("f:status", ds["metadata"]["managedFields"][0]["fieldsV1"])


class OwnershipTest(ApplyTestCase):
    def test_fields_no_longer_applied_are_removed(self):
        self.apply(configmap({"a": "1", "b": "2"}, {"app": "fluentd", "tier": "logs"}))
        _, _, cm = self.apply(configmap({"a": "1"}, {"app": "fluentd"}))
        self.assertEqual(cm["data"], {"a": "1"})
        self.assertEqual(cm["metadata"]["labels"], {"app": "fluentd"})

    def test_fields_another_manager_also_owns_are_kept(self):
        self.apply(configmap({"a": "1", "b": "2"}))
        status, _, cm = self.apply(configmap({"b": "2"}), manager="helm")
        self.assertEqual(status, 200)
        self.assertEqual([m["manager"] for m in cm["metadata"]["managedFields"]], ["helm", "planton-ds"]
                         if cm["metadata"]["managedFields"][0]["manager"] == "helm" else ["planton-ds", "helm"])
        _, _, cm = self.apply(configmap({"a": "1"}))
        self.assertEqual(cm["data"], {"a": "1", "b": "2"})

    def test_list_items_merge_by_key(self):
        ds = daemonset()
        ds["spec"]["template"]["spec"]["containers"][0]["env"] = [{"name": "A", "value": "1"},
                                                                  {"name": "B", "value": "2"}]
        self.apply(ds)
        sidecar = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "fluentd", "namespace": "logging"},
                   "spec": {"template": {"spec": {"containers": [{"name": "exporter", "image": "exporter:1"}]}}}}
        status, _, live = self.apply(sidecar, manager="injector")
        self.assertEqual(status, 200)
        self.assertEqual([c["name"] for c in live["spec"]["template"]["spec"]["containers"]], ["fluentd", "exporter"])
        ds["spec"]["template"]["spec"]["containers"][0]["env"] = [{"name": "B", "value": "2"}]
        _, _, live = self.apply(ds)
        containers = live["spec"]["template"]["spec"]["containers"]
        self.assertEqual([c["name"] for c in containers], ["fluentd", "exporter"])
        self.assertEqual(containers[0]["env"], [{"name": "B", "value": "2"}])
        fluentd_fields = live["metadata"]["managedFields"]
        paths = {m["manager"]: m["fieldsV1"] for m in fluentd_fields}
        self.assertIn('k:{"name":"exporter"}', paths["injector"]["f:spec"]["f:template"]["f:spec"]["f:containers"])

    def test_ports_are_keyed_by_port_and_defaulted_protocol(self):
        ds = daemonset()
        ds["spec"]["template"]["spec"]["containers"][0]["ports"] = [{"containerPort": 24224}]
        _, _, live = self.apply(ds)
        container = live["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(container["ports"], [{"containerPort": 24224, "protocol": "TCP"}])
        fields = live["metadata"]["managedFields"][0]["fieldsV1"]["f:spec"]["f:template"]["f:spec"]["f:containers"]
        self.assertEqual(fields['k:{"name":"fluentd"}']["f:ports"],
                         {'k:{"containerPort":24224,"protocol":"TCP"}': {".": {}, "f:containerPort": {}}})


class ConflictTest(ApplyTestCase):
    IMAGE = '.spec.template.spec.containers[name="fluentd"].image'

    def test_update_by_another_manager_conflicts_until_forced(self):
        self.apply(daemonset())
        self.api.edit("apps/v1", "DaemonSet", "fluentd", "logging",
                      {"spec": {"template": {"spec": {"containers": [{"name": "fluentd", "image": "fluentd:hotfix"}]}}}},
                      manager="kubectl")
        # a merge patch replaces the list: the container keeps only what the patch gives
        status, _, body = self.apply(daemonset(image="fluentd:v1.17"))
        self.assertEqual(status, 409)
        self.assertEqual(body, {
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": 'Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: ' + self.IMAGE,
            "reason": "Conflict",
            "details": {"causes": [{"reason": "FieldManagerConflict", "message": 'conflict with "kubectl" using apps/v1',
                                    "field": self.IMAGE}]},
            "code": 409})
        status, _, live = self.apply(daemonset(image="fluentd:v1.17"), force=True)
        self.assertEqual(status, 200)
        self.assertEqual(live["spec"]["template"]["spec"]["containers"][0]["image"], "fluentd:v1.17")
        for m in live["metadata"]["managedFields"]:
            if m["manager"] == "kubectl":
                self.assertNotIn("f:image", str(m["fieldsV1"]))

    def test_same_value_is_shared_without_conflict(self):
        self.apply(daemonset())
        status, _, live = self.apply(daemonset(), manager="other")
        self.assertEqual(status, 200)
        self.assertEqual(sorted(m["manager"] for m in live["metadata"]["managedFields"]), ["other", "planton-ds"])

    def test_conflicts_with_several_fields_and_appliers(self):
        self.apply(daemonset(labels={"team": "a"}), manager="other")
        status, _, body = self.apply(daemonset(image="fluentd:v2", labels={"team": "b"}))
        self.assertEqual(status, 409)
        self.assertEqual(body["message"], 'Apply failed with 2 conflicts: conflicts with "other":\n'
                                          '- .metadata.labels.team\n- ' + self.IMAGE)
        self.assertEqual([c["message"] for c in body["details"]["causes"]], ['conflict with "other"'] * 2)

    def test_dry_run_reports_conflicts_and_changes_nothing(self):
        self.apply(daemonset(), manager="other")
        revision = self.api.revision
        status, _, body = self.apply(daemonset(image="fluentd:v2"), dry_run=True)
        self.assertEqual(status, 409)
        status, _, would = self.apply(daemonset(image="fluentd:v2"), dry_run=True, force=True)
        self.assertEqual(status, 200)
        self.assertEqual(would["spec"]["template"]["spec"]["containers"][0]["image"], "fluentd:v2")
        self.assertEqual(would["metadata"]["generation"], 2)
        self.assertEqual(self.api.revision, revision)
        self.assertEqual(self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")["spec"]["template"]["spec"]
                         ["containers"][0]["image"], "fluentd:v1.16")


class DryRunTest(ApplyTestCase):
    def test_dry_run_create_returns_the_object_without_storing_it(self):
        revision = self.api.revision
        status, _, would = self.apply(configmap(), dry_run=True)
        self.assertEqual(status, 201)
        self.assertEqual(would["data"], {"fluent.conf": "hello"})
        self.assertNotIn("resourceVersion", would["metadata"])
        self.assertEqual(self.api.revision, revision)
        self.assertIsNone(self.api.get("v1", "ConfigMap", "fluentd-config", "logging"))

    def test_dry_run_delete_keeps_the_object(self):
        self.apply(configmap())
        status, _, body = self.http.request("DELETE", "/api/v1/namespaces/logging/configmaps/fluentd-config?dryRun=All")
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "Success")
        self.assertIsNotNone(self.api.get("v1", "ConfigMap", "fluentd-config", "logging"))


class ValidationTest(ApplyTestCase):
    def assertInvalid(self, obj, message, causes, kind="DaemonSet", group="apps"):
        status, _, body = self.apply(obj)
        self.assertEqual(status, 422, body)
        self.assertEqual(body["reason"], "Invalid")
        self.assertEqual(body["message"], message)
        details = {"name": obj["metadata"]["name"], "group": group, "kind": kind, "causes": causes}
        if not group:
            del details["group"]
        self.assertEqual(body["details"], details)

    def test_selector_is_immutable(self):
        self.apply(daemonset())
        changed = daemonset()
        changed["spec"]["selector"]["matchLabels"]["tier"] = "x"
        changed["spec"]["template"]["metadata"]["labels"]["tier"] = "x"
        value = ('v1.LabelSelector{MatchLabels:map[string]string{"app.kubernetes.io/name":"fluentd", "tier":"x"}, '
                 'MatchExpressions:[]v1.LabelSelectorRequirement(nil)}')
        self.assertInvalid(changed, 'DaemonSet.apps "fluentd" is invalid: spec.selector: Invalid value: %s: '
                                    'field is immutable' % value,
                           [{"reason": "FieldValueInvalid", "message": "Invalid value: %s: field is immutable" % value,
                             "field": "spec.selector"}])

    def test_selector_must_match_template_labels(self):
        obj = daemonset()
        obj["spec"]["template"]["metadata"]["labels"] = {"app": "other"}
        msg = 'Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`'
        self.assertInvalid(obj, 'DaemonSet.apps "fluentd" is invalid: spec.template.metadata.labels: ' + msg,
                           [{"reason": "FieldValueInvalid", "message": msg, "field": "spec.template.metadata.labels"}])

    def test_rolling_update_values(self):
        percent = ("a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or "
                   "'93%', regex used for validation is '[0-9]+%')")
        cases = [
            ({"maxUnavailable": "1"}, "spec.updateStrategy.rollingUpdate.maxUnavailable",
             'Invalid value: "1": ' + percent, "FieldValueInvalid"),
            ({"maxUnavailable": 0, "maxSurge": 0}, "spec.updateStrategy.rollingUpdate.maxUnavailable",
             "Required value: cannot be 0 when maxSurge is 0", "FieldValueRequired"),
            ({"maxUnavailable": 1, "maxSurge": "10%"}, "spec.updateStrategy.rollingUpdate.maxSurge",
             'Invalid value: "10%": may not be set when maxUnavailable is non-zero', "FieldValueInvalid"),
        ]
        for rolling, field, msg, reason in cases:
            with self.subTest(rolling):
                obj = daemonset(updateStrategy={"type": "RollingUpdate", "rollingUpdate": rolling})
                self.assertInvalid(obj, 'DaemonSet.apps "fluentd" is invalid: %s: %s' % (field, msg),
                                   [{"reason": reason, "message": msg, "field": field}])

    def test_names_and_containers(self):
        obj = daemonset()
        obj["spec"]["template"]["spec"]["containers"] = [{"name": "Fluentd"}]
        label = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                 "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                 "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
        causes = [
            {"reason": "FieldValueInvalid", "message": 'Invalid value: "Fluentd": ' + label,
             "field": "spec.template.spec.containers[0].name"},
            {"reason": "FieldValueRequired", "message": "Required value", "field": "spec.template.spec.containers[0].image"},
        ]
        self.assertInvalid(obj, 'DaemonSet.apps "fluentd" is invalid: [spec.template.spec.containers[0].name: '
                                'Invalid value: "Fluentd": %s, spec.template.spec.containers[0].image: Required value]'
                           % label, causes)
        cm = configmap()
        cm["metadata"]["name"] = "Bad_Name"
        status, _, body = self.apply(cm)
        self.assertEqual(status, 422)
        self.assertTrue(body["message"].startswith('ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: '
                                                   '"Bad_Name": a lowercase RFC 1123 subdomain must consist of'))
        self.assertNotIn("group", body["details"])

    def test_secret_data_must_be_base64(self):
        secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "logging"},
                  "data": {"token": "not base64!"}}
        status, _, body = self.apply(secret)
        self.assertEqual(status, 400)
        self.assertEqual(body["reason"], "BadRequest")
        self.assertEqual(body["message"], 'Secret in version "v1" cannot be handled as a Secret: '
                                          'illegal base64 data at input byte 3')
        secret["data"]["token"] = "c2VjcmV0"
        status, _, stored = self.apply(secret)
        self.assertEqual((status, stored["type"]), (201, "Opaque"))


class RequestErrorTest(ApplyTestCase):
    def test_namespace_must_exist(self):
        obj = configmap()
        obj["metadata"]["namespace"] = "missing"
        status, _, body = self.apply(obj)
        self.assertEqual(status, 404)
        self.assertEqual(body, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                "message": 'namespaces "missing" not found', "reason": "NotFound",
                                "details": {"name": "missing", "kind": "namespaces"}, "code": 404})

    def test_field_manager_is_required(self):
        status, _, body = self.http.request("PATCH", "/api/v1/namespaces/logging/configmaps/fluentd-config",
                                            configmap(), APPLY)
        self.assertEqual(status, 422)
        self.assertEqual(body["message"], 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: '
                                          "is required for apply patch")

    def test_body_must_match_the_url(self):
        obj = configmap()
        status, _, body = self.http.request(
            "PATCH", "/api/v1/namespaces/logging/configmaps/other?fieldManager=x", obj, APPLY)
        self.assertEqual(status, 400)
        self.assertEqual(body["message"], "the name of the object (fluentd-config) does not match the name on the URL "
                                          "(other)")
        status, _, body = self.http.request(
            "PATCH", "/api/v1/namespaces/logging/configmaps/fluentd-config?fieldManager=x", obj, "text/plain")
        self.assertEqual(status, 415)

    def test_other_managers_update_through_merge_patch_and_put(self):
        _, _, cm = self.apply(configmap())
        status, _, patched = self.http.request(
            "PATCH", "/api/v1/namespaces/logging/configmaps/fluentd-config", {"data": {"extra": "1"}},
            "application/merge-patch+json", headers={"User-Agent": "kubectl/v1.32.4 (linux/amd64)"})
        self.assertEqual(status, 200)
        managers = {(m["manager"], m["operation"]) for m in patched["metadata"]["managedFields"]}
        self.assertEqual(managers, {("planton-ds", "Apply"), ("kubectl", "Update")})
        put = copy.deepcopy(patched)
        put["data"]["extra"] = "2"
        status, _, replaced = self.http.request("PUT", "/api/v1/namespaces/logging/configmaps/fluentd-config?"
                                                       "fieldManager=kubectl-replace", put)
        self.assertEqual((status, replaced["data"]["extra"]), (200, "2"))
        put["metadata"]["resourceVersion"] = cm["metadata"]["resourceVersion"]
        status, _, body = self.http.request("PUT", "/api/v1/namespaces/logging/configmaps/fluentd-config", put)
        self.assertEqual((status, body["reason"]), (409, "Conflict"))

    def test_an_update_that_carries_managed_fields_writes_them(self):
        """FieldManager.Update: managedFields given in an update are used (csaupgrade's
        JSON patch moves client-side apply's fields that way); an update without them keeps
        the live ones; a stale resourceVersion in the patch is a 409."""
        status, _, created = self.http.request(
            "POST", "/api/v1/namespaces/logging/configmaps?fieldManager=kubectl-client-side-apply", configmap())
        self.assertEqual(status, 201)
        entries = created["metadata"]["managedFields"]
        self.assertEqual([(m["manager"], m["operation"]) for m in entries], [("kubectl-client-side-apply", "Update")])
        moved = copy.deepcopy(entries)
        moved[0].update({"manager": "planton-ds", "operation": "Apply"})
        patch = [{"op": "replace", "path": "/metadata/managedFields", "value": moved},
                 {"op": "replace", "path": "/metadata/resourceVersion", "value": created["metadata"]["resourceVersion"]}]
        path = "/api/v1/namespaces/logging/configmaps/fluentd-config"
        status, _, patched = self.http.request("PATCH", path + "?fieldManager=planton-ds", patch,
                                               "application/json-patch+json")
        self.assertEqual(status, 200)
        self.assertEqual([(m["manager"], m["operation"]) for m in patched["metadata"]["managedFields"]],
                         [("planton-ds", "Apply")])
        self.assertEqual(patched["metadata"]["managedFields"][0]["fieldsV1"], entries[0]["fieldsV1"])
        status, _, body = self.http.request("PATCH", path, patch, "application/json-patch+json")
        self.assertEqual((status, body["reason"]), (409, "Conflict"))
        # Now planton-ds's: applying without a field removes it.
        status, _, applied = self.apply(configmap(labels={"app": "fluentd"}, data={"other": "x"}))
        self.assertEqual(status, 200)
        self.assertEqual(applied["data"], {"other": "x"})
        # A merge patch without managedFields leaves them as they are, plus its own entry.
        status, _, edited = self.http.request("PATCH", path + "?fieldManager=kubectl-edit", {"data": {"e": "1"}},
                                              "application/merge-patch+json")
        self.assertEqual({(m["manager"], m["operation"]) for m in edited["metadata"]["managedFields"]},
                         {("planton-ds", "Apply"), ("kubectl-edit", "Update")})


if __name__ == "__main__":
    unittest.main()
