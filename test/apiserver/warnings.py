"""The `Warning:` response headers of a request (k8s.io/apiserver/pkg/endpoints/filters/
warning.go): admission adds warnings while the request is handled; each distinct text is
written once as `299 - "text"` (k8s.io/apimachinery/pkg/util/net/http.go:
NewWarningHeader), and past 4096 characters in total every text is cut to 256."""
import threading

TRUNCATE_AT_TOTAL = 4 * 1024
TRUNCATE_ITEM = 256

_local = threading.local()


class Recorder:
    def __init__(self):
        self.texts = []

    def add(self, text):
        if text and text not in self.texts:
            self.texts.append(text)

    def headers(self):
        texts = self.texts
        if sum(len(t) for t in texts) > TRUNCATE_AT_TOTAL:
            texts, out, written = [t[:TRUNCATE_ITEM] for t in texts], [], 0
            for t in texts:  # once truncating, items are added until the total is reached
                if written >= TRUNCATE_AT_TOTAL:
                    break
                out.append(t)
                written += len(t)
            texts = out
        return ['299 - "%s"' % t.replace("\\", "\\\\").replace('"', '\\"') for t in texts]


def begin():
    """Starts collecting the warnings of the request handled by this thread."""
    _local.recorder = Recorder()
    return _local.recorder


def end():
    """The Warning header values of this thread's request, and stops collecting."""
    recorder = getattr(_local, "recorder", None)
    _local.recorder = None
    return recorder.headers() if recorder else []


def add(text):
    """Adds a warning to the current request (no-op outside a request, e.g. for the
    controllers' own writes)."""
    recorder = getattr(_local, "recorder", None)
    if recorder is not None:
        recorder.add(text)
