"""Authentication (client certificates, bearer tokens, basic auth) and a small RBAC-like
authorizer with per-user rules."""
import base64
import threading
from dataclasses import dataclass, field


@dataclass
class Rule:
    """Allows `verbs` on `resources` of `groups`. `namespaces` None means every namespace
    and the cluster scope; a list limits the rule to namespaced requests in those
    namespaces. "*" matches anything."""
    verbs: tuple = ("*",)
    groups: tuple = ("*",)
    resources: tuple = ("*",)
    namespaces: tuple = None

    def allows(self, verb, group, resource, namespace):
        if "*" not in self.verbs and verb not in self.verbs:
            return False
        if "*" not in self.groups and group not in self.groups:
            return False
        if "*" not in self.resources and resource not in self.resources:
            return False
        if self.namespaces is not None and (not namespace or namespace not in self.namespaces):
            return False
        return True


@dataclass
class User:
    name: str
    groups: tuple = ()
    token: str = None
    password: str = None
    rules: list = field(default_factory=list)
    token_expired: bool = False


READ_ONLY = [Rule(verbs=("get", "list", "watch"))]
EVERYTHING = [Rule()]


def default_users():
    """The users every server starts with (see README.md)."""
    return [
        User("admin", ("system:masters",), token="admin-token", password="admin-password", rules=EVERYTHING),
        User("deployer", ("deployers",), token="deployer-token", password="deployer-password",
             rules=[Rule(namespaces=("deployer-ns",)), Rule(verbs=("get", "list", "watch"))]),
        User("viewer", ("viewers",), token="viewer-token", password="viewer-password", rules=READ_ONLY),
        User("expired", (), token="expired-token", rules=EVERYTHING, token_expired=True),
    ]


class Authenticator:
    def __init__(self, users=None):
        self._lock = threading.Lock()
        self._users = {}
        for u in users if users is not None else default_users():
            self.add(u)

    def add(self, user):
        with self._lock:
            self._users[user.name] = user
        return user

    def remove(self, name):
        with self._lock:
            self._users.pop(name, None)

    def get(self, name):
        with self._lock:
            return self._users.get(name)

    def users(self):
        with self._lock:
            return list(self._users.values())

    def authenticate(self, headers, peer_subject):
        """The User a request acts as, or None (401). peer_subject is (cn, [o...]) of a verified
        client certificate, or None. A certificate user unknown to the table gets no rules
        (authenticated, but every request is forbidden) unless it is in system:masters."""
        header = headers.get("Authorization")
        if header:
            scheme, _, value = header.partition(" ")
            value = value.strip()
            with self._lock:
                users = list(self._users.values())
            if scheme.lower() == "bearer":
                for u in users:
                    if u.token and u.token == value:
                        return None if u.token_expired else u
                return None
            if scheme.lower() == "basic":
                try:
                    name, _, password = base64.b64decode(value).decode().partition(":")
                except Exception:
                    return None
                for u in users:
                    if u.name == name and u.password is not None and u.password == password:
                        return u
                return None
            return None
        if peer_subject:
            cn, orgs = peer_subject
            known = self.get(cn)
            if known is not None:
                return User(cn, tuple(orgs), rules=known.rules)
            rules = EVERYTHING if "system:masters" in orgs else []
            return User(cn, tuple(orgs), rules=rules)
        return None


def authorized(user, verb, group, resource, namespace):
    if "system:masters" in user.groups:
        return True
    return any(r.allows(verb, group, resource, namespace) for r in user.rules)
