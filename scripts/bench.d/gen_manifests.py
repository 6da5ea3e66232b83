#!/usr/bin/env python3
"""Writes N varied, valid KubernetesDaemonSet manifests for the benchmarks.

    gen_manifests.py OUT_DIR [--count 2000] [--seed 1]

The same seed gives the same files. Each file holds one manifest (a few are stack
inputs) of 0.5-4 KB, like the examples: log collectors, exporters, network and
security agents with ports, probes, host path / config map / secret / empty dir
mounts, env variables and secret references, tolerations, update strategies, RBAC,
config maps and sidecars, written in snake_case or lowerCamelCase. Files are spread
over a few sub-folders, as in a repository of deployments. Python standard library
only (it writes YAML itself)."""
import argparse
import json
import os
import random
import re

AGENTS = [
    ("fluent-bit", "cr.fluentbit.io/fluent/fluent-bit", "logging"),
    ("fluentd", "fluent/fluentd-kubernetes-daemonset", "logging"),
    ("vector", "timberio/vector", "logging"),
    ("promtail", "grafana/promtail", "logging"),
    ("node-exporter", "quay.io/prometheus/node-exporter", "monitoring"),
    ("dd-agent", "gcr.io/datadoghq/agent", "datadog"),
    ("falco", "docker.io/falcosecurity/falco", "security"),
    ("calico-node", "docker.io/calico/node", "kube-system"),
    ("cilium-agent", "quay.io/cilium/cilium", "kube-system"),
    ("csi-node", "registry.k8s.io/sig-storage/csi-node-driver-registrar", "storage"),
    ("gpu-driver", "nvcr.io/nvidia/driver", "gpu-operator"),
    ("kube-proxy", "registry.k8s.io/kube-proxy", "kube-system"),
]
HOST_PATHS = ["/var/log", "/var/lib/docker/containers", "/proc", "/sys", "/etc/machine-id", "/run/xtables.lock",
              "/var/lib/kubelet", "/lib/modules", "/dev", "/var/run/calico", "/opt/cni/bin", "/etc/cni/net.d"]
HOST_PATH_TYPES = ["", "Directory", "DirectoryOrCreate", "File", "FileOrCreate"]
ENV_VALUES = {"LOG_LEVEL": ["info", "debug", "warn"], "CLUSTER_NAME": ["prod-eu-1", "staging"],
              "REGION": ["eu-west-1", "us-east-2"], "FLUSH_INTERVAL": ["1s", "5s"], "BUFFER_SIZE": ["32MB", 1048576],
              "HTTP_PORT": [2020, 8080], "METRICS_ENABLED": [True, False, "true"],
              "OUTPUT_HOST": ["aggregator.logging.svc", "10.0.0.12"], "OUTPUT_PORT": [24224, "9200"],
              "TLS_VERIFY": [True, "off"], "WORKERS": [2, 4], "NODE_NAME": ["$(NODE_NAME)"]}

_PLAIN = re.compile(r"[A-Za-z_/][A-Za-z0-9_./@%+-]*(:[A-Za-z0-9_./@%+-]+)*|[0-9]+(m|Ki|Mi|Gi|s)")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def emit(value, indent=0, out=None):
    """Block-style YAML of dicts, lists and scalars; multi-line strings as literal blocks."""
    out = [] if out is None else out
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and "\n" in item:
                out.append("%s%s: |\n" % (pad, key))
                out.extend("%s  %s\n" % (pad, line) if line else "\n" for line in item.rstrip("\n").split("\n"))
            elif isinstance(item, dict) and item:
                out.append("%s%s:\n" % (pad, key))
                emit(item, indent + 2, out)
            elif isinstance(item, list) and item and not all(isinstance(x, str) for x in item):
                out.append("%s%s:\n" % (pad, key))
                emit(item, indent + 2, out)
            elif isinstance(item, list):
                out.append("%s%s: [%s]\n" % (pad, key, ", ".join(scalar(x) for x in item)))
            elif isinstance(item, dict):
                out.append("%s%s: {}\n" % (pad, key))
            else:
                out.append("%s%s: %s\n" % (pad, key, scalar(item)))
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                lines = emit(item, indent + 2, [])
                out.append("%s- %s" % (pad, lines[0][indent + 2:]))
                out.extend(lines[1:])
            else:
                out.append("%s- %s\n" % (pad, scalar(item)))
    return out


class Spelling:
    """Field names in snake_case or lowerCamelCase; user data keys are never converted."""

    def __init__(self, camel):
        self.camel = camel

    def __call__(self, name):
        if not self.camel:
            return name
        head, *rest = name.split("_")
        return head + "".join(part.capitalize() for part in rest)


def resources(rng, k):
    cpu = rng.choice([50, 100, 200, 250, 500])
    mem = rng.choice([64, 128, 256, 512])
    return {"limits": {"cpu": "%dm" % (cpu * 2), "memory": "%dMi" % (mem * 2)},
            "requests": {"cpu": "%dm" % cpu, "memory": "%dMi" % mem}}


def manifest(rng, index):
    base, repo, namespace = rng.choice(AGENTS)
    k = Spelling(rng.random() < 0.4)
    name = "%s-%04d" % (base, index)
    app = {"image": {"repo": repo, "tag": "%d.%d.%d" % (rng.randint(0, 9), rng.randint(0, 40), rng.randint(0, 20))}}
    if rng.random() < 0.1:
        app["image"]["tag"] = "sha256:" + "".join(rng.choice("0123456789abcdef") for _ in range(64))
    if rng.random() < 0.2:
        app["image"][k("pull_secret_name")] = "registry-credentials"
    app["resources"] = resources(rng, k)

    ports = []
    for i, port in enumerate(rng.sample([2020, 8080, 9100, 9090, 24224, 8125, 5555], rng.randint(0, 3))):
        entry = {"name": "port-%d" % i, k("container_port"): port, k("network_protocol"): rng.choice(["TCP", "UDP"])}
        if rng.random() < 0.15:
            entry[k("host_port")] = port
        ports.append(entry)
    if ports:
        app["ports"] = ports

    env = {}
    variables = {n: rng.choice(ENV_VALUES[n]) for n in rng.sample(sorted(ENV_VALUES), rng.randint(0, 6))}
    if variables:
        env["variables"] = variables
    if rng.random() < 0.4:
        env["secrets"] = {"API_KEY": {k("secret_ref"): {"name": name + "-credentials", "key": "api-key"}}}
        if rng.random() < 0.5:
            env["secrets"]["TOKEN"] = "plain-token-%d" % index
    if env:
        app["env"] = env

    mounts = []
    for i, path in enumerate(rng.sample(HOST_PATHS, rng.randint(0, 4))):
        mount = {"name": "host-%d" % i, k("mount_path"): "/host" + path, k("read_only"): True}
        host_type = rng.choice(HOST_PATH_TYPES)
        if rng.random() < 0.5:
            mount[k("host_path")] = {"path": path, "type": host_type} if host_type else {"path": path}
        else:
            mount[k("host_path")] = path
            if host_type:
                mount[k("host_path_type")] = host_type
        mounts.append(mount)
    config_maps = {}
    if rng.random() < 0.5:
        cm = name + "-config"
        config_maps[cm] = "".join("[%s]\n    Name  %s\n    Level %d\n" % (section, rng.choice(["tail", "forward", "es"]), i)
                                  for i, section in enumerate(["SERVICE", "INPUT", "FILTER", "OUTPUT"][: rng.randint(1, 4)]))
        mounts.append({"name": "config", k("mount_path"): "/etc/" + base, k("read_only"): True,
                       k("config_map"): {"name": cm}})
    if rng.random() < 0.3:
        mounts.append({"name": "tls", k("mount_path"): "/etc/tls", k("read_only"): True,
                       "secret": {"name": name + "-tls", k("default_mode"): 0o644}})
    if rng.random() < 0.3:
        mounts.append({"name": "buffer", k("mount_path"): "/buffer", k("empty_dir"): {"medium": "Memory"}})
    if mounts:
        app[k("volume_mounts")] = mounts

    if ports and ports[0][k("network_protocol")] == "TCP":
        app[k("readiness_probe")] = {k("http_get"): {"path": "/ready", k("port_name"): ports[0]["name"]},
                                     k("period_seconds"): rng.choice([5, 10, 15])}
        app[k("liveness_probe")] = {k("tcp_socket"): {k("port_number"): ports[0][k("container_port")]},
                                    k("initial_delay_seconds"): 10}
    elif rng.random() < 0.7:
        app[k("readiness_probe")] = {"exec": {"command": ["cat", "/tmp/healthy"]}, k("period_seconds"): 10}
    if rng.random() < 0.3:
        app[k("security_context")] = {"privileged": True, "capabilities": {"drop": ["ALL"], "add": ["SYS_ADMIN"]}}
    elif rng.random() < 0.5:
        app[k("security_context")] = {k("read_only_root_filesystem"): True, k("run_as_non_root"): True,
                                      k("run_as_user"): 65534}
    if rng.random() < 0.3:
        app["args"] = ["--config=/etc/%s/%s.conf" % (base, base), "--log-level=info"]

    container = {"app": app}
    if rng.random() < 0.15:
        container["sidecars"] = [{"name": "reloader", "image": "ghcr.io/example/config-reloader:1.4.%d" % (index % 9),
                                  "resources": resources(rng, k),
                                  "env": [{"name": "WATCH_DIR", "value": "/etc/" + base}]}]

    spec = {"namespace": namespace if rng.random() < 0.6 else {"value": namespace}}
    if rng.random() < 0.3:
        spec[k("create_namespace")] = True
    spec["container"] = container
    if rng.random() < 0.7:
        spec[k("priority_class_name")] = "system-node-critical"
    spec["tolerations"] = rng.choice([
        [{"operator": "Exists"}],
        [{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}],
        [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
         {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}],
    ])
    if rng.random() < 0.3:
        spec[k("node_selector")] = {"kubernetes.io/os": "linux"}
    if rng.random() < 0.5:
        spec[k("update_strategy")] = {"type": "RollingUpdate", k("rolling_update"): rng.choice([
            {k("max_unavailable"): 1}, {k("max_unavailable"): "10%"}, {k("max_surge"): 1, k("max_unavailable"): 0}])}
    if config_maps:
        spec[k("config_maps")] = config_maps
    if rng.random() < 0.4:
        spec[k("create_service_account")] = True
        spec["rbac"] = {k("cluster_rules"): [{k("api_groups"): [""], "resources": ["pods", "nodes", "namespaces"],
                                              "verbs": ["get", "list", "watch"]}]}

    metadata = {"name": name, "labels": {"team": rng.choice(["platform", "observability", "security"]),
                                         "app.kubernetes.io/part-of": base}}
    if rng.random() < 0.3:
        metadata["env"] = rng.choice(["dev", "staging", "prod"])
    if any(p.get(k("host_port")) for p in ports):
        metadata["annotations"] = {"planton-ds.io/lint-ignore": "host-port"}
    document = {"apiVersion": "kubernetes.project-planton.org/v1",
                "kind": "KubernetesDaemonSet", "metadata": metadata, "spec": spec}
    if rng.random() < 0.05:
        document = {"target": document, "provider_config": {"digital_ocean_doks": {"kube_config": "apiVersion: v1\n"}}}
    return "# Generated by scripts/bench.d/gen_manifests.py (benchmark input).\n" + "".join(emit(document))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for index in range(args.count):
        folder = os.path.join(args.out_dir, ["team-a", "team-b", "team-c", "shared/agents"][index % 4])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "ds-%04d.yaml" % index), "w") as f:
            f.write(manifest(rng, index))


if __name__ == "__main__":
    main()
