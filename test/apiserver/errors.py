"""Kubernetes `Status` bodies, worded as kube-apiserver words them
(k8s.io/apimachinery/pkg/api/errors), and the exception that carries them."""
import json


def status_body(code, reason, message, details=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason}
    if details:
        body["details"] = details
    body["code"] = code
    return body


def _details(name=None, group=None, kind=None, causes=None, retry_after=None):
    # Go's StatusDetails field order with omitempty.
    d = {}
    if name:
        d["name"] = name
    if group:
        d["group"] = group
    if kind:
        d["kind"] = kind
    if causes:
        d["causes"] = causes
    if retry_after:
        d["retryAfterSeconds"] = retry_after
    return d


def qualified(resource, group):
    """GroupResource.String(): "daemonsets.apps", "configmaps"."""
    return resource + "." + group if group else resource


class ApiError(Exception):
    def __init__(self, code, body, headers=None):
        super().__init__(body.get("message", ""))
        self.code = code
        self.body = body
        self.headers = headers or {}

    def to_json(self):
        return json.dumps(self.body)


def unauthorized():
    return ApiError(401, status_body(401, "Unauthorized", "Unauthorized"))


def forbidden(resource, group, name, user, verb, namespace, subresource=""):
    res = resource + ("/" + subresource if subresource else "")
    if namespace:
        why = 'User "%s" cannot %s resource "%s" in API group "%s" in the namespace "%s"' % (
            user, verb, res, group, namespace)
    else:
        why = 'User "%s" cannot %s resource "%s" in API group "%s" at the cluster scope' % (
            user, verb, res, group)
    qr = qualified(resource, group)
    msg = '%s "%s" is forbidden: %s' % (qr, name, why) if name else "%s is forbidden: %s" % (qr, why)
    return ApiError(403, status_body(403, "Forbidden", msg, _details(name, group, resource)))


def forbidden_path(user, verb, path):
    msg = 'forbidden: User "%s" cannot %s path "%s"' % (user, verb, path)
    return ApiError(403, status_body(403, "Forbidden", msg, _details()))


def not_found(resource, group, name):
    msg = '%s "%s" not found' % (qualified(resource, group), name)
    return ApiError(404, status_body(404, "NotFound", msg, _details(name, group, resource)))


def path_not_found():
    return ApiError(404, status_body(404, "NotFound", "the server could not find the requested resource",
                                     _details()))


def already_exists(resource, group, name):
    msg = '%s "%s" already exists' % (qualified(resource, group), name)
    return ApiError(409, status_body(409, "AlreadyExists", msg, _details(name, group, resource)))


def conflict_rv(resource, group, name):
    msg = ('Operation cannot be fulfilled on %s "%s": the object has been modified; '
           "please apply your changes to the latest version and try again") % (qualified(resource, group), name)
    return ApiError(409, status_body(409, "Conflict", msg, _details(name, group, resource)))


def bad_request(message):
    return ApiError(400, status_body(400, "BadRequest", message))


def method_not_allowed(message="the server does not allow this method on the requested resource"):
    return ApiError(405, status_body(405, "MethodNotAllowed", message, _details()))


def unsupported_media_type():
    msg = ("the body of the request was in an unknown format - accepted media types include: "
           "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
    return ApiError(415, status_body(415, "UnsupportedMediaType", msg))


def not_acceptable():
    return ApiError(406, status_body(406, "NotAcceptable", "only the following media types are accepted: "
                                     "application/json, application/yaml"))


class FieldError:
    """One field.Error: type is the cause reason (FieldValueInvalid, FieldValueRequired, ...)."""

    BODIES = {"FieldValueRequired": "Required value", "FieldValueForbidden": "Forbidden",
              "FieldValueInvalid": "Invalid value", "FieldValueNotSupported": "Unsupported value",
              "FieldValueDuplicate": "Duplicate value", "FieldValueNotFound": "Not found"}

    def __init__(self, kind, field, detail, bad_value=None, has_value=False):
        self.kind = kind
        self.field = field
        self.detail = detail
        self.bad_value = bad_value
        self.has_value = has_value

    def body(self):
        s = self.BODIES[self.kind]
        if self.has_value:
            s += ": " + self.bad_value
        if self.detail:
            s += ": " + self.detail
        return s

    def __str__(self):
        return "%s: %s" % (self.field, self.body())


def invalid_value(field, go_value, detail):
    """field.Invalid; go_value is the bad value already printed the way Go prints it."""
    return FieldError("FieldValueInvalid", field, detail, go_value, True)


def required(field, detail=""):
    return FieldError("FieldValueRequired", field, detail)


def forbidden_field(field, detail):
    return FieldError("FieldValueForbidden", field, detail)


def not_supported(field, go_value, valid):
    detail = "supported values: " + ", ".join('"%s"' % v for v in valid)
    return FieldError("FieldValueNotSupported", field, detail, go_value, True)


def invalid(kind, group, name, errors):
    """NewInvalid: 422 with one cause per field error; the message aggregates them."""
    causes = [{"reason": e.kind, "message": e.body(), "field": e.field} for e in errors]
    texts = []
    for e in errors:  # utilerrors.NewAggregate drops repeated messages
        if str(e) not in texts:
            texts.append(str(e))
    qk = kind + "." + group if group else kind
    if not texts:
        msg = '%s "%s" is invalid' % (qk, name)
    elif len(texts) == 1:
        msg = '%s "%s" is invalid: %s' % (qk, name, texts[0])
    else:
        msg = '%s "%s" is invalid: [%s]' % (qk, name, ", ".join(texts))
    return ApiError(422, status_body(422, "Invalid", msg, _details(name, group, kind, causes)))


def apply_conflict(causes, message):
    return ApiError(409, status_body(409, "Conflict", message, {"causes": causes}))


def too_many_requests(retry_after):
    return ApiError(429, status_body(429, "TooManyRequests", "Too many requests, please try again later.",
                                     _details(retry_after=retry_after)),
                    {"Retry-After": str(retry_after)})


def server_error(code):
    if code == 503:
        return ApiError(503, status_body(503, "ServiceUnavailable", "the server is currently unable to handle "
                                         "the request"))
    if code == 504:
        return ApiError(504, status_body(504, "Timeout", "the server was unable to return a response in the "
                                         "time allotted, but may still be processing the request"))
    if code == 502:
        return ApiError(502, status_body(502, "InternalError", "Bad Gateway"))
    return ApiError(code, status_body(code, "InternalError", "Internal error occurred: injected fault",
                                      {"causes": [{"message": "injected fault"}]}))


def admission_forbidden(resource, group, name, message):
    """admission.NewForbidden → apierrors.NewForbidden: `pods "x" is forbidden: <why>`."""
    msg = '%s "%s" is forbidden: %s' % (qualified(resource, group), name, message)
    return ApiError(403, status_body(403, "Forbidden", msg, _details(name, group, resource)))


def expired(message):
    """apierrors.NewResourceExpired: 410 with reason Expired."""
    return ApiError(410, status_body(410, "Expired", message))


def too_large_resource_version(requested, current):
    """storage.NewTooLargeResourceVersionError (errors.NewTimeoutError): 504, retry after 1 s."""
    return ApiError(504, status_body(504, "Timeout", "Timeout: Too large resource version: %d, current: %d" % (
        requested, current), {"causes": [{"reason": "ResourceVersionTooLarge",
                                          "message": "Too large resource version"}], "retryAfterSeconds": 1}))
