"""The admission plugins of kube-apiserver that decide whether a pod may be created, in
the order of the default plugin chain (pkg/kubeapiserver/options/plugins.go:
AllOrderedPlugins): first the mutating phase (ServiceAccount, Priority,
DefaultTolerationSeconds), on the object before its name is generated, then the
validating phase (PodSecurity, ResourceQuota), on the object with its generated name.

A refusal is `admission.NewForbidden` (k8s.io/apiserver/pkg/admission/errors.go): 403
`pods "<name>" is forbidden: <why>`, where <name> is the object's name, else its
generateName (mutating plugins run before the name is generated)."""
import copy
import random
import string

from . import errors, podsecurity, resources, warnings

POD = resources.by_kind("v1", "Pod")
NAMESPACE = resources.by_kind("v1", "Namespace")
SERVICE_ACCOUNT = resources.by_kind("v1", "ServiceAccount")
PRIORITY_CLASS = resources.by_kind("scheduling.k8s.io/v1", "PriorityClass")
RESOURCE_QUOTA = resources.by_kind("v1", "ResourceQuota")

TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
# Workload kinds whose pod template PodSecurity checks for warn and audit, never enforce
# (pod-security-admission/admission/admission.go: defaultPodSpecResources).
POD_CONTROLLER_KINDS = {"DaemonSet"}


def _forbidden(obj, message):
    meta = obj.get("metadata") or {}
    return errors.admission_forbidden("pods", "", meta.get("name") or meta.get("generateName") or "Unknown", message)


class Admission:
    def __init__(self, store, ensure_default_service_account=None):
        self.store = store
        # The ServiceAccount plugin retries a missing "default" service account for a
        # while, because the service account controller creates it right after the
        # namespace: this hook runs that controller's step for the namespace.
        self.ensure_default_service_account = ensure_default_service_account
        self.audit = []  # (namespace, name, audit annotation) of PodSecurity audit decisions
        self._random = random.Random(7)

    # ---- mutating phase (pod create) -----------------------------------------------------

    def mutate_pod_create(self, pod, namespace):
        self._service_account(pod, namespace)
        self._priority(pod)
        self._default_toleration_seconds(pod)

    def _service_account(self, pod, namespace):
        """plugin/pkg/admission/serviceaccount/admission.go: Admit."""
        spec = pod.setdefault("spec", {})
        if (pod["metadata"].get("annotations") or {}).get("kubernetes.io/config.mirror") is not None:
            return
        if not spec.get("serviceAccountName"):
            spec["serviceAccountName"] = spec.get("serviceAccount") or "default"
        name = spec["serviceAccountName"]
        account = self.store.peek(SERVICE_ACCOUNT, namespace, name)
        if account is None and name == "default" and self.ensure_default_service_account:
            self.ensure_default_service_account(namespace)
            account = self.store.peek(SERVICE_ACCOUNT, namespace, name)
        if account is None:
            raise _forbidden(pod, 'error looking up service account %s/%s: serviceaccount "%s" not found'
                             % (namespace, name, name))
        spec["serviceAccount"] = name  # the deprecated field mirrors the name (v1 conversion)
        automount = spec.get("automountServiceAccountToken")
        if automount is None:
            automount = account.get("automountServiceAccountToken")
        if automount is not False:
            self._mount_token(spec)
        if not spec.get("imagePullSecrets") and account.get("imagePullSecrets"):
            spec["imagePullSecrets"] = [{"name": s.get("name")} for s in account["imagePullSecrets"]]

    def _mount_token(self, spec):
        """mountServiceAccountToken: a projected volume with the bound token, the cluster CA
        and the namespace, mounted read-only in every container that has nothing there."""
        volume_name = "kube-api-access-" + "".join(self._random.choice(string.ascii_lowercase + "2456789")
                                                   for _ in range(5))
        needs = False
        for key in ("initContainers", "containers"):
            for c in spec.get(key) or []:
                if not isinstance(c, dict):
                    continue
                if any((m or {}).get("mountPath") == TOKEN_MOUNT_PATH for m in c.get("volumeMounts") or []):
                    continue
                c.setdefault("volumeMounts", []).append(
                    {"name": volume_name, "readOnly": True, "mountPath": TOKEN_MOUNT_PATH})
                needs = True
        if needs:
            spec.setdefault("volumes", []).append({"name": volume_name, "projected": {"sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1",
                                                                             "fieldPath": "metadata.namespace"}}]}}],
                "defaultMode": 420}})

    def _priority(self, pod):
        """plugin/pkg/admission/priority/admission.go: admitPod on create."""
        spec = pod["spec"]
        if spec.get("priorityClassName"):
            pc = self.store.peek(PRIORITY_CLASS, "", spec["priorityClassName"])
            if pc is None:
                raise _forbidden(pod, "no PriorityClass with name %s was found" % spec["priorityClassName"])
            priority, policy = pc.get("value", 0), pc.get("preemptionPolicy")
        else:
            defaults = [pc for pc in self.store.items(PRIORITY_CLASS) if pc.get("globalDefault")]
            if defaults:  # with several, the one of the lowest value
                pc = min(defaults, key=lambda p: p.get("value", 0))
                spec["priorityClassName"] = pc["metadata"]["name"]
                priority, policy = pc.get("value", 0), pc.get("preemptionPolicy")
            else:
                priority, policy = 0, "PreemptLowerPriority"
        if spec.get("priority") is not None and spec["priority"] != priority:
            raise _forbidden(pod, "the integer value of priority (%s) must not be provided in pod spec; priority "
                                  "admission controller computed %d from the given PriorityClass name"
                             % (spec["priority"], priority))
        spec["priority"] = priority
        if policy is not None:
            if spec.get("preemptionPolicy") is not None and spec["preemptionPolicy"] != policy:
                raise _forbidden(pod, "the string value of PreemptionPolicy (%s) must not be provided in pod spec; "
                                      "priority admission controller computed %s from the given PriorityClass name"
                                 % (spec["preemptionPolicy"], policy))
            spec["preemptionPolicy"] = policy

    @staticmethod
    def _default_toleration_seconds(pod):
        """plugin/pkg/admission/defaulttolerationseconds/admission.go: 300 s for the
        not-ready and unreachable NoExecute taints unless the pod tolerates them."""
        tolerations = pod["spec"].setdefault("tolerations", [])
        for key in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):
            if not any(t.get("key") in (key, None, "") and t.get("effect") in ("NoExecute", None, "")
                       for t in tolerations):
                tolerations.append({"key": key, "operator": "Exists", "effect": "NoExecute",
                                    "tolerationSeconds": 300})

    # ---- validating phase ----------------------------------------------------------------

    def validate(self, rtype, obj, old, subresource, dry_run):
        """PodSecurity then ResourceQuota, on the finished object of a create or update."""
        kind = rtype.kind
        if subresource:  # status and other subresources: ignored by both plugins
            return
        if kind == "Pod":
            self._pod_security_pod(obj, old)
            if old is None:
                self._resource_quota(obj, dry_run)
        elif kind in POD_CONTROLLER_KINDS:
            self._pod_security_controller(obj)
        elif kind == "Namespace":
            self._pod_security_namespace(obj, old)

    def _policy(self, namespace):
        ns = self.store.peek(NAMESPACE, "", namespace)
        return podsecurity.policy_for((ns or {}).get("metadata", {}).get("labels"))

    def _pod_security_pod(self, pod, old):
        if old is not None and not podsecurity.is_significant_pod_update(pod, old):
            return
        namespace = pod["metadata"].get("namespace", "")
        policy, errs = self._policy(namespace)
        if not errs and podsecurity.fully_privileged(policy):
            return
        refusal, texts, audit = podsecurity.evaluate_pod(policy, pod["metadata"], pod.get("spec"), True)
        self._audit(pod, audit)
        if refusal:
            raise _forbidden(pod, refusal)
        for text in texts:
            warnings.add(text)

    def _pod_security_controller(self, obj):
        namespace = obj["metadata"].get("namespace", "")
        policy, errs = self._policy(namespace)
        if not errs and policy["warn"].level == "privileged" and policy["audit"].level == "privileged":
            return
        template = (obj.get("spec") or {}).get("template") or {}
        _, texts, audit = podsecurity.evaluate_pod(policy, template.get("metadata") or {}, template.get("spec"),
                                                   False)
        self._audit(obj, audit)
        for text in texts:
            warnings.add(text)

    def _audit(self, obj, annotation):
        if annotation:
            meta = obj["metadata"]
            self.audit.append((meta.get("namespace", ""), meta.get("name") or meta.get("generateName"), annotation))

    def _pod_security_namespace(self, ns, old):
        """ValidateNamespace: labels must parse (on create, and on update when they
        changed); an enforce level made stricter is checked against the existing pods."""
        name = ns["metadata"]["name"]
        policy, errs = podsecurity.policy_for(ns["metadata"].get("labels"))
        if errs:
            old_errs = podsecurity.policy_for(old["metadata"].get("labels"))[1] if old is not None else None
            if old is None or not old_errs or old_errs != errs:
                raise errors.invalid("Namespace", "", name, [
                    errors.invalid_value("metadata.labels[%s]" % label, '"%s"' % value, detail)
                    for label, value, detail in errs])
        if old is None:
            return
        old_policy = podsecurity.policy_for(old["metadata"].get("labels"))[0]
        new, before = policy["enforce"], old_policy["enforce"]
        if new == before or new.level == "privileged":
            return
        if new.minor == before.minor and not podsecurity.stricter(new.level, before.level):
            return
        for text in podsecurity.pods_in_namespace_warnings(name, new, self.store.items(POD, name)):
            warnings.add(text)

    def _resource_quota(self, pod, dry_run):
        """plugin/pkg/admission/resourcequota/controller.go: checkRequest, for the object
        count of pods (`pods`, `count/pods`): a pod that would exceed a quota's hard limit
        is refused; an admitted one is added to the quota's used count at once (unless a
        dry run). A quota whose status the quota controller has not computed yet does not
        constrain anything."""
        namespace = pod["metadata"]["namespace"]
        phase = (pod.get("status") or {}).get("phase")
        if phase in ("Succeeded", "Failed"):
            return
        updates = []
        for quota in self.store.items(RESOURCE_QUOTA, namespace):
            status = quota.get("status") or {}
            hard, used = status.get("hard") or {}, status.get("used") or {}
            names = [n for n in ("count/pods", "pods") if n in hard]
            if not names:
                continue
            exceeded = [n for n in names if _quantity(used.get(n, "0")) + 1 > _quantity(hard[n])]
            if exceeded:
                raise _forbidden(pod, "exceeded quota: %s, requested: %s, used: %s, limited: %s" % (
                    quota["metadata"]["name"], _pretty({n: "1" for n in exceeded}),
                    _pretty({n: used.get(n, "0") for n in exceeded}), _pretty({n: hard[n] for n in exceeded})))
            updates.append((quota, {n: str(_quantity(used.get(n, "0")) + 1) for n in names}))
        if dry_run:
            return
        for quota, new_used in updates:
            stored = copy.deepcopy(quota)
            stored["status"].setdefault("used", {}).update(new_used)
            self.store.put(stored)


def _quantity(text):
    try:
        return int(str(text))
    except ValueError:
        return 0


def _pretty(values):
    """prettyPrint: name=value pairs sorted by name, joined by commas."""
    return ",".join("%s=%s" % (k, values[k]) for k in sorted(values))
