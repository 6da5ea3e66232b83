"""Fault injection: rules that make the next N matching requests fail in a chosen way.

Kinds:
  status  answer `code` (500, 502, 503, 504) with a Status body
  429     answer 429 TooManyRequests with `Retry-After: retry_after`
  reset   close the connection without answering (TCP reset)
  delay   wait `delay` seconds, then answer normally
  hang    never answer; the connection stays open until the client gives up (or the
          server stops)
  close   (watch requests only) answer the watch, then end the stream after `delay`
          seconds (0: right after the initial events), as kube-apiserver ends a watch at
          its timeout or when it shuts down
"""
import threading
from dataclasses import dataclass


@dataclass
class Fault:
    kind: str
    count: int = 1
    method: str = None
    path_prefix: str = None
    code: int = 503
    retry_after: int = 1
    delay: float = 0.0
    hits: int = 0

    def matches(self, method, path, watch=False):
        if self.kind == "close" and not watch:
            return False
        if self.method and self.method.upper() != method.upper():
            return False
        if self.path_prefix and not path.startswith(self.path_prefix):
            return False
        return True


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []

    def add(self, kind, count=1, method=None, path_prefix=None, code=None, retry_after=1, delay=0.0):
        """Queues a fault for the next `count` requests that match method and path prefix
        (None matches all). kind: "status" (with code), 429, "reset", "delay", "hang",
        "close" (watches only)."""
        kind = str(kind)
        if kind.isdigit():
            code, kind = int(kind), ("429" if kind == "429" else "status")
        if kind not in ("status", "429", "reset", "delay", "hang", "close"):
            raise ValueError("unknown fault kind %r" % kind)
        fault = Fault(kind, count, method, path_prefix, code or 503, retry_after, delay)
        with self._lock:
            self._rules.append(fault)
        return fault

    def take(self, method, path, watch=False):
        """The fault the next request with this method and path gets, or None."""
        with self._lock:
            for rule in self._rules:
                if rule.count > 0 and rule.matches(method, path, watch):
                    rule.count -= 1
                    rule.hits += 1
                    return rule
        return None

    def clear(self):
        with self._lock:
            self._rules.clear()

    def pending(self):
        with self._lock:
            return sum(r.count for r in self._rules)
