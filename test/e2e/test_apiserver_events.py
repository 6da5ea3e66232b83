"""The events of the test API server's controllers and its events API: the DaemonSet
controller's FailedCreate / SuccessfulCreate / SuccessfulDelete events as client-go's
event recorder writes them (counted, combined, rate limited), its backoff after failed
creates, the kubelet's image and crash-loop events, and LIST/WATCH of core/v1 events with
the field selectors kube-apiserver allows."""
import http.client
import json
import unittest
from urllib.parse import quote

from apiserver_fixture import SharedApiServerTestCase, daemonset_object

APPLY = "application/apply-patch+yaml"


def daemonset(name="fluentd", image=None, **pod_spec):
    return daemonset_object(name, image=image, **pod_spec)


class EventsTestCase(SharedApiServerTestCase):
    api_options = {"tick_interval": None}

    def setUp(self):
        super().setUp()
        self.http = self.api.client()
        self.ns = self.api.new_namespace("ev")

    def apply(self, obj):
        kind = "daemonsets" if obj["kind"] == "DaemonSet" else "serviceaccounts"
        prefix = "/apis/apps/v1" if obj["kind"] == "DaemonSet" else "/api/v1"
        status, _, body = self.http.request("PATCH", "%s/namespaces/%s/%s/%s?fieldManager=test" % (
            prefix, self.ns, kind, obj["metadata"]["name"]), obj, APPLY)
        self.assertIn(status, (200, 201), body)
        return body

    def events(self, reason=None):
        return self.api.events(self.ns, reason=reason)


class FailedCreateTest(EventsTestCase):
    def test_a_refused_pod_is_a_failed_create_event(self):
        ds = self.apply(daemonset(serviceAccountName="nope"))
        self.api.tick()
        [event] = self.events()
        self.assertRegex(event["metadata"]["name"], r"^fluentd\.[0-9a-f]+$")
        self.assertEqual(event["metadata"]["namespace"], self.ns)
        self.assertEqual(event["involvedObject"], {
            "kind": "DaemonSet", "namespace": self.ns, "name": "fluentd", "uid": ds["metadata"]["uid"],
            "apiVersion": "apps/v1", "resourceVersion": ds["metadata"]["resourceVersion"]})
        self.assertEqual({k: event[k] for k in ("reason", "message", "source", "count", "type", "eventTime",
                                                "reportingComponent", "reportingInstance")}, {
            "reason": "FailedCreate",
            "message": 'Error creating: pods "fluentd-" is forbidden: error looking up service account %s/nope: '
                       'serviceaccount "nope" not found' % self.ns,
            "source": {"component": "daemonset-controller"}, "count": 1, "type": "Warning", "eventTime": None,
            "reportingComponent": "daemonset-controller", "reportingInstance": ""})
        self.assertEqual(event["firstTimestamp"], event["lastTimestamp"])
        # the status says the generation was observed and no pod could be created
        self.assertEqual(self.api.daemonset_status("fluentd", self.ns), {
            "currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 2, "numberReady": 0,
            "observedGeneration": 1, "numberUnavailable": 2})
        self.assertEqual(self.api.pods(self.ns), [])

    def test_failed_creates_back_off(self):
        self.apply(daemonset(serviceAccountName="nope"))
        self.api.tick(30)  # 30 simulated seconds
        [event] = self.events()
        # workqueue.DefaultControllerRateLimiter: retry after 5 ms * 2^(failures-1). With a
        # tick a second: ticks 1-9 (delays up to 1.28 s), then 11 (2.56 s), 14 (5.12 s) and
        # 20 (10.24 s; the next is at 31): 12 attempts, one event counted 12 times. Each sync
        # tries one pod (slow start), not one per node.
        self.assertEqual(event["count"], 12)
        self.assertGreater(event["lastTimestamp"], "")

    def test_fixing_the_cause_and_touching_the_daemonset_creates_the_pods(self):
        self.apply(daemonset(serviceAccountName="agent"))
        self.api.tick(25)  # the last attempt was at tick 20, the next is due at 31
        self.apply({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "agent"}})
        self.api.tick()
        self.assertEqual(self.api.pods(self.ns), [])  # the controller does not watch service accounts
        fixed = daemonset(serviceAccountName="agent")
        fixed["metadata"]["annotations"] = {"fixed": "yes"}
        self.apply(fixed)  # any change to the DaemonSet syncs it at once
        self.api.tick()
        pods = sorted(p["metadata"]["name"] for p in self.api.pods(self.ns))
        self.assertEqual(len(pods), 2)
        created = sorted(e["message"] for e in self.events("SuccessfulCreate"))
        self.assertEqual(created, ["Created pod: " + name for name in pods])
        self.assertEqual({e["type"] for e in self.events("SuccessfulCreate")}, {"Normal"})

    def test_rolling_update_deletes_are_events(self):
        self.apply(daemonset())
        self.api.tick(2)
        old = {p["metadata"]["name"] for p in self.api.pods(self.ns)}
        self.apply(daemonset(image="fluentd:v2"))
        self.api.tick(6)
        deleted = {e["message"] for e in self.events("SuccessfulDelete")}
        self.assertEqual(deleted, {"Deleted pod: " + name for name in old})

    def test_more_than_ten_messages_are_combined(self):
        # Pod Security refusals name the generated pod: each message differs.
        self.http.request("PATCH", "/api/v1/namespaces/" + self.ns, {"metadata": {"labels": {
            "pod-security.kubernetes.io/enforce": "baseline"}}}, "application/merge-patch+json")
        self.apply(daemonset(hostPID=True))
        self.api.tick(30)
        events = self.events("FailedCreate")
        singles = [e for e in events if not e["message"].startswith("(combined")]
        combined = [e for e in events if e["message"].startswith("(combined from similar events): ")]
        self.assertEqual(len(singles), 9)
        self.assertEqual(len(combined), 1)
        self.assertRegex(combined[0]["message"], r'^\(combined from similar events\): Error creating: pods '
                                                 r'"fluentd-[a-z0-9]{5}" is forbidden: violates PodSecurity '
                                                 r'"baseline:latest": host namespaces \(hostPID=true\)$')
        self.assertEqual(combined[0]["count"], 3)  # attempts 10, 11 and 12
        self.assertEqual(combined[0]["reportingComponent"], "")


class KubeletEventsTest(EventsTestCase):
    def test_image_pull_failures(self):
        self.api.fail("*:missing", "ImagePullBackOff")
        self.apply(daemonset(image="fluentd:missing"))
        self.api.tick(4)
        pod = sorted(self.api.pods(self.ns), key=lambda p: p["spec"]["nodeName"])[0]
        events = [e for e in self.events() if e["involvedObject"]["kind"] == "Pod"
                  and e["involvedObject"]["name"] == pod["metadata"]["name"]]
        summary = [(e["type"], e["reason"], e["message"], e["count"]) for e in events]
        self.assertEqual(summary, [
            ("Normal", "Pulling", 'Pulling image "fluentd:missing"', 1),
            ("Warning", "Failed", 'Failed to pull image "fluentd:missing": failed to pull and unpack image '
                                  '"fluentd:missing": not found', 1),
            ("Warning", "Failed", "Error: ErrImagePull", 1),
            ("Normal", "BackOff", 'Back-off pulling image "fluentd:missing"', 1),
            ("Warning", "Failed", "Error: ImagePullBackOff", 1)])
        first = events[0]
        self.assertEqual(first["involvedObject"]["fieldPath"], "spec.containers{fluentd}")
        self.assertEqual(first["source"], {"component": "kubelet", "host": pod["spec"]["nodeName"]})
        self.assertEqual((first["reportingComponent"], first["reportingInstance"]),
                         ("kubelet", pod["spec"]["nodeName"]))

    def test_crash_loop_back_off(self):
        self.api.fail("fluentd:crash", "CrashLoopBackOff")
        self.apply(daemonset(image="fluentd:crash"))
        self.api.tick(5)
        [pod] = [p for p in self.api.pods(self.ns) if p["spec"]["nodeName"] == "worker-1"]
        [event] = [e for e in self.events("BackOff") if e["involvedObject"]["name"] == pod["metadata"]["name"]]
        self.assertEqual(event["message"], "Back-off restarting failed container fluentd in pod %s_%s(%s)" % (
            pod["metadata"]["name"], self.ns, pod["metadata"]["uid"]))
        self.assertEqual((event["type"], event["count"]), ("Warning", 3))


class EventsApiTest(EventsTestCase):
    def names(self, selector):
        status, _, body = self.http.request("GET", "/api/v1/namespaces/%s/events?fieldSelector=%s" % (
            self.ns, quote(selector)))
        self.assertEqual(status, 200, body)
        self.assertEqual(body["kind"], "EventList")
        return sorted(e["reason"] for e in body["items"])

    def test_field_selectors(self):
        ds = self.apply(daemonset(serviceAccountName="nope"))
        self.apply(daemonset(name="other"))
        self.api.tick(2)
        uid = ds["metadata"]["uid"]
        self.assertEqual(self.names("involvedObject.kind=DaemonSet,involvedObject.name=fluentd"), ["FailedCreate"])
        self.assertEqual(self.names("involvedObject.uid=" + uid), ["FailedCreate"])
        self.assertEqual(self.names("involvedObject.name=other,reason=SuccessfulCreate"),
                         ["SuccessfulCreate", "SuccessfulCreate"])
        self.assertEqual(self.names("type=Warning"), ["FailedCreate"])
        self.assertEqual(self.names("source=daemonset-controller,type!=Warning"),
                         ["SuccessfulCreate", "SuccessfulCreate"])
        self.assertEqual(self.names("involvedObject.namespace=%s,reportingComponent=daemonset-controller,"
                                    "involvedObject.apiVersion=apps/v1,reason=FailedCreate" % self.ns),
                         ["FailedCreate"])
        status, _, body = self.http.request("GET", "/api/v1/events?fieldSelector=" + quote("involvedObject.color=x"))
        self.assertEqual((status, body["reason"]), (400, "BadRequest"))

    def test_watch_with_a_field_selector(self):
        ds = self.apply(daemonset(serviceAccountName="nope"))
        revision = self.api.revision
        self.api.tick(3)
        conn = http.client.HTTPSConnection("127.0.0.1", self.api.server.port, context=self.http.context, timeout=5)
        conn.request("GET", "/api/v1/namespaces/%s/events?watch=1&timeoutSeconds=1&resourceVersion=%d&"
                            "fieldSelector=%s" % (self.ns, revision, quote("involvedObject.uid=" + ds["metadata"]["uid"])))
        lines = [json.loads(line) for line in conn.getresponse().read().decode().splitlines()]
        conn.close()
        self.assertEqual([(e["type"], e["object"]["reason"], e["object"]["count"]) for e in lines],
                         [("ADDED", "FailedCreate", 1), ("MODIFIED", "FailedCreate", 2),
                          ("MODIFIED", "FailedCreate", 3)])

    def test_kubectl_describe_shows_the_events(self):
        self.apply(daemonset(serviceAccountName="nope"))
        self.api.tick()
        proc = self.api.kubectl("get", "events", "-n", self.ns)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        header, row = proc.stdout.splitlines()[:2]
        self.assertEqual(header.split(), ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"])
        self.assertEqual(row.split()[1:5], ["Warning", "FailedCreate", "daemonset/fluentd", "Error"])
        proc = self.api.kubectl("describe", "daemonset", "fluentd", "-n", self.ns)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"Warning\s+FailedCreate\s+\S+\s+daemonset-controller\s+Error creating: "
                                      r'pods "fluentd-" is forbidden: error looking up service account')


class SpamFilterTest(SharedApiServerTestCase):
    api_options = {"tick_interval": None, "nodes": 300}

    def test_burst_of_creates_and_the_event_rate_limit(self):
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "big"}})
        self.api.apply(daemonset_object("fluentd", "big"))
        self.api.tick()
        # BurstReplicas: at most 250 creates per sync; the rest come with the next sync.
        self.assertEqual(len(self.api.pods("big")), 250)
        self.api.tick()
        self.assertEqual(len(self.api.pods("big")), 300)
        # Ten different messages with one reason are combined; a source may record 25 events
        # about an object, then one every 5 minutes: 9 events, then the combined one,
        # written 16 times (count 16) before the other creates are dropped.
        events = self.api.events("big", involved="fluentd", reason="SuccessfulCreate")
        self.assertEqual(len(events), 10)
        self.assertEqual([e["count"] for e in events], [1] * 9 + [16])
        self.assertTrue(events[-1]["message"].startswith("(combined from similar events): Created pod: fluentd-"))
        self.assertEqual(self.api.daemonset_status("fluentd", "big")["desiredNumberScheduled"], 300)


if __name__ == "__main__":
    unittest.main()
