"""Finding a customer during a call: by phone written any way, e-mail, account or name."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from babel.core import get_global
from flask import current_app, g, has_request_context
from flask_login import current_user
from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import ContactPoint, Customer, User
from ..text import fold
from .access import require_customer_access, require_lookup_access
from .contacts import looks_like_phone, normalize_account, normalize_email, try_normalize_phone
from .errors import InvalidInput

MIN_FRAGMENT = 3
NAME_CANDIDATES = 500  # matches ranked in Python for one name search; type more to narrow
# Regions a national-format number is also read in, so "never guess" can see the alternatives.
DEFAULT_PHONE_REGIONS = ("MY", "CZ", "FI", "RO", "GB")


@dataclass
class LookupResult:
    customers: list[Customer] = field(default_factory=list)

    @property
    def unique(self) -> Optional[Customer]:
        return self.customers[0] if len(self.customers) == 1 else None


def served_regions() -> tuple[str, ...]:
    """The regions phone_candidates reads a national number in: CRM_DEFAULT_REGION first, then the others."""
    default = current_app.config["CRM_DEFAULT_REGION"]
    return (default, *(r for r in current_app.config.get("CRM_PHONE_REGIONS", DEFAULT_PHONE_REGIONS) if r != default))


def phone_region(user: Optional[User]) -> str:
    """The region a national number typed by `user` is read in: the country of their team's time zone
    (Europe/Helsinki: FI) when it is one of the served regions the lookup reads numbers in, else
    CRM_DEFAULT_REGION. A number stored this way is the one the screen-pop finds for that caller."""
    zone = getattr(getattr(user, "team", None), "timezone", None)
    country = _ZONE_COUNTRIES.get(zone or "")
    regions = served_regions()
    return country if country in regions else regions[0]


_ZONE_COUNTRIES: dict[str, str] = get_global("zone_territories")  # Babel's CLDR data: zone → country


def acting_user() -> Optional[User]:
    """Who the request acts for: the API token's user, else the signed-in user; None outside one."""
    if not has_request_context():
        return None
    user = g.get("api_user")
    if user is None and current_user and current_user.is_authenticated:
        user = current_user._get_current_object()
    return user


def phone_candidates(raw: str) -> list[str]:
    """E.164 readings of a number: the default region's first, then the other served regions'."""
    default = current_app.config["CRM_DEFAULT_REGION"]
    others = tuple(r for r in current_app.config.get("CRM_PHONE_REGIONS", DEFAULT_PHONE_REGIONS) if r != default)
    return list(_readings(raw or "", default, others))


@lru_cache(maxsize=4096)
def _readings(raw: str, default: str, others: tuple[str, ...]) -> tuple[str, ...]:
    # Parsing a number in five regions costs ~0.5 ms; callers ring back, so remember the answer.
    digits = re.sub(r"[^\d+]", "", raw)
    regions = (default,) if digits.startswith(("+", "00")) else (default, *others)
    out: list[str] = []
    for region in regions:
        value = try_normalize_phone(raw, region)
        if value and value not in out:
            out.append(value)
    return tuple(out)


def _by_contact_values(values: list[str]) -> list[Customer]:
    # A NUL can be in no stored value, and PostgreSQL refuses it in a query parameter outright.
    values = [v for v in values if "\x00" not in v]
    if not values:
        return []
    rows = db.session.scalars(
        select(Customer).join(ContactPoint).where(ContactPoint.value.in_(values))
        .options(selectinload(Customer.contact_points))
    ).unique().all()
    return _live(rows)


def _live(customers) -> list[Customer]:
    """Drop erased customers, replace merged ones by their survivor, keep order, no repeats."""
    from .customers import resolve_merged

    out, seen = [], set()
    for c in customers:
        c = resolve_merged(c)
        if c.erased_at is None and c.id not in seen:
            seen.add(c.id)
            out.append(c)
    return out


def by_phone(raw: str) -> LookupResult:
    return LookupResult(_by_contact_values(phone_candidates(raw)))


def by_email(raw: str) -> LookupResult:
    try:
        value = normalize_email(raw)
    except ValueError:
        value = (raw or "").strip().casefold()
    return LookupResult(_by_contact_values([value]))


def by_account(raw: str) -> LookupResult:
    """The customer with this account number; a bare number (100001) also finds it written with
    one of the house prefixes (ACC-100001, setting CRM_ACCOUNT_PREFIXES), by the index, never a scan."""
    try:
        value = normalize_account(raw)
    except ValueError:
        return LookupResult()
    candidates = [value]
    if value.isdecimal():
        candidates += [f"{prefix}{value}" for prefix in account_prefixes()]
    return LookupResult(_live(db.session.scalars(select(Customer).where(Customer.account_number.in_(candidates)))))


def account_prefixes() -> list[str]:
    raw = current_app.config.get("CRM_ACCOUNT_PREFIXES", "ACC-")
    if isinstance(raw, str):
        raw = raw.split(",")
    return [p.strip().upper() for p in raw if p and p.strip()]


def lookup(actor: User, phone: str = "", email: str = "", account: str = "") -> LookupResult:
    """The screen-pop: exactly one of phone, email or account."""
    require_lookup_access(actor)
    given = {k: v for k, v in (("phone", phone), ("email", email), ("account", account)) if v and v.strip()}
    if len(given) != 1:
        raise InvalidInput({"phone": ["give exactly one of phone, email or account"]},
                           "Give exactly one of phone, email or account.")
    (kind, value), = given.items()
    return {"phone": by_phone, "email": by_email, "account": by_account}[kind](value)


def name_fragments(query: str) -> list[str]:
    return [t for t in re.split(r"[^\w]+", fold(query)) if len(t) >= MIN_FRAGMENT]


_WORDS = re.compile(r"[\s/'.,-]+")  # what separates the words of a name (_WORD_START: the same)


def _name_rank(name: str, words: list[str]) -> tuple:
    """Whole words first, then words that start with the fragment, then shorter names, then by name
    ("brien" is a whole word of "o'brien": see _WORDS)."""
    tokens = _WORDS.split(name)
    whole = sum(w in tokens for w in words)
    starts = sum(any(t.startswith(w) for t in tokens) for w in words)
    return (-whole, -starts, len(name), name)


def search_names(query: str, limit: int = 20) -> list[Customer]:
    """Customers whose name contains every ≥3-character word of the query, accents ignored.

    SQLite answers from an FTS5 trigram index, PostgreSQL from the word and suffix btree of
    customer_name_words (migration 0011).
    """
    words = name_fragments(query)
    if not words:
        return []
    if db.engine.dialect.name == "sqlite":
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        # bm25 ranking of trigram matches costs ~10 ms for a common fragment and says little
        # about names; take a bounded set of matches and rank them the way an agent expects.
        rows = db.session.execute(
            text("SELECT c.id, c.search_name FROM customer_name_fts f JOIN customers c ON c.id = f.rowid "
                 "WHERE customer_name_fts MATCH :m AND c.merged_into_id IS NULL AND c.erased_at IS NULL "
                 "LIMIT :cap"),
            {"m": match, "cap": NAME_CANDIDATES},
        ).all()
        ids = [row.id for row in sorted(rows, key=lambda row: _name_rank(row.search_name, words))[:limit]]
        if not ids:
            return []
        found = {c.id: c for c in db.session.scalars(select(Customer).where(Customer.id.in_(ids)))}
        return [found[i] for i in ids]
    return _postgres_names(words, limit)


# A query word starting a word of the name: at its start or after a space, "/", "'", ".", "," or "-"
# ("kumar" in "rajesh a/l kumar", "brien" in "o'brien"). The words are \w only (name_fragments), so they
# are literal in a regular expression; in LIKE, "_" is escaped.
_WORD_START = "(^|[ /'.,-])"
_LIVE = "merged_into_id IS NULL AND erased_at IS NULL"

# PostgreSQL (migration 0011): customer_name_words holds " word" for every word of a name and every
# suffix of its words, each at least MIN_FRAGMENT long, under a btree in byte order (COLLATE "C").
# The names in which a query word starts a word are the range [" nov", " now"); those containing it
# anywhere, ["ova", "ovb"). The longest query word is read from the index (fewest rows), the others
# are checked on the name.
_PG_NAMES = ("SELECT c.id, c.search_name FROM customer_name_words w JOIN customers c ON c.id = w.customer_id "
             "WHERE w.word >= :lo AND w.word < :hi AND c.merged_into_id IS NULL AND c.erased_at IS NULL{} "
             "LIMIT :cap")


# _WORDS for PostgreSQL's regular expressions: a query word as a whole word, or starting one.
_PG_SEP_BEFORE = "(^|[[:space:]/'.,-])"
_PG_SEP_AFTER = "($|[[:space:]/'.,-])"


def _prefix_range(prefix: str) -> tuple[str, str]:
    """The strings that start with `prefix`, in code point (= UTF-8 byte, COLLATE "C") order: [lo, hi)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _postgres_names(words: list[str], limit: int) -> list[Customer]:
    """PostgreSQL: the same order as SQLite (_name_rank), from at most NAME_CANDIDATES matches.

    Two bounded steps, each a range scan of customer_name_words' btree that stops after
    NAME_CANDIDATES rows however many names match: first names in which every query word starts a
    word, and only when those are fewer than `limit`, names that merely contain every word. A name
    of the second step ranks below every name of the first (fewer words started), so the page is
    what ranking all matches would give whenever the first step finds fewer than NAME_CANDIDATES;
    beyond that, type more to narrow.
    """
    lead = max(range(len(words)), key=lambda k: len(words[k]))
    others = [w for k, w in enumerate(words) if k != lead]
    params: dict = {"cap": NAME_CANDIDATES}
    for k, w in enumerate(others):
        params[f"s{k}"] = _WORD_START + w
        params[f"l{k}"] = "%" + w.replace("_", "\\_") + "%"
    starts = "".join(f" AND c.search_name ~ :s{k}" for k in range(len(others)))
    contains = "".join(f" AND c.search_name LIKE :l{k}" for k in range(len(others)))
    params["slo"], params["shi"] = _prefix_range(" " + words[lead])
    params["clo"], params["chi"] = _prefix_range(words[lead])
    params["page"] = limit
    # Both steps in one statement (one round trip): the second runs only when the first found fewer
    # than a page (an uncorrelated condition: PostgreSQL checks it once, before reading anything).
    # The candidates are ranked by the server as _name_rank ranks them (whole words, word starts,
    # length, name in code point order, then id as SQLite's rowid order), so only a page comes back.
    for k, w in enumerate(words):
        params[f"rw{k}"] = _PG_SEP_BEFORE + w + _PG_SEP_AFTER
        params[f"rs{k}"] = _PG_SEP_BEFORE + w
    whole = " + ".join(f"(search_name ~ :rw{k})::int" for k in range(len(words)))
    started = " + ".join(f"(search_name ~ :rs{k})::int" for k in range(len(words)))
    sql = ("WITH starts AS MATERIALIZED (" + _PG_NAMES.format(starts).replace(":lo", ":slo").replace(":hi", ":shi")
           + "), found AS (SELECT id, search_name FROM starts UNION ALL ("
           + _PG_NAMES.format(contains + " AND (SELECT count(DISTINCT id) FROM starts) < :page")
           .replace(":lo", ":clo").replace(":hi", ":chi") + ")) "
           f"SELECT id FROM (SELECT DISTINCT id, search_name FROM found) AS f ORDER BY {whole} DESC, {started} DESC, "
           'length(search_name), search_name COLLATE "C", id LIMIT :page')
    ids = list(db.session.scalars(text(sql), params))
    if not ids:
        return []
    found = {c.id: c for c in db.session.scalars(select(Customer).where(Customer.id.in_(ids)))}
    return [found[i] for i in ids]


def search(actor: User, query: str, limit: int = 20) -> list[Customer]:
    """Everything the search box accepts: exact identifiers first, then name matches."""
    require_customer_access(actor)
    query = (query or "").strip()
    if not query:
        return []
    exact: list[Customer] = []
    if "@" in query:
        exact += by_email(query).customers
    if looks_like_phone(query):
        exact += by_phone(query).customers
    exact += by_account(query).customers
    names = []
    if len(fold(query).strip()) >= MIN_FRAGMENT and not (exact and "@" in query):
        names = search_names(query, limit)
    out, seen = [], set()
    for c in exact + names:
        if c.id not in seen:
            seen.add(c.id)
            out.append(c)
    return out[:limit]


def searchable(q: str) -> bool:
    """A name word long enough to search, or a whole phone number, e-mail address or account number."""
    if name_fragments(q) or looks_like_phone(q):
        return True
    # Account numbers are written without spaces here, so "Ng Li" stays a (too short) name.
    checks = (normalize_email,) if any(ch.isspace() for ch in q) else (normalize_email, normalize_account)
    for normalise in checks:
        try:
            normalise(q)
            return True
        except ValueError:
            pass
    return False
