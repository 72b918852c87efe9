"""Throttling with Flask-Limiter: logins per account and per address, API requests per token, survey answers.

The limits are settings in Flask-Limiter's notation (API.md, "Limits"), read at each request so a
test or a benchmark can raise them. A refused request answers 429 with `Retry-After`: the API's
error JSON, the login form with the reason next to the password, or the app's error page.
"""
from __future__ import annotations

import hashlib
import mmap
import multiprocessing
import struct
import time
from functools import lru_cache, partial

import flask_limiter
from flask import Flask, current_app, render_template, request
from flask_limiter import RateLimitExceeded, RequestLimit
from flask_limiter._limits import RuntimeLimit
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, Storage

API_SCOPE = "api"  # one budget per token across every endpoint (API.md, "Limits")
UNLIMITED_ENDPOINTS = frozenset({"api.openapi"})  # the document itself is never refused


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter, with the API's budget per token counted straight in the `limits` storage.

    Flask-Limiter resolves a request's limits anew each time (its blueprint's, the route's, the
    defaults, their exemptions, the setting's parse), which cost a screen-pop more than its SQL. The
    API has one shared limit (declared by limit_api, so `crm limiter limits` still lists it), so it is
    counted here directly, with what Flask-Limiter would use: the same key (prefix, token, scope
    "api"), the same storage and strategy (Redis shared between servers, the in-memory fallback
    while Redis is away, and its recovery), the same first-breach order, and the same
    RateLimitExceeded, answered 429 with Retry-After by too_many_requests. Every other request
    (logins, survey answers) goes through Flask-Limiter as before.
    """

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if request.blueprint != "api":
            return super()._check_request_limit(callable_name, in_middleware)
        if (request.endpoint in UNLIMITED_ENDPOINTS or not (self.enabled and self.initialized)
                or any(exempt() for exempt in self._request_filters)):
            return None
        args = [token_key(), API_SCOPE]
        if self._key_prefix:
            args.insert(0, self._key_prefix)
        try:
            self._count_api_request(args)
        except RateLimitExceeded:
            raise
        except Exception:
            if self._in_memory_fallback_enabled and not self._storage_dead:
                self.logger.warning("Rate limit storage unreachable - falling back to in-memory storage")
                self._storage_dead = True
                self._count_api_request(args)
            elif self._swallow_errors:
                self.logger.exception("Failed to rate limit. Swallowing error")
            else:
                raise
        return None

    def _count_api_request(self, args: list[str]) -> None:
        if self._storage_dead and self._fallback_limiter and self._Limiter__should_check_backend() \
                and self._storage and self._storage.check():
            self.logger.info("Rate limit storage recovered")
            self._storage_dead = False
            self._Limiter__check_backend_count = 0
        strategy = self.limiter  # the fallback's while the storage is away
        for item in api_limits(current_app.config["CRM_API_LIMIT"]):
            if not strategy.hit(item, *args):
                self.context.view_rate_limit = RequestLimit(self, item, args, True, True)
                raise RateLimitExceeded(RuntimeLimit(item, token_key, API_SCOPE, shared=True))


def limit_api(blueprint) -> None:
    """Declare the API's budget on its blueprint, as Flask-Limiter's own commands show it; the
    Limiter above counts it (the same setting, scope, key and exemption)."""
    from .extensions import limiter

    limiter.shared_limit(setting("CRM_API_LIMIT"), scope=API_SCOPE, key_func=token_key,
                         exempt_when=lambda: request.endpoint in UNLIMITED_ENDPOINTS)(blueprint)


@lru_cache(maxsize=32)
def api_limits(value: str) -> tuple[RateLimitItem, ...]:
    """The setting's limits in the order Flask-Limiter checks them (the first breach answers)."""
    return tuple(sorted(parse_many(value)))


LIMIT_SETTINGS = ("CRM_LOGIN_LIMIT", "CRM_LOGIN_ADDRESS_LIMIT", "CRM_API_LIMIT", "CRM_SURVEY_LIMIT")


def init_app(app: Flask) -> None:
    from .extensions import limiter

    # A limit that does not parse would be skipped at every request: refuse to start instead.
    for name in LIMIT_SETTINGS:
        try:
            parse_many(app.config[name])
        except ValueError as exc:
            raise RuntimeError(f"{name}={app.config[name]!r} is not a limit such as '5 per minute;20 per hour' "
                               f"({exc})") from None
    # Without Redis the counters live in memory shared by the workers of one server (made here, in the
    # master that `crm serve` forks them from), so a budget is one budget however many workers serve.
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("CRM_REDIS_URL") or f"{SharedMemoryStorage.SCHEME}://"
    # Redis gone away: count in this process's memory until it is back, never answer 500.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)  # a refused request is answered by too_many_requests (crm/error_handlers.py)
    _only_with_context(app, limiter)
    if getattr(limiter, "_fallback_storage", None) is not None:
        # Flask-Limiter makes the fallback a stock MemoryStorage (no setting chooses it): count there
        # with the same storage as without Redis.
        limiter._fallback_storage = QuietMemoryStorage()
        limiter._fallback_limiter = type(limiter._fallback_limiter)(limiter._fallback_storage)


def _only_with_context(app: Flask, limiter: Limiter) -> None:
    """Run Flask-Limiter's after-request and teardown hooks only for a request that made its context.

    The context (a request's breached limit, its conditional deductions) is made by the first hook
    that asks for it; the API's count (Limiter above) makes it only on a breach. A request without
    one has nothing to put in headers, deduct or release, yet each hook would make a context to find
    that out (~3 % of a gunicorn worker's CPU serving screen-pops, py-spy). Every request that made one goes through both as before.
    """
    from flask.globals import request_ctx

    def has_context() -> bool:
        return hasattr(request_ctx, "_limiter_request_context")

    after = app.after_request_funcs.get(None, [])
    for i, hook in enumerate(after):
        if isinstance(hook, partial) and hook.args and hook.args[0] is limiter:
            def inject_headers(response, _hook=hook):
                return _hook(response) if has_context() else response

            after[i] = inject_headers
    teardown = app.teardown_request_funcs.get(None, [])
    for i, hook in enumerate(teardown):
        if getattr(hook, "__self__", None) is limiter:
            def release_context(exc=None, _hook=hook):
                if has_context():
                    _hook(exc)

            teardown[i] = release_context


class QuietMemoryStorage(MemoryStorage):
    """limits' in-memory counters, tidied by the request that finds them untidied for a second.

    The stock memory storage starts a new timer thread whenever its last one has finished, which
    under steady traffic is nearly every request (~18 % of a screen-pop's CPU, and a wait for the
    thread to start). Reading a counter already drops it once its window has passed
    (`MemoryStorage.get`), so the timer only frees memory: the same tidying done inline at most once
    a second keeps the counts, the windows and the limits exactly as they were.
    """

    SCHEME = "crm-memory"
    STORAGE_SCHEME = [SCHEME]  # registered with limits under this scheme by its metaclass
    TIDY_EVERY = 1.0  # seconds

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()  # the one timer the base class starts at once
        self._tidied = time.monotonic()

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the base class's timer thread
        now = time.monotonic()
        if now - self._tidied >= self.TIDY_EVERY:
            self._tidied = now
            self._MemoryStorage__expire_events()


class SharedMemoryStorage(Storage):
    """Fixed-window counters in an anonymous shared memory map, for the workers forked from one master.

    `crm serve` creates the app, and so this storage, in its master before it forks the workers; the
    map (MAP_SHARED) and its lock (a process-shared semaphore) are inherited, so every worker counts
    in the same table and a token's budget is one budget with 1 worker or 16. A table of SLOTS
    fixed-size slots (the key's hash, count, expiry time), open addressing with at most PROBES slots
    per key; a slot whose window has passed is reused, and a full run of live slots gives up its
    soonest-expiring one (that key is counted afresh: never a refusal it did not earn). A key is
    known by Python's hash of it, keyed by the process's secret, which forked workers share (and a
    client cannot aim collisions at); 64 bits, so two live keys never share one in practice.
    Without a fork (tests, `flask run`) it is simply this process's memory; several servers share
    Redis instead (CRM_REDIS_URL). It costs a counted request no more than the per-process memory
    storage did (bench/limit_counters.py; bench/README.md, "Rate-limit counters shared by the workers").
    """

    SCHEME = "crm-shared"
    STORAGE_SCHEME = [SCHEME]  # registered with limits under this scheme by its metaclass
    SLOTS = 1 << 16  # 1.5 MiB: the keys live in a window (a minute, an hour): tokens, accounts, addresses
    PROBES = 32
    _SLOT = struct.Struct("<qqd")  # key's hash (0: never used), count, expires at (time.time())

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._map = mmap.mmap(-1, self.SLOTS * self._SLOT.size, flags=mmap.MAP_SHARED)
        self._lock = multiprocessing.get_context("fork").Lock()

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:  # pragma: no cover
        return ValueError

    @staticmethod
    def _id(key: str) -> int:
        return hash(key) or 1

    def _find(self, ident: int, now: float) -> tuple[int, int, float, bool]:
        """(offset, count, expires, found) of the key's slot, or of the slot it should take."""
        size, unpack, slots, table = self._SLOT.size, self._SLOT.unpack_from, self.SLOTS, self._map
        start = ident % slots
        held, count, expires = unpack(table, start * size)
        if held == ident:  # nearly always: the first slot
            return start * size, count, expires, True
        free, soonest, soonest_at = -1, -1, float("inf")
        for probe in range(self.PROBES):
            offset = ((start + probe) % slots) * size
            held, count, expires = unpack(table, offset)
            if held == ident:
                return offset, count, expires, True
            if held == 0:
                return (free if free >= 0 else offset), 0, 0.0, False
            if expires <= now and free < 0:
                free = offset
            if expires < soonest_at:
                soonest, soonest_at = offset, expires
        return (free if free >= 0 else soonest), 0, 0.0, False

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        ident = self._id(key)
        with self._lock:
            now = time.time()
            offset, count, expires, found = self._find(ident, now)
            if not found or expires <= now:
                count, expires = 0, now + expiry
            count += amount
            self._SLOT.pack_into(self._map, offset, ident, count, expires)
        return count

    def decr(self, key: str, amount: int = 1) -> int:
        ident = self._id(key)
        with self._lock:
            now = time.time()
            offset, count, expires, found = self._find(ident, now)
            if not found or expires <= now:
                return 0
            count = max(count - amount, 0)
            self._SLOT.pack_into(self._map, offset, ident, count, expires)
        return count

    def get(self, key: str) -> int:
        with self._lock:
            now = time.time()
            _, count, expires, found = self._find(self._id(key), now)
        return count if found and expires > now else 0

    def get_expiry(self, key: str) -> float:
        with self._lock:
            now = time.time()
            _, _, expires, found = self._find(self._id(key), now)
        return expires if found and expires > now else now

    def clear(self, key: str) -> None:
        ident = self._id(key)
        with self._lock:
            offset, _, _, found = self._find(ident, time.time())
            if found:  # kept as a passed window: the slot is reused, and later keys' runs stay whole
                self._SLOT.pack_into(self._map, offset, ident, 0, 0.0)

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with self._lock:
            now = time.time()
            live = sum(1 for i in range(self.SLOTS) if self._SLOT.unpack_from(self._map, i * self._SLOT.size)[2] > now)
            self._map[:] = bytes(len(self._map))
        return live


def setting(name: str):
    """A limit read from the app's config at request time."""
    return lambda: current_app.config[name]


def account_key() -> str:
    """The account a login names, however it is typed; unknown e-mails are counted just the same."""
    email = request.form.get("email", "")
    return "account:" + hashlib.sha256(email.strip().casefold().encode("utf-8", "replace")).hexdigest()


def token_key() -> str:
    """The bearer token of an API request (its digest: the counters never hold the secret)."""
    _, _, secret = request.headers.get("Authorization", "").partition(" ")
    if not secret.strip():
        return "address:" + (get_remote_address() or "")
    return "token:" + hashlib.sha256(secret.strip().encode("utf-8", "replace")).hexdigest()


def failed_login(response) -> bool:
    """Only a refused login counts against the account: a success answers with a redirect."""
    return response.status_code != 302


def retry_after() -> int:
    from .extensions import limiter

    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()))


def too_many_requests(exc: RateLimitExceeded):
    wait = retry_after()
    message = f"Too many attempts. Try again in {wait} seconds."
    if request.path.startswith("/api/"):
        from .api.errors import error_response

        response = error_response(429, "too_many_requests", f"Too many requests. Try again in {wait} seconds.")
    elif request.endpoint == "auth.login":
        from .services import accounts
        from .web.auth.routes import LoginForm

        accounts.record_throttled_login(request.form.get("email", ""))
        form = LoginForm()
        form.password.errors = [message]
        response = current_app.make_response((render_template("auth/login.html", form=form), 429))
    else:
        response = current_app.make_response(
            (render_template("error.html", status=429, message=message), 429))
    response.headers["Retry-After"] = str(wait)
    return response
