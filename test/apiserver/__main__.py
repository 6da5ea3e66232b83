"""Standalone server: python3 test/apiserver --port 0 --state-dir DIR [--nodes N]

Writes DIR/kubeconfig (admin, client certificate), DIR/url and the kubeconfigs of the
other predefined users, prints the URL on stdout, and serves until killed. DIR/stats.json
(connections, TLS handshakes, requests) is written on SIGUSR1 and when the server stops."""
import argparse
import collections
import json
import os
import signal
import sys
import threading

# Import the package, not its modules as top-level ones (selection.py etc. must not shadow
# standard modules): the folder above the package replaces the package folder on the path.
sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from apiserver import kubelet  # noqa: E402
from apiserver.server import ApiServer  # noqa: E402
from apiserver.tls import Pki  # noqa: E402


def write_stats(server, path):
    """The server's counters as JSON, replaced atomically (a reader never sees half)."""
    stats = server.stats.snapshot()
    entries = server.log.entries()
    stats["requests"] = len(entries)
    stats["requests_by_method"] = dict(collections.Counter(e["method"] for e in entries))
    stats["bytes_sent"] = sum(e["header_bytes"] + e["bytes"] for e in entries)
    stats["watch_events_sent"] = sum(e.get("events", 0) for e in entries if e["watch"])
    with open(path + ".tmp", "w") as f:
        json.dump(stats, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(path + ".tmp", path)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 test/apiserver", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--state-dir", required=True, help="folder for certificates and kubeconfig files")
    parser.add_argument("--tick", type=float, default=0.2,
                        help="seconds between controller ticks (0: the controller never runs)")
    parser.add_argument("--seconds-per-tick", type=float, default=None,
                        help="simulated seconds per tick for minReadySeconds (default: --tick)")
    parser.add_argument("--fail", action="append", default=[], metavar="IMAGE=MODE[@CONTAINER]",
                        help="make containers whose image matches IMAGE (fnmatch) fail: ImagePullBackOff, "
                             "CrashLoopBackOff, NeverReady or another waiting reason; @CONTAINER: only containers "
                             "(init containers too) whose name matches (repeatable)")
    parser.add_argument("--nodes", type=int, default=None, metavar="N",
                        help="worker nodes besides the control-plane node (default 2)")
    parser.add_argument("--watch-window", type=int, default=None, metavar="EVENTS",
                        help="events kept per resource type for watches to resume from (default 10000)")
    parser.add_argument("--bookmark-interval", type=float, default=60.0, metavar="SECONDS",
                        help="seconds between watch bookmarks (default 60)")
    parser.add_argument("--min-request-timeout", type=float, default=1800.0, metavar="SECONDS",
                        help="a watch without timeoutSeconds ends after between this and twice this (default 1800)")
    parser.add_argument("--log-requests", action="store_true",
                        help="print each request on stderr (watches when they end, with their events and bytes)")
    args = parser.parse_args(argv)

    state = os.path.abspath(args.state_dir)
    os.makedirs(state, exist_ok=True)
    pki = Pki(os.path.join(state, "pki"))
    nodes = kubelet.many_nodes(args.nodes) if args.nodes is not None else None
    server = ApiServer(port=args.port, tick_interval=args.tick or None, pki=pki, nodes=nodes,
                       seconds_per_tick=args.seconds_per_tick or args.tick or 1.0, watch_window=args.watch_window,
                       bookmark_interval=args.bookmark_interval, min_request_timeout=args.min_request_timeout)
    for rule in args.fail:
        image, _, mode = rule.partition("=")
        mode, _, container = mode.partition("@")
        server.controller.fail(image, mode or "ImagePullBackOff", None, container or None)
    if args.log_requests:
        server.log.listeners.append(lambda e: print("%s %s %s %s %dB%s%s" % (
            e["method"], e["path"], e["status"], e["user"], e["header_bytes"] + e["bytes"],
            " watch events=%d %.1fs" % (e.get("events", 0), e["seconds"] or 0) if e["watch"] else "",
            " fault=" + e["fault"] if e["fault"] else ""), file=sys.stderr, flush=True))
    server.start()
    server.kubeconfig(os.path.join(state, "kubeconfig"), "admin", "cert")
    for user in server.auth.users():
        if user.token and not user.token_expired:
            server.kubeconfig(os.path.join(state, "kubeconfig-%s" % user.name), user, "token")
    with open(os.path.join(state, "url"), "w") as f:
        f.write(server.url + "\n")
    print(server.url, flush=True)

    done = threading.Event()
    snapshot = threading.Event()
    wake = threading.Event()

    def on_signal(flag):
        flag.set()
        wake.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: on_signal(done))
    signal.signal(signal.SIGUSR1, lambda *_: on_signal(snapshot))
    stats_path = os.path.join(state, "stats.json")
    while not done.is_set():
        # The handlers run during a timed wait and end it; the timeout is only a backstop,
        # so an idle server wakes once a second, not twenty times.
        wake.wait(1.0)
        wake.clear()
        if snapshot.is_set():
            snapshot.clear()
            write_stats(server, stats_path)
    server.stop()
    write_stats(server, stats_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
