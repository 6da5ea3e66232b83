"""A local HTTPS Kubernetes API server for the end-to-end tests of planton-ds.

    from apiserver import ApiServer
    with ApiServer() as api:
        api.kubeconfig("/tmp/k", "admin")

See README.md for what it implements and how tests drive it."""
from .auth import Rule, User, default_users
from .kubelet import NodeSpec
from .server import ApiServer

__all__ = ["ApiServer", "NodeSpec", "Rule", "User", "default_users"]
