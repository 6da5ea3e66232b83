"""The Pod Security Standards checks of the test API server, one case per rule, with the
reasons and details kube-apiserver's PodSecurity admission prints
(staging/src/k8s.io/pod-security-admission/policy/check_*.go), and the order of a
message's parts (policy/registry.go). No server is started: the checks are pure."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from apiserver import podsecurity  # noqa: E402
from apiserver.podsecurity import LevelVersion  # noqa: E402

BASELINE = LevelVersion("baseline")
RESTRICTED = LevelVersion("restricted")
# What a container needs to pass the restricted level.
HARDENED = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": True,
            "seccompProfile": {"type": "RuntimeDefault"}}


def spec(**fields):
    s = {"containers": [{"name": "app", "image": "app:1"}]}
    s.update(fields)
    return s


def container(name="app", **security):
    c = {"name": name, "image": name + ":1"}
    if security:
        c["securityContext"] = security
    return c


def detail(level, pod_spec, annotations=None):
    return podsecurity.forbidden_detail(podsecurity.evaluate(level, {"annotations": annotations or {}}, pod_spec))


class BaselineTest(unittest.TestCase):
    CASES = [
        ("nothing special", spec(), ""),
        ("privileged", spec(containers=[container(privileged=True), container("b", privileged=True)]),
         'privileged (containers "app", "b" must not set securityContext.privileged=true)'),
        ("privileged false is fine", spec(containers=[container(privileged=False)]), ""),
        ("host namespaces in field order", spec(hostIPC=True, hostPID=True, hostNetwork=True),
         "host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)"),
        ("hostPath volumes", spec(volumes=[{"name": "logs", "hostPath": {"path": "/var/log"}},
                                           {"name": "cfg", "configMap": {"name": "c"}},
                                           {"name": "proc", "hostPath": {"path": "/proc"}}]),
         'hostPath volumes (volumes "logs", "proc")'),
        ("host ports sorted as text",
         spec(containers=[{"name": "app", "image": "a", "ports": [{"containerPort": 80, "hostPort": 80},
                                                                  {"containerPort": 443, "hostPort": 443}]},
                          {"name": "b", "image": "b", "ports": [{"containerPort": 8443, "hostPort": 8443}]}]),
         'hostPort (containers "app", "b" use hostPorts 443, 80, 8443)'),
        ("one host port", spec(containers=[{"name": "app", "image": "a", "ports": [{"containerPort": 1,
                                                                                    "hostPort": 9100}]}]),
         'hostPort (container "app" uses hostPort 9100)'),
        ("capabilities beyond the default set",
         spec(containers=[container(capabilities={"add": ["NET_ADMIN", "CHOWN", "SYS_ADMIN"]})]),
         'non-default capabilities (container "app" must not include "NET_ADMIN", "SYS_ADMIN" in '
         "securityContext.capabilities.add)"),
        ("default capabilities are fine", spec(containers=[container(capabilities={"add": ["CHOWN", "KILL"]})]),
         ""),
        ("init containers are checked too", spec(initContainers=[container("init", privileged=True)]),
         'privileged (container "init" must not set securityContext.privileged=true)'),
        ("procMount", spec(containers=[container(procMount="Unmasked")]),
         'procMount (container "app" must not set securityContext.procMount to "Unmasked")'),
        ("procMount Default is fine", spec(containers=[container(procMount="Default")]), ""),
        ("seLinux type, user and role",
         spec(securityContext={"seLinuxOptions": {"type": "spc_t"}},
              containers=[container(seLinuxOptions={"user": "root", "role": "sysadm_r"})]),
         'seLinuxOptions (pod and container "app" set forbidden securityContext.seLinuxOptions: type "spc_t"; '
         "user may not be set; role may not be set)"),
        ("seLinux container_t is fine", spec(securityContext={"seLinuxOptions": {"type": "container_t"}}), ""),
        ("seccomp Unconfined", spec(securityContext={"seccompProfile": {"type": "Unconfined"}}),
         'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")'),
        ("sysctls", spec(securityContext={"sysctls": [{"name": "kernel.msgmax", "value": "1"},
                                                      {"name": "net.ipv4.tcp_rmem", "value": "4096"},
                                                      {"name": "vm.swappiness", "value": "1"}]}),
         "forbidden sysctls (kernel.msgmax, vm.swappiness)"),
        ("AppArmor field and annotation",
         spec(containers=[container(appArmorProfile={"type": "Unconfined"})]),
         'forbidden AppArmor profile (container "app" must not set AppArmor profile type to "Unconfined")'),
        ("windows hostProcess", spec(securityContext={"windowsOptions": {"hostProcess": True}}),
         "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)"),
        ("several checks in ID order (hostPath before hostPort before privileged)",
         spec(hostNetwork=True, volumes=[{"name": "root", "hostPath": {"path": "/"}}],
              containers=[{"name": "app", "image": "a", "securityContext": {"privileged": True},
                           "ports": [{"containerPort": 9100, "hostPort": 9100}]}]),
         'host namespaces (hostNetwork=true), hostPath volumes (volume "root"), hostPort (container "app" uses '
         'hostPort 9100), privileged (container "app" must not set securityContext.privileged=true)'),
    ]

    def test_checks(self):
        for name, pod_spec, expected in self.CASES:
            with self.subTest(name):
                self.assertEqual(detail(BASELINE, pod_spec), expected)

    def test_apparmor_annotations(self):
        annotations = {"container.apparmor.security.beta.kubernetes.io/app": "unconfined",
                       "container.apparmor.security.beta.kubernetes.io/b": "runtime/default"}
        # joinQuote does not escape: the %q-quoted value sits inside the outer quotes
        self.assertEqual(detail(BASELINE, spec(), annotations),
                         'forbidden AppArmor profile (annotation must not set AppArmor profile type to '
                         '"container.apparmor.security.beta.kubernetes.io/app="unconfined"")')

    def test_sysctls_follow_the_policy_version(self):
        keepalive = spec(securityContext={"sysctls": [{"name": "net.ipv4.tcp_keepalive_time", "value": "60"}]})
        self.assertEqual(detail(BASELINE, keepalive), "")
        self.assertEqual(detail(LevelVersion("baseline", 28), keepalive), "forbidden sysctls (net.ipv4.tcp_keepalive_time)")

    def test_privileged_level_allows_everything(self):
        self.assertEqual(podsecurity.evaluate(LevelVersion("privileged"), {}, spec(hostPID=True)), [])


class RestrictedTest(unittest.TestCase):
    CASES = [
        ("a hardened pod", spec(containers=[container(**HARDENED)]), ""),
        ("a plain pod", spec(),
         'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), '
         'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), '
         'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), '
         'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" '
         'or "Localhost")'),
        ("pod-level runAsNonRoot and seccomp cover the containers",
         spec(securityContext={"runAsNonRoot": True, "seccompProfile": {"type": "Localhost"}},
              containers=[container(allowPrivilegeEscalation=False, capabilities={"drop": ["ALL"]})]), ""),
        ("explicit runAsNonRoot=false wins over the pod",
         spec(securityContext={"runAsNonRoot": True},
              containers=[container(**dict(HARDENED, runAsNonRoot=False))]),
         'runAsNonRoot != true (container "app" must not set securityContext.runAsNonRoot=false)'),
        ("runAsUser 0", spec(securityContext={"runAsUser": 0}, containers=[container(**dict(HARDENED, runAsUser=0))]),
         'runAsUser=0 (pod and container "app" must not set runAsUser=0)'),
        ("capabilities: drop ALL, add only NET_BIND_SERVICE",
         spec(containers=[container(**dict(HARDENED, capabilities={"drop": ["NET_RAW"], "add": ["NET_ADMIN",
                                                                                                 "NET_BIND_SERVICE"]}))]),
         'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; '
         'container "app" must not include "NET_ADMIN" in securityContext.capabilities.add)'),
        ("volume types, the restricted check instead of hostPath volumes",
         spec(containers=[container(**HARDENED)],
              volumes=[{"name": "a", "hostPath": {"path": "/"}}, {"name": "b", "nfs": {"server": "x"}},
                       {"name": "c", "emptyDir": {}}, {"name": "d", "projected": {"sources": []}}]),
         'restricted volume types (volumes "a", "b" use restricted volume types "hostPath", "nfs")'),
        ("baseline violations come first",
         spec(hostPID=True, containers=[container(**dict(HARDENED, privileged=True))]),
         'host namespaces (hostPID=true), privileged (container "app" must not set '
         "securityContext.privileged=true)"),
        ("seccomp: a bad container value", spec(securityContext={"seccompProfile": {"type": "RuntimeDefault"}},
                                               containers=[container(**dict(HARDENED, seccompProfile={
                                                   "type": "Unconfined"}))]),
         'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")'),
    ]

    def test_checks(self):
        for name, pod_spec, expected in self.CASES:
            with self.subTest(name):
                self.assertEqual(detail(RESTRICTED, pod_spec), expected)

    def test_older_policy_versions_lack_newer_checks(self):
        # capabilities_restricted is a 1.22 check and runAsUser a 1.23 one: at v1.21 the
        # baseline capability check applies instead, and runAsUser=0 passes.
        pod = spec(containers=[container(allowPrivilegeEscalation=False, runAsNonRoot=True, runAsUser=0,
                                         seccompProfile={"type": "RuntimeDefault"},
                                         capabilities={"add": ["SYS_ADMIN"]})])
        self.assertEqual(detail(LevelVersion("restricted", 21), pod),
                         'non-default capabilities (container "app" must not include "SYS_ADMIN" in '
                         "securityContext.capabilities.add)")
        self.assertIn("runAsUser=0", detail(RESTRICTED, pod))


class PolicyTest(unittest.TestCase):
    def test_labels(self):
        policy, errors = podsecurity.policy_for({"pod-security.kubernetes.io/enforce": "baseline",
                                                 "pod-security.kubernetes.io/warn": "restricted",
                                                 "pod-security.kubernetes.io/warn-version": "v1.29"})
        self.assertEqual(errors, [])
        self.assertEqual([str(policy[m]) for m in ("enforce", "audit", "warn")],
                         ["baseline:latest", "privileged:latest", "restricted:v1.29"])

    def test_bad_labels_fail_closed_for_enforce_and_open_for_warn(self):
        policy, errors = podsecurity.policy_for({"pod-security.kubernetes.io/enforce": "strict",
                                                 "pod-security.kubernetes.io/warn": "strict",
                                                 "pod-security.kubernetes.io/audit-version": "1.2"})
        self.assertEqual((policy["enforce"].level, policy["warn"].level), ("restricted", "privileged"))
        self.assertEqual(errors, [
            ("pod-security.kubernetes.io/enforce", "strict", "must be one of privileged, baseline, restricted"),
            ("pod-security.kubernetes.io/audit-version", "1.2", 'must be "latest" or "v1.x"'),
            ("pod-security.kubernetes.io/warn", "strict", "must be one of privileged, baseline, restricted")])


if __name__ == "__main__":
    unittest.main()
