"""Routing feedback to departments: rules by category, product pattern and keywords, and one fallback.

The departments themselves (create, edit, list) are administered in services/departments.py."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
import fnmatch
import hashlib
import re
from dataclasses import dataclass
from typing import Any, Literal, Optional, Sequence

from flask import current_app
from pydantic import ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..database import write_transaction
from ..extensions import db
from ..models import FEEDBACK_CATEGORIES, Customer, Department, Feedback, RoutingRule, User
from ..text import fold
from . import audit, outbox
from .access import require_customer_access, require_role
from .errors import FieldErrors, NotFound
from .validation import MAX_ID, NONBLANK_SCHEMA, Input, NonBlank, clean_text, clean_texts

FEEDBACK_SOURCES = ("agent", "classifier")

# Every item lands in exactly one department: the one a rule names, else the fallback department.
# Exactly one department is the fallback at any time; when none exists (a new database), routing
# makes this one rather than leave an item nowhere.
FALLBACK_SLUG = "general"
FALLBACK_NAME = "General feedback"

MAX_KEYWORDS = 50
MAX_KEYWORD = 100  # characters of one keyword or phrase
MAX_PATTERN = 200  # characters of a product pattern
MAX_PRIORITY = 10_000
_WORD = re.compile(r"\w+")
_KEYWORD_WORD = re.compile(r"\w+\*?")
_MIN_STEM = 3

# Words that say nothing about what an item is about, folded, in the languages of the articles.
# Dropping them (and numbers) lets "The box arrived crushed!" and "box crushed, arrived" share a group.
STOP_WORDS = frozenset("""
    the and but for with this that these those are was were been being has have had does did not
    you your yours our ours their they them she her him his its from into onto than then there
    what when which who whom why how very too also just again all any some can could would should
    will shall may might must about after before over under more most much such only own same
    yang dan dari ini itu saya kami kita anda dia mereka dengan untuk pada tidak ada sudah telah
    akan juga sangat lagi atau tetapi adalah nya tak boleh mahu hendak oleh kerana sebab
    jsem jsme jsou byl byla bylo byli ale jak ktery ktera ktere moje muj moji nam vam velmi uz
    jeste take tak jsi jste pro pri nebo kdyz aby jako ten tam tady
    olen olet oli olivat etta mutta tai kun niin myos hyvin minun minulla meidan tama tuo kuin
    viela ovat sen sita han heidan mina sina ole eika
    este sunt era fost care foarte dar sau meu mea mele noi eu lor din pentru iar cand cum unde
    acest aceasta asta fie avea avut
""".split())


@dataclass(frozen=True)
class Decision:
    """Where an item goes, the rule that decided (None: the fallback), and why, for people."""

    department: Department
    rule: Optional[RoutingRule]
    reason: str


# --- matching --------------------------------------------------------------------------------

def words(text: str) -> list[str]:
    return _WORD.findall(fold(text or ""))


def _keyword_words(keyword: str) -> tuple[str, ...]:
    return tuple(_KEYWORD_WORD.findall(fold(keyword)))


def _keyword_at(kw: tuple[str, ...], tokens: list[str], start: int) -> bool:
    if start + len(kw) > len(tokens):
        return False
    return all(token.startswith(word[:-1]) if word.endswith("*") else token == word
               for word, token in zip(kw, tokens[start:start + len(kw)]))


def matched_keyword(keywords: Sequence[str], tokens: list[str]) -> Optional[str]:
    """The first keyword (a word, a phrase, or a stem ending in "*") found among tokens."""
    for keyword in keywords:
        kw = _keyword_words(keyword)
        if kw and any(_keyword_at(kw, tokens, i) for i in range(len(tokens))):
            return keyword
    return None


def product_matches(pattern: str, product: Optional[str]) -> bool:
    """A glob ("Kettle*", "*mini*") over the product name, ignoring case and accents."""
    return bool(product) and fnmatch.fnmatchcase(fold(product.strip()), fold(pattern.strip()))


def rule_verdict(rule: RoutingRule, category: str, product: Optional[str], tokens: list[str]) -> Optional[str]:
    """Why `rule` claims the item (e.g. "category packaging, keyword 'crushed'"), or None."""
    reasons = []
    if rule.category:
        if rule.category != category:
            return None
        reasons.append(f"category {category}")
    if rule.product_pattern:
        if not product_matches(rule.product_pattern, product):
            return None
        reasons.append(f"product matches '{rule.product_pattern}'")
    if rule.keywords:
        keyword = matched_keyword(rule.keywords, tokens)
        if keyword is None:
            return None
        reasons.append(f"keyword '{keyword}'")
    return ", ".join(reasons) or None


def active_rules() -> list[RoutingRule]:
    """Active rules in the order they are tried: lower priority first, then the older rule."""
    return list(db.session.scalars(
        select(RoutingRule).options(joinedload(RoutingRule.department)).where(RoutingRule.active.is_(True))
        .order_by(RoutingRule.priority, RoutingRule.id)))


NO_RULE = "no rule matched: the fallback department"


def first_match(rules: Sequence[RoutingRule], category: str, product: Optional[str], text: str) -> Optional[Decision]:
    """The decision of the first rule (in the order given) that claims the item, or None."""
    tokens = words(text)
    for rule in rules:
        why = rule_verdict(rule, category, product, tokens)
        if why:
            return Decision(rule.department, rule, f"rule {rule.id} (priority {rule.priority}): {why}")
    return None


def decide(rules: Sequence[RoutingRule], category: str, product: Optional[str], text: str,
           fallback: Optional[Department] = None) -> Decision:
    """The first rule that claims the item, else the fallback department (made when missing)."""
    return first_match(rules, category, product, text) or Decision(fallback or fallback_department(), None, NO_RULE)


def group_key(category: str, text: str) -> str:
    """The key near-identical items share: category plus the sorted significant words, hashed.

    Case, accents, punctuation, word order, repeats, stop-words and numbers (order numbers,
    dates) are left out, so "The box arrived crushed!" and "box crushed, arrived" share a key.
    """
    significant = sorted({w for w in words(text) if len(w) > 2 and not w.isdigit() and w not in STOP_WORDS})
    if not significant:  # nothing but small words: keep them rather than lump every such item
        significant = sorted(set(words(text)))
    digest = hashlib.sha256(" ".join(significant).encode("utf-8")).hexdigest()
    return f"{category}:{digest[:48]}"


def route_feedback(items: Sequence[Feedback]) -> None:
    """Give each new item its department, rule and group, and write its deliveries to the outbox.

    Call inside the write transaction that adds the items, so the interaction, its feedback and
    the deliveries are stored together or not at all.
    """
    if not items:
        return
    rules = active_rules()
    db.session.flush()  # the items need ids for their deliveries' keys
    fallback = None
    for item in items:
        decision = decide(rules, item.category, item.product, item.text, fallback)
        if decision.rule is None:
            fallback = decision.department
        item.department = decision.department
        item.department_id = decision.department.id
        item.routing_rule_id = decision.rule.id if decision.rule else None
        item.group_key = group_key(item.category, item.text)
    db.session.flush()
    for item in items:
        outbox.enqueue_feedback_routed(item, item.department, db.session.get(Customer, item.customer_id))


def fallback_department() -> Department:
    """The fallback department; inside a write transaction, made (or taken over) when there is none."""
    dept = db.session.scalar(select(Department).where(Department.is_fallback.is_(True)).order_by(Department.id))
    if dept is not None:
        return dept
    dept = db.session.scalar(select(Department).where(Department.slug == FALLBACK_SLUG))
    if dept is None:
        dept = Department(slug=FALLBACK_SLUG, name=FALLBACK_NAME, emails=[])
        db.session.add(dept)
    dept.is_fallback = True
    db.session.flush()
    audit.record("department.fallback", "department", dept.id, actor_label="system", slug=dept.slug)
    return dept


def ensure_fallback_department() -> Department:
    """Make sure a fallback department exists (`crm init`, `crm demo`); safe to run again."""
    with write_transaction():
        return fallback_department()


# --- suggestions on the agent's form ------------------------------------------------------------

@dataclass(frozen=True)
class Suggestion:
    """Feedback the classifier heard, with where it would be routed, for the agent to confirm."""

    category: str
    text: str
    product: Optional[str]
    matched: tuple[str, ...]
    department: Department
    evidence: Optional[str] = None  # the customer's sentence that triggered it
    confidence: Optional[float] = None


def suggest_feedback(actor: User, summary: Any, transcript: Any, language: Any = None) -> list[Suggestion]:
    """Ask the classifier hook for feedback heard in the summary and transcript; stores nothing."""
    require_customer_access(actor)
    errors = FieldErrors()
    summary = clean_text(summary, "summary", errors, 100_000) or ""
    transcript = clean_text(transcript, "transcript", errors, 100_000) or ""
    language = clean_text(language, "language", errors, 8)
    errors.raise_if_any()
    hook = current_app.extensions["crm.plugins"].hook
    heard = hook.crm_classify_feedback(text="\n".join(t for t in (summary, transcript) if t),
                                       language=language) or []
    rules = active_rules()
    fallback = db.session.scalar(select(Department).where(Department.is_fallback.is_(True)))
    out, seen = [], set()
    for s in heard:
        if s.category not in FEEDBACK_CATEGORIES or (s.category, s.text) in seen:
            continue  # a plugin's unknown category cannot be stored; a repeat adds nothing
        seen.add((s.category, s.text))
        decision = _preview(rules, s.category, s.product, s.text, fallback)
        evidence = getattr(s, "evidence", None) or s.text
        out.append(Suggestion(s.category, s.text[:2000], s.product, tuple(s.matched), decision.department,
                              evidence[:2000], getattr(s, "confidence", None)))
    return out


def _preview(rules, category, product, text, fallback: Optional[Department]) -> Decision:
    """Like decide, without making a fallback department: previews store nothing."""
    # Where there is no fallback yet, the first item routed will make this one.
    dept = fallback or Department(slug=FALLBACK_SLUG, name=FALLBACK_NAME, emails=[], is_fallback=True)
    return first_match(rules, category, product, text) or Decision(dept, None, NO_RULE)


# --- routing rules (admin) ------------------------------------------------------------------------

class RoutingRuleInput(Input):
    """At least one of category, product_pattern and keywords."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["category"], "properties": {"category": {"enum": list(FEEDBACK_CATEGORIES)}}},
        {"required": ["product_pattern"], "properties": {"product_pattern": NONBLANK_SCHEMA}},
        {"required": ["keywords"], "properties": {"keywords": {"type": "array", "minItems": 1}}}]})

    department: NonBlank = Field(description="The department's slug.")
    category: Optional[Literal[FEEDBACK_CATEGORIES]] = None
    product_pattern: Optional[str] = Field(None, description="A glob over the product name, e.g. Kettle*.",
                                           max_length=MAX_PATTERN)
    keywords: Optional[list[str]] = Field(None, description="Words or phrases, any of which claims the item; `*` ends "
                                                            "a stem.", max_length=MAX_KEYWORDS)
    priority: Optional[int] = Field(100, ge=0, le=MAX_PRIORITY, description="Lower is tried first.")


def _check_keywords(raw: Any, errors: FieldErrors) -> list[str]:
    out = []
    for text in clean_texts(raw, "keywords", errors, MAX_KEYWORD, _("must be a list of words or phrases")):
        if re.search(r"\*\w|(?<!\w)\*", fold(text)):
            errors.add("keywords", _("%(text)r: '*' may only end a word, as in 'packag*'", text=text))
        elif not _keyword_words(text):
            errors.add("keywords", _('%(text)r has no letters or digits', text=text))
        elif any(w.endswith("*") and len(w) - 1 < _MIN_STEM for w in _keyword_words(text)):
            errors.add("keywords", _("%(text)r: a stem needs at least %(MIN_STEM)s letters before '*'", text=text, MIN_STEM=_MIN_STEM))
        elif text not in out:
            out.append(text)
    if len(out) > MAX_KEYWORDS:
        errors.add("keywords", _('must be at most %(MAX_KEYWORDS)s words or phrases', MAX_KEYWORDS=MAX_KEYWORDS))
    return out


def _priority(raw: Any, errors: FieldErrors) -> int:
    if raw in (None, ""):
        return 100
    if isinstance(raw, bool):
        errors.add("priority", _("must be a whole number"))
        return 100
    try:
        number = int(raw.strip()) if isinstance(raw, str) else int(raw)
        if isinstance(raw, float) and raw != number:
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        errors.add("priority", _("must be a whole number"))
        return 100
    if not 0 <= number <= MAX_PRIORITY:
        errors.add("priority", _('must be between 0 and %(MAX_PRIORITY)s (lower is tried first)', MAX_PRIORITY=MAX_PRIORITY))
    return number


def _department_by_slug(slug: Any, errors: FieldErrors, name: str = "department") -> Optional[Department]:
    text = clean_text(slug, name, errors, 60)
    if text is None:
        if name not in errors.fields:
            errors.add(name, _("is required: a department's slug"))
        return None
    dept = db.session.scalar(select(Department).where(Department.slug == text.lower()))
    if dept is None:
        errors.add(name, _('no department %(text)r', text=text))
    return dept


def validate_rule(data: RoutingRuleInput) -> tuple[Optional[Department], dict]:
    """Check every field of a rule, collecting every reason before raising."""
    errors = FieldErrors()
    dept = _department_by_slug(data.department, errors)
    category = clean_text(data.category, "category", errors, 20)
    if category is not None and category not in FEEDBACK_CATEGORIES:
        errors.add("category", _('must be one of %(choices)s, or empty for any', choices=', '.join(FEEDBACK_CATEGORIES)))
    pattern = clean_text(data.product_pattern, "product_pattern", errors, MAX_PATTERN)
    keywords = _check_keywords(data.keywords, errors)
    priority = _priority(data.priority, errors)
    if not (category or pattern or keywords or errors.fields.keys() & {"category", "product_pattern", "keywords"}):
        errors.add("category", _("a rule needs a category, a product pattern or keywords; "
                               "what no rule claims goes to the fallback department"))
    errors.raise_if_any()
    return dept, {"category": category, "product_pattern": pattern, "keywords": keywords, "priority": priority}


def list_rules(actor: User) -> list[RoutingRule]:
    require_role(actor, "admin", why=_l("Only an admin manages routing rules."))
    return list(db.session.scalars(
        select(RoutingRule).options(joinedload(RoutingRule.department))
        .order_by(RoutingRule.priority, RoutingRule.id)))


def create_rule(data: RoutingRuleInput, actor: User) -> RoutingRule:
    require_role(actor, "admin", why=_l("Only an admin manages routing rules."))
    dept, fields = validate_rule(data)
    with write_transaction():
        rule = RoutingRule(department_id=dept.id, active=True, **fields)
        db.session.add(rule)
        db.session.flush()
        audit.record("routing_rule.create", "routing_rule", rule.id, actor=actor, department=dept.slug, **fields)
    return db.session.get(RoutingRule, rule.id)


def delete_rule(rule_id: int, actor: User) -> None:
    require_role(actor, "admin", why=_l("Only an admin manages routing rules."))
    with write_transaction():
        rule = db.session.get(RoutingRule, rule_id) if 1 <= rule_id <= MAX_ID else None
        if rule is None:
            raise NotFound(_('No routing rule %(rule_id)s.', rule_id=rule_id))
        audit.record("routing_rule.delete", "routing_rule", rule.id, actor=actor,
                     department=rule.department.slug, category=rule.category,
                     product_pattern=rule.product_pattern, keywords=list(rule.keywords or []),
                     priority=rule.priority)
        db.session.delete(rule)


def try_routing(actor: User, category: Any, product: Any, text: Any) -> Decision:
    """Where a sample item would go and which rule would decide; stores nothing."""
    require_role(actor, "admin", why=_l("Only an admin manages routing rules."))
    errors = FieldErrors()
    category = clean_text(category, "category", errors, 20)
    if category is None and "category" not in errors.fields:
        errors.add("category", _("is required"))
    elif category is not None and category not in FEEDBACK_CATEGORIES:
        errors.add("category", _('must be one of %(choices)s', choices=', '.join(FEEDBACK_CATEGORIES)))
    product = clean_text(product, "product", errors, 200)
    text = clean_text(text, "text", errors, 100_000) or ""
    errors.raise_if_any()
    fallback = db.session.scalar(select(Department).where(Department.is_fallback.is_(True)))
    return _preview(active_rules(), category, product, text, fallback)
