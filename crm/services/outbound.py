"""Outbound safety for department webhooks: http(s) only, and never into the CRM's own network.

A webhook URL is an address the CRM's servers will POST to, so an admin account (or whoever took
it over) could point it at the database, a cloud metadata service or an intranet page. Loopback,
link-local, private and other non-public addresses are refused unless CRM_ALLOW_PRIVATE_WEBHOOKS
is set (the tests and the demo receive webhooks on loopback). The URL is checked when it is saved
and again at every delivery: the check at delivery resolves the name and connects to the address
it checked, so a name that resolves to a public address when saved and to a private one later
(DNS rebinding) is still refused.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from typing import Optional
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

SCHEMES = ("http", "https")


class RefusedAddress(OSError):
    """The webhook's host is, or resolves to, an address the CRM does not send to."""


def private_allowed() -> bool:
    return bool(current_app.config.get("CRM_ALLOW_PRIVATE_WEBHOOKS"))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # is_global is False for loopback, link-local, private, shared (CGNAT), reserved and
    # documentation ranges; multicast is never a webhook receiver.
    return ip.is_global and not ip.is_multicast


def _addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise RefusedAddress(f"{host} cannot be resolved ({exc})") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def url_problem(url: str) -> Optional[str]:
    """Why the CRM will not send webhooks to `url`, or None when it will."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return _("is not a URL")
    if parts.scheme not in SCHEMES or not parts.hostname:
        return _("must be an http:// or https:// address, e.g. https://example.com/crm-hook")
    if private_allowed():
        return None
    try:
        refused = [a for a in _addresses(parts.hostname, port) if not is_public(a)]
    except RefusedAddress as exc:
        return str(exc)
    if refused:
        return _("points into a private network (%(addresses)s): the CRM only sends webhooks to public addresses "
                 "unless CRM_ALLOW_PRIVATE_WEBHOOKS=1", addresses=", ".join(refused))
    return None


def _connect_checked(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, *args, **kwargs):
    """socket.create_connection that resolves once and connects only to a public address it checked."""
    host, port = address
    if private_allowed():
        return socket.create_connection(address, timeout, source_address, *args, **kwargs)
    last_error: Optional[OSError] = None
    for family, kind, proto, _name, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if not is_public(sockaddr[0]):
            last_error = RefusedAddress(f"{host} resolves to {sockaddr[0]}, a private address")
            continue
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last_error = exc
    raise last_error or RefusedAddress(f"{host} has no address")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)
