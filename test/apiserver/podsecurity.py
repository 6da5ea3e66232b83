"""Pod Security Admission: the namespace labels, the baseline and restricted checks of
the Pod Security Standards and the messages of kube-apiserver's PodSecurity plugin.

Written from staging/src/k8s.io/pod-security-admission:
- api/helpers.go: PolicyToEvaluate, ParseLevel, ParseVersion, LevelVersion.String;
- policy/check_*.go: one function per check below, with the same reasons and details;
- policy/registry.go: checks run baseline first, then restricted, each group sorted by
  check ID; a restricted check replaces the baseline check it overrides
  (restrictedVolumes → hostPathVolumes, capabilities_restricted → capabilities_baseline,
  seccompProfile_restricted → seccompProfile_baseline);
- policy/checks.go: AggregateCheckResult.ForbiddenDetail / ForbiddenReason;
- admission/admission.go: the enforce/warn/audit decisions and messages.
The policy version is capped at the server's (1.32), as the registry caps it at the
newest check version."""
import re

LEVELS = ("privileged", "baseline", "restricted")
MODES = ("enforce", "audit", "warn")
LABEL_PREFIX = "pod-security.kubernetes.io/"
SERVER_MINOR = 32  # the newest policy version this server evaluates ("latest")
_VERSION = re.compile(r"^v1\.([0-9]|[1-9][0-9]*)$")


# ---- policy from the namespace labels (api/helpers.go) --------------------------------------

class LevelVersion:
    __slots__ = ("level", "minor")  # minor None: "latest"

    def __init__(self, level="privileged", minor=None):
        self.level = level
        self.minor = minor

    def __eq__(self, other):
        return (self.level, self.minor) == (other.level, other.minor)

    def __hash__(self):
        return hash((self.level, self.minor))

    def __str__(self):
        return "%s:%s" % (self.level, "latest" if self.minor is None else "v1.%d" % self.minor)

    @property
    def effective_minor(self):
        return SERVER_MINOR if self.minor is None or self.minor > SERVER_MINOR else self.minor


def policy_for(labels):
    """(policy: {mode: LevelVersion}, errors: [(label, value, detail)]). Defaults are
    privileged:latest for every mode (the kube-apiserver's default configuration); an
    unparsable enforce level counts as restricted, unparsable audit/warn levels as
    privileged (fail open), unparsable versions as latest."""
    policy = {mode: LevelVersion() for mode in MODES}
    errors = []
    labels = labels or {}
    for mode in MODES:
        level_label, version_label = LABEL_PREFIX + mode, LABEL_PREFIX + mode + "-version"
        if level_label in labels:
            value = labels[level_label]
            if value in LEVELS:
                policy[mode].level = value
            else:
                policy[mode].level = "restricted" if mode == "enforce" else "privileged"
                errors.append((level_label, value, "must be one of %s" % ", ".join(LEVELS)))
        if version_label in labels:
            value = labels[version_label]
            m = _VERSION.match(value) if value != "latest" else None
            if value == "latest":
                policy[mode].minor = None
            elif m:
                policy[mode].minor = int(m.group(1))
            else:
                policy[mode].minor = None
                errors.append((version_label, value, 'must be "latest" or "v1.x"'))
    return policy, errors


def stricter(new, old):
    """api.CompareLevels(new, old) > 0."""
    return LEVELS.index(new) > LEVELS.index(old)


# ---- helpers (policy/helpers.go) ---------------------------------------------------------

def _join_quote(items):
    return '"' + '", "'.join(items) + '"' if items else ""


def _pluralize(singular, plural, count):
    return singular if count == 1 else plural


def _containers(spec):
    """visitContainers: init containers, containers, ephemeral containers."""
    for key in ("initContainers", "containers", "ephemeralContainers"):
        for c in spec.get(key) or []:
            if isinstance(c, dict):
                yield c


def _sc(c):
    sc = c.get("securityContext")
    return sc if isinstance(sc, dict) else {}


def _pod_sc(spec):
    sc = spec.get("securityContext")
    return sc if isinstance(sc, dict) else {}


def _setters(pod_bad, containers):
    setters = ["pod"] if pod_bad else []
    if containers:
        setters.append("%s %s" % (_pluralize("container", "containers", len(containers)), _join_quote(containers)))
    return setters


# ---- baseline checks ---------------------------------------------------------------------

def _app_armor_profile(meta, spec):
    # check_appArmorProfile.go (fields since 1.30 and the deprecated annotations)
    allowed_types = ("RuntimeDefault", "Localhost")
    bad_values, bad_containers, pod_bad = set(), [], False
    profile = _pod_sc(spec).get("appArmorProfile")
    if isinstance(profile, dict) and profile.get("type") not in allowed_types:
        pod_bad = True
        bad_values.add(profile.get("type") or "")
    for c in _containers(spec):
        profile = _sc(c).get("appArmorProfile")
        if isinstance(profile, dict) and profile.get("type") not in allowed_types:
            bad_containers.append(c.get("name", ""))
            bad_values.add(profile.get("type") or "")
    setters = _setters(pod_bad, bad_containers)
    forbidden = sorted('%s="%s"' % (k, v) for k, v in (meta.get("annotations") or {}).items()
                       if k.startswith("container.apparmor.security.beta.kubernetes.io/")
                       and not (v == "" or v == "runtime/default" or v.startswith("localhost/")))
    values = sorted(bad_values) + forbidden
    if forbidden:
        setters.append(_pluralize("annotation", "annotations", len(forbidden)))
    if setters:
        return (_pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", len(values)),
                "%s must not set AppArmor profile type to %s" % (" and ".join(setters), _join_quote(values)))
    return None


_BASELINE_CAPABILITIES = {"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
                          "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"}


def _capabilities_baseline(meta, spec):
    # check_capabilities_baseline.go
    bad_containers, caps = [], set()
    for c in _containers(spec):
        added = [a for a in (_sc(c).get("capabilities") or {}).get("add") or [] if a not in _BASELINE_CAPABILITIES]
        if added:
            bad_containers.append(c.get("name", ""))
            caps.update(added)
    if bad_containers:
        return ("non-default capabilities", "%s %s must not include %s in securityContext.capabilities.add" % (
            _pluralize("container", "containers", len(bad_containers)), _join_quote(bad_containers),
            _join_quote(sorted(caps))))
    return None


def _host_namespaces(meta, spec):
    # check_hostNamespaces.go
    found = ["%s=true" % f for f in ("hostNetwork", "hostPID", "hostIPC") if spec.get(f) is True]
    return ("host namespaces", ", ".join(found)) if found else None


def _host_path_volumes(meta, spec):
    # check_hostPathVolumes.go
    bad = [v.get("name", "") for v in spec.get("volumes") or [] if isinstance(v, dict) and v.get("hostPath") is not None]
    if bad:
        return ("hostPath volumes", "%s %s" % (_pluralize("volume", "volumes", len(bad)), _join_quote(bad)))
    return None


def _host_ports(meta, spec):
    # check_hostPorts.go
    bad_containers, ports = [], set()
    for c in _containers(spec):
        used = [p.get("hostPort") for p in c.get("ports") or [] if isinstance(p, dict) and p.get("hostPort")]
        if used:
            bad_containers.append(c.get("name", ""))
            ports.update(str(p) for p in used)
    if bad_containers:
        return ("hostPort", "%s %s %s %s %s" % (
            _pluralize("container", "containers", len(bad_containers)), _join_quote(bad_containers),
            _pluralize("uses", "use", len(bad_containers)), _pluralize("hostPort", "hostPorts", len(ports)),
            ", ".join(sorted(ports))))
    return None


def _privileged(meta, spec):
    # check_privileged.go
    bad = [c.get("name", "") for c in _containers(spec) if _sc(c).get("privileged") is True]
    if bad:
        return ("privileged", "%s %s must not set securityContext.privileged=true" % (
            _pluralize("container", "containers", len(bad)), _join_quote(bad)))
    return None


def _proc_mount(meta, spec):
    # check_procMount.go (user namespace relaxation is off by default)
    bad, types = [], set()
    for c in _containers(spec):
        mount = _sc(c).get("procMount")
        if mount is not None and mount != "Default":
            bad.append(c.get("name", ""))
            types.add(mount)
    if bad:
        return ("procMount", "%s %s must not set securityContext.procMount to %s" % (
            _pluralize("container", "containers", len(bad)), _join_quote(bad), _join_quote(sorted(types))))
    return None


def _se_linux_options(meta, spec):
    # check_seLinuxOptions.go
    allowed = ("", "container_t", "container_init_t", "container_kvm_t")
    state = {"types": set(), "user": False, "role": False}

    def valid(opts):
        ok = True
        if (opts.get("type") or "") not in allowed:
            ok = False
            state["types"].add(opts.get("type") or "")
        if opts.get("user"):
            ok, state["user"] = False, True
        if opts.get("role"):
            ok, state["role"] = False, True
        return ok

    opts = _pod_sc(spec).get("seLinuxOptions")
    pod_bad = isinstance(opts, dict) and not valid(opts)
    bad = [c.get("name", "") for c in _containers(spec)
           if isinstance(_sc(c).get("seLinuxOptions"), dict) and not valid(_sc(c)["seLinuxOptions"])]
    setters = _setters(pod_bad, bad)
    if not setters:
        return None
    data = []
    if state["types"]:
        data.append("%s %s" % (_pluralize("type", "types", len(state["types"])), _join_quote(sorted(state["types"]))))
    if state["user"]:
        data.append("user may not be set")
    if state["role"]:
        data.append("role may not be set")
    return ("seLinuxOptions", "%s set forbidden securityContext.seLinuxOptions: %s" % (
        " and ".join(setters), "; ".join(data)))


def _valid_seccomp(profile):
    return profile.get("type") in ("Localhost", "RuntimeDefault")


def _seccomp_profile_baseline(meta, spec, minor):
    # check_seccompProfile_baseline.go: annotations before 1.19, fields since
    if minor < 19:
        forbidden = set()
        annotations = meta.get("annotations") or {}
        ok = lambda v: v in ("runtime/default", "docker/default") or v.startswith("localhost/")  # noqa: E731
        key = "seccomp.security.alpha.kubernetes.io/pod"
        if key in annotations and not ok(annotations[key]):
            forbidden.add('%s="%s"' % (key, annotations[key]))
        for c in _containers(spec):
            key = "container.seccomp.security.alpha.kubernetes.io/" + c.get("name", "")
            if key in annotations and not ok(annotations[key]):
                forbidden.add('%s="%s"' % (key, annotations[key]))
        if forbidden:
            return ("seccompProfile", "forbidden %s %s" % (_pluralize("annotation", "annotations", len(forbidden)),
                                                           ", ".join(sorted(forbidden))))
        return None
    values = set()
    profile = _pod_sc(spec).get("seccompProfile")
    pod_bad = isinstance(profile, dict) and not _valid_seccomp(profile)
    if pod_bad:
        values.add(profile.get("type") or "")
    bad = []
    for c in _containers(spec):
        profile = _sc(c).get("seccompProfile")
        if isinstance(profile, dict) and not _valid_seccomp(profile):
            bad.append(c.get("name", ""))
            values.add(profile.get("type") or "")
    setters = _setters(pod_bad, bad)
    if setters:
        return ("seccompProfile", "%s must not set securityContext.seccompProfile.type to %s" % (
            " and ".join(setters), _join_quote(sorted(values))))
    return None


# check_sysctls.go: the allowed sysctls per policy version (1.0, 1.27, 1.29, 1.32), the
# same set the kubelet treats as safe (docs: tasks/administer-cluster/sysctl-cluster).
_SYSCTLS = [(0, {"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
                 "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"}),
            (27, {"net.ipv4.ip_local_reserved_ports"}),
            (29, {"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
                  "net.ipv4.tcp_keepalive_probes"}),
            (32, {"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"})]


def _sysctls(meta, spec, minor):
    allowed = set()
    for since, names in _SYSCTLS:
        if minor >= since:
            allowed |= names
    bad = [s.get("name", "") for s in _pod_sc(spec).get("sysctls") or []
           if isinstance(s, dict) and s.get("name") not in allowed]
    return ("forbidden sysctls", ", ".join(bad)) if bad else None


def _windows_host_process(meta, spec):
    # check_windowsHostProcess.go
    bad = [c.get("name", "") for c in _containers(spec)
           if (_sc(c).get("windowsOptions") or {}).get("hostProcess") is True]
    pod_bad = (_pod_sc(spec).get("windowsOptions") or {}).get("hostProcess") is True
    setters = _setters(pod_bad, bad)
    if setters:
        return ("hostProcess", "%s must not set securityContext.windowsOptions.hostProcess=true" % " and ".join(setters))
    return None


# ---- restricted checks -------------------------------------------------------------------

def _allow_privilege_escalation(meta, spec):
    # check_allowPrivilegeEscalation.go (1.8+)
    bad = [c.get("name", "") for c in _containers(spec) if _sc(c).get("allowPrivilegeEscalation") is not False]
    if bad:
        return ("allowPrivilegeEscalation != false", "%s %s must set securityContext.allowPrivilegeEscalation=false"
                % (_pluralize("container", "containers", len(bad)), _join_quote(bad)))
    return None


def _capabilities_restricted(meta, spec):
    # check_capabilities_restricted.go (1.22+)
    missing_drop, adding, caps = [], [], set()
    for c in _containers(spec):
        capabilities = _sc(c).get("capabilities")
        if not isinstance(capabilities, dict):
            missing_drop.append(c.get("name", ""))
            continue
        if "ALL" not in (capabilities.get("drop") or []):
            missing_drop.append(c.get("name", ""))
        added = [a for a in capabilities.get("add") or [] if a != "NET_BIND_SERVICE"]
        if added:
            adding.append(c.get("name", ""))
            caps.update(added)
    details = []
    if missing_drop:
        details.append('%s %s must set securityContext.capabilities.drop=["ALL"]' % (
            _pluralize("container", "containers", len(missing_drop)), _join_quote(missing_drop)))
    if adding:
        details.append("%s %s must not include %s in securityContext.capabilities.add" % (
            _pluralize("container", "containers", len(adding)), _join_quote(adding), _join_quote(sorted(caps))))
    return ("unrestricted capabilities", "; ".join(details)) if details else None


_RESTRICTED_VOLUME_TYPES = ["hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi",
                            "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile",
                            "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume",
                            "scaleIO", "storageos"]
_ALLOWED_VOLUME_TYPES = ("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
                         "projected", "secret")


def _restricted_volumes(meta, spec):
    # check_restrictedVolumes.go
    bad, types = [], set()
    for v in spec.get("volumes") or []:
        if not isinstance(v, dict) or any(v.get(t) is not None for t in _ALLOWED_VOLUME_TYPES):
            continue
        bad.append(v.get("name", ""))
        types.add(next((t for t in _RESTRICTED_VOLUME_TYPES if v.get(t) is not None), "unknown"))
    if bad:
        return ("restricted volume types", "%s %s %s %s %s" % (
            _pluralize("volume", "volumes", len(bad)), _join_quote(bad), _pluralize("uses", "use", len(bad)),
            _pluralize("restricted volume type", "restricted volume types", len(types)), _join_quote(sorted(types))))
    return None


def _run_as_non_root(meta, spec):
    # check_runAsNonRoot.go (the user namespace relaxation is off by default)
    pod_value = _pod_sc(spec).get("runAsNonRoot")
    pod_bad, pod_true = pod_value is False, pod_value is True
    explicit, implicit = [], []
    for c in _containers(spec):
        value = _sc(c).get("runAsNonRoot")
        if value is not None:
            if value is False:
                explicit.append(c.get("name", ""))
        elif not pod_true:
            implicit.append(c.get("name", ""))
    setters = _setters(pod_bad, explicit)
    if setters:
        return ("runAsNonRoot != true", "%s must not set securityContext.runAsNonRoot=false" % " and ".join(setters))
    if implicit:
        return ("runAsNonRoot != true", "pod or %s %s must set securityContext.runAsNonRoot=true" % (
            _pluralize("container", "containers", len(implicit)), _join_quote(implicit)))
    return None


def _run_as_user(meta, spec):
    # check_runAsUser.go (1.23+)
    pod_bad = _pod_sc(spec).get("runAsUser") == 0
    bad = [c.get("name", "") for c in _containers(spec) if _sc(c).get("runAsUser") == 0]
    setters = _setters(pod_bad, bad)
    if setters:
        return ("runAsUser=0", "%s must not set runAsUser=0" % " and ".join(setters))
    return None


def _seccomp_profile_restricted(meta, spec):
    # check_seccompProfile_restricted.go (1.19+)
    values, explicit, implicit = set(), [], []
    profile = _pod_sc(spec).get("seccompProfile")
    pod_bad = isinstance(profile, dict) and not _valid_seccomp(profile)
    pod_set = isinstance(profile, dict) and _valid_seccomp(profile)
    if pod_bad:
        values.add(profile.get("type") or "")
    for c in _containers(spec):
        profile = _sc(c).get("seccompProfile")
        if isinstance(profile, dict):
            if not _valid_seccomp(profile):
                explicit.append(c.get("name", ""))
                values.add(profile.get("type") or "")
        elif not pod_set:
            implicit.append(c.get("name", ""))
    setters = _setters(pod_bad, explicit)
    if setters:
        return ("seccompProfile", "%s must not set securityContext.seccompProfile.type to %s" % (
            " and ".join(setters), _join_quote(sorted(values))))
    if implicit:
        return ("seccompProfile", 'pod or %s %s must set securityContext.seccompProfile.type to "RuntimeDefault" '
                'or "Localhost"' % (_pluralize("container", "containers", len(implicit)), _join_quote(implicit)))
    return None


# (check ID, level, minimum policy minor, function, takes the minor, baseline check it overrides)
_CHECKS = [
    ("appArmorProfile", "baseline", 0, _app_armor_profile, False, None),
    ("capabilities_baseline", "baseline", 0, _capabilities_baseline, False, None),
    ("hostNamespaces", "baseline", 0, _host_namespaces, False, None),
    ("hostPathVolumes", "baseline", 0, _host_path_volumes, False, None),
    ("hostPorts", "baseline", 0, _host_ports, False, None),
    ("privileged", "baseline", 0, _privileged, False, None),
    ("procMount", "baseline", 0, _proc_mount, False, None),
    ("seLinuxOptions", "baseline", 0, _se_linux_options, False, None),
    ("seccompProfile_baseline", "baseline", 0, _seccomp_profile_baseline, True, None),
    ("sysctls", "baseline", 0, _sysctls, True, None),
    ("windowsHostProcess", "baseline", 0, _windows_host_process, False, None),
    ("allowPrivilegeEscalation", "restricted", 8, _allow_privilege_escalation, False, None),
    ("capabilities_restricted", "restricted", 22, _capabilities_restricted, False, "capabilities_baseline"),
    ("restrictedVolumes", "restricted", 0, _restricted_volumes, False, "hostPathVolumes"),
    ("runAsNonRoot", "restricted", 0, _run_as_non_root, False, None),
    ("runAsUser", "restricted", 23, _run_as_user, False, None),
    ("seccompProfile_restricted", "restricted", 19, _seccomp_profile_restricted, False, "seccompProfile_baseline"),
]


def evaluate(level_version, meta, spec):
    """The failed checks of a pod (its metadata and spec) at a level and version, in the
    registry's order: a list of (forbidden reason, forbidden detail)."""
    if level_version.level == "privileged":
        return []
    minor = level_version.effective_minor
    meta = meta if isinstance(meta, dict) else {}
    spec = spec if isinstance(spec, dict) else {}
    active = [c for c in _CHECKS if minor >= c[2] and (level_version.level == "restricted" or c[1] == "baseline")]
    overridden = {c[5] for c in active if c[5]} if level_version.level == "restricted" else set()
    results = []
    for check_id, _, _, fn, takes_minor, _ in active:
        if check_id in overridden:
            continue
        result = fn(meta, spec, minor) if takes_minor else fn(meta, spec)
        if result is not None:
            results.append(result)
    return results


def forbidden_detail(results):
    """AggregateCheckResult.ForbiddenDetail: `reason (detail), reason (detail)`."""
    return ", ".join("%s (%s)" % (r, d) if d else r for r, d in results)


def forbidden_reason(results):
    return ", ".join(r for r, _ in results)


# ---- admission decisions (admission/admission.go) --------------------------------------------

def evaluate_pod(policy, meta, spec, enforce):
    """(refusal message or None, warnings, audit annotation or None) for a pod (enforce=
    True) or a pod template of a workload (enforce=False: warn and audit only)."""
    refusal, warnings, audit = None, [], None
    cached = {}

    def results(lv):
        if lv not in cached:
            cached[lv] = evaluate(lv, meta, spec)
        return cached[lv]

    if enforce:
        failed = results(policy["enforce"])
        if failed:
            refusal = 'violates PodSecurity "%s": %s' % (policy["enforce"], forbidden_detail(failed))
    failed = results(policy["audit"])
    if failed:
        audit = 'would violate PodSecurity "%s": %s' % (policy["audit"], forbidden_detail(failed))
    if refusal is None:  # no warnings on a request that is refused anyway
        failed = results(policy["warn"])
        if failed:
            warnings.append('would violate PodSecurity "%s": %s' % (policy["warn"], forbidden_detail(failed)))
    return refusal, warnings, audit


def fully_privileged(policy):
    return all(policy[m].level == "privileged" for m in MODES)


def pods_in_namespace_warnings(namespace, enforce, pods):
    """EvaluatePodsInNamespace: the warnings of a namespace update that makes the enforce
    level stricter, for the existing pods that violate it (one per distinct violation,
    naming the first pod and how many others). Pods of one controller are checked after
    one of each controller (prioritizePods)."""
    first, rest, seen_controllers = [], [], set()
    for pod in pods:
        ref = next((r for r in pod["metadata"].get("ownerReferences") or [] if r.get("controller")), None)
        if ref is None:
            first.append(pod)
        elif ref.get("uid") in seen_controllers:
            rest.append(pod)
        else:
            seen_controllers.add(ref.get("uid"))
            first.append(pod)
    counts, order = {}, []
    for pod in (first + rest)[:3000]:
        failed = evaluate(enforce, pod["metadata"], pod.get("spec") or {})
        if not failed:
            continue
        warning = forbidden_reason(failed)
        name = pod["metadata"]["name"]
        if warning not in counts:
            counts[warning] = [name, 0]
            order.append(warning)
        elif name < counts[warning][0]:
            counts[warning][0] = name
        counts[warning][1] += 1
    warnings = []
    total = len(pods)
    if total > 3000:
        warnings.append("new PodSecurity enforce level only checked against the first 3000 of %d existing pods"
                        % total)
    if order:
        warnings.append('existing pods in namespace "%s" violate the new PodSecurity enforce level "%s"'
                        % (namespace, enforce))
    decorated = []
    for warning in order:
        name, count = counts[warning]
        if count == 1:
            decorated.append("%s: %s" % (name, warning))
        elif count == 2:
            decorated.append("%s (and 1 other pod): %s" % (name, warning))
        else:
            decorated.append("%s (and %d other pods): %s" % (name, count - 1, warning))
    return warnings + sorted(decorated)


def is_significant_pod_update(new, old):
    """isSignificantPodUpdate: only a change of containers, their images or the seccomp
    annotations makes PodSecurity evaluate a pod update again."""
    ns, os_ = new.get("spec") or {}, old.get("spec") or {}
    na, oa = new["metadata"].get("annotations") or {}, old["metadata"].get("annotations") or {}
    for key in ("containers", "initContainers"):
        a, b = ns.get(key) or [], os_.get(key) or []
        if len(a) != len(b):
            return True
        for x, y in zip(a, b):
            seccomp = "container.seccomp.security.alpha.kubernetes.io/" + (x.get("name") or "")
            if x.get("image") != y.get("image") or na.get(seccomp) != oa.get(seccomp):
                return True
    old_ephemeral = {c.get("name"): c for c in os_.get("ephemeralContainers") or []}
    for c in ns.get("ephemeralContainers") or []:
        if c.get("name") not in old_ephemeral or c.get("image") != old_ephemeral[c.get("name")].get("image"):
            return True
    return False
