"""Five languages: complete catalogues, who reads which language, and pages, findings, surveys and
e-mails in the reader's own language."""
import re
from html import unescape
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import select

from crm.database import write_transaction
from crm.extensions import db
from crm.i18n import LOCALES, Message, msg, nmsg
from crm.models import Finding, User
from crm.services import outbox
from crm.services.accounts import set_locale
from crm.services.interactions import InteractionInput, log_interaction

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "crm" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%%")
PLURALS = {"en": 2, "ms": 1, "cs": 3, "fi": 2, "ro": 3}


def catalogue(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=locale)


def template():
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        return read_po(f)


def ids(cat) -> set:
    return {m.id for m in cat if m.id}


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    """The .mo files as a build makes them (setup.py), from the .po files as they are now."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as source:
            cat = read_po(source, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as out:
            write_mo(out, cat)
    from crm.i18n import translations

    translations.cache_clear()


# --- the catalogues ---------------------------------------------------------------------------------

def test_the_template_holds_every_string_the_code_marks(tmp_path):
    """`pybabel extract` run now finds exactly the msgids of crm/translations/messages.pot."""
    out = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "msg",
                                "-k", "nmsg:1,2", "-k", "lazy_gettext", "-k", "_l", "--no-location",
                                "-o", str(out), str(ROOT)])
    with out.open("rb") as f:
        extracted = ids(read_po(f))
    committed = ids(template())
    assert sorted(map(str, extracted - committed)) == [], "marked but not in messages.pot: run pybabel extract"
    assert sorted(map(str, committed - extracted)) == [], "in messages.pot but no longer in the code"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_catalogue_is_complete_without_fuzzy_or_empty_entries(locale):
    cat = catalogue(locale)
    assert ids(cat) == ids(template()), "run pybabel update: the catalogue and messages.pot differ"
    assert cat.num_plurals == PLURALS[locale]
    empty, fuzzy = [], []
    for m in cat:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if len(strings) != (cat.num_plurals if isinstance(m.id, tuple) else 1) or not all(s.strip() for s in strings):
            empty.append(m.id)
        if m.fuzzy:
            fuzzy.append(m.id)
    assert empty == [] and fuzzy == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_translation_keeps_the_placeholders_of_its_msgid(locale):
    wrong = []
    cat = catalogue(locale)
    for m in cat:
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            expected = set(PLACEHOLDER.findall(m.id[1]))
            for index, form in enumerate(m.string):
                # A language with a form for "1" alone may write the number out ("jeden") instead of
                # %(num)s; a language with one form for every number (Malay) must keep it.
                optional = {"%(num)s"} if index == 0 and cat.num_plurals > 1 else set()
                if set(PLACEHOLDER.findall(form)) - optional != expected - optional:
                    wrong.append((m.id[0], form))
        elif set(PLACEHOLDER.findall(m.string)) != set(PLACEHOLDER.findall(m.id)):
            wrong.append((m.id, m.string))
        html = re.compile(r"</?\w+")
        for source, text in ([(m.id[1], f) for f in m.string] if isinstance(m.id, tuple) else [(m.id, m.string)]):
            if sorted(html.findall(source)) != sorted(html.findall(text)):
                wrong.append((source, text))
    assert wrong == []


@pytest.mark.parametrize("locale", sorted(PLURALS))
def test_babel_checks_every_catalogue_clean_as_pybabel_compile_does(locale):
    # `pybabel compile` runs these checks: Malay's one plural form is checked against the English
    # singular, so the singular must carry %(num)s too.
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue(locale).check()]
    assert problems == []


@pytest.mark.parametrize("locale", ["cs", "ms", "fi", "ro"])
def test_each_language_is_written_for_its_readers_not_left_in_english(locale):
    """Most strings read differently from the English (a few, like "CSV" or "SMS", may not)."""
    cat = catalogue(locale)
    singles = [m for m in cat if m.id and not isinstance(m.id, tuple) and len(m.id.split()) >= 4]
    same = [m.id for m in singles if m.string.strip() == m.id.strip()]
    assert len(same) <= len(singles) * 0.02, same[:20]


# --- plural forms and numbers -----------------------------------------------------------------------

def test_czech_and_romanian_have_three_plural_forms_and_finnish_two(app):
    def days(locale, n):
        return nmsg("%(num)s day", "%(num)s days", n).render(locale)

    assert [days("cs", n) for n in (1, 2, 5)] == ["1 den", "2 dny", "5 dní"]
    ro = [days("ro", n) for n in (1, 2, 20)]
    assert len(set(ro)) == 3 and ro[2].startswith("20 de ")  # Romanian says "2 zile" but "20 de zile"
    fi = [days("fi", n) for n in (1, 2)]
    assert fi[0] != fi[1] and all("day" not in text for text in fi)


def test_a_finding_joins_lists_and_writes_decimals_the_readers_way(app):
    from datetime import timedelta

    from crm.standards.builtin.wording import span

    held = nmsg("Hold %(holds)s lasted %(seconds)s s; the standard is at most %(limit)s s.",
                "Holds %(holds)s lasted %(seconds)s s; the standard is at most %(limit)s s.",
                3, holds=["1", "2", "3"], seconds=["75", "80", "90"], limit=60)
    assert str(held) == "Holds 1, 2 and 3 lasted 75, 80 and 90 s; the standard is at most 60 s."
    assert "1, 2 a 3" in held.render("cs").replace("\xa0", " ")
    assert span(timedelta(hours=30)).render("cs") == "30,0 h"
    assert Message.from_json(held.to_json()).render("cs") == held.render("cs")


# --- who reads which language -------------------------------------------------------------------

def test_the_browser_language_is_used_until_a_user_chooses_one(client, auth, make_user):
    page = client.get("/login", headers={"Accept-Language": "fi-FI,fi;q=0.9,en;q=0.5"})
    assert '<html lang="fi">' in page.text
    user = make_user("agent", team="Praha")
    auth.login(user)
    assert '<html lang="ro">' in client.get("/", follow_redirects=True, headers={"Accept-Language": "ro"}).text
    client.post("/account/language", data={"locale": "cs", "next": "/desk"})
    assert db.session.get(User, user.id).locale == "cs"
    desk = client.get("/desk", headers={"Accept-Language": "ro"})
    assert '<html lang="cs">' in desk.text and "Pracoviště" in desk.text


def test_with_no_choice_and_no_known_browser_language_the_default_locale_applies(app, client):
    app.config["CRM_DEFAULT_LOCALE"] = "ms"
    assert '<html lang="ms">' in client.get("/login", headers={"Accept-Language": "de"}).text
    assert '<html lang="ms">' in client.get("/login").text


def test_the_switch_works_before_logging_in_and_refuses_foreign_targets(client):
    response = client.post("/account/language", data={"locale": "ro", "next": "//evil.example/x"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert '<html lang="ro">' in client.get("/login").text
    refused = client.post("/account/language", data={"locale": "xx", "next": "/login"}, follow_redirects=True)
    assert '<html lang="ro">' in refused.text


def test_the_header_switch_is_a_labelled_select_listing_each_language_in_its_own_words(client):
    page = client.get("/login").text
    assert '<label for="language-select">' in page and '<select id="language-select" name="locale">' in page
    for code, name in (("cs", "Čeština"), ("fi", "Suomi"), ("ms", "Bahasa Melayu"), ("ro", "Română")):
        assert f'<option value="{code}" lang="{code}"' in page and name in page


def test_the_api_keeps_its_codes_and_english_unless_the_client_asks(api, make_user):
    agent = make_user("agent")
    as_agent = api(agent)
    plain = as_agent.get("/api/v1/customers/999999")
    assert plain.status_code == 404 and plain.json["error"]["code"] == "not_found"
    assert plain.json["error"]["message"] == "No customer 999999."
    czech = as_agent.get("/api/v1/customers/999999", headers={"Accept-Language": "cs"})
    assert czech.json["error"]["code"] == "not_found" and czech.json["error"]["message"] == "Zákazník 999999 neexistuje."


# --- the Prague agent's path, in Czech ----------------------------------------------------------------

def english_left(page: str, locale: str) -> list[str]:
    """English msgids of the catalogue that a page shows where the reader's language differs."""
    # The language switch names each language in its own words ("English" stays English).
    page = re.sub(r'<form class="language-switch".*?</form>', " ", page, flags=re.S)
    page = re.sub(r'<select id="locale" name="locale">.*?</select>', " ", page, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)))
    text = " ".join(text.split())
    cat = catalogue(locale)
    # A word the language itself uses ("standard" is Czech too) says nothing about a missing translation.
    own_words = {w for m in cat if m.id for s in (m.string if isinstance(m.string, tuple) else (m.string,))
                 for w in re.findall(r"\w+", s.casefold())}
    left = []
    for m in cat:
        if not m.id or isinstance(m.id, tuple) or "%" in m.id or "<" in m.id or m.string.strip() == m.id.strip():
            continue
        if " " not in m.id and m.id.casefold() in own_words:
            continue
        # Whole words only, and not inside a code such as "transfer.warm" or "case.keep_informed".
        if len(m.id) >= 4 and re.search(r"(?<![\w.-])" + re.escape(m.id) + r"(?![\w-]|\.\w)", text):
            left.append(m.id)
    return left


@pytest.fixture
def prague(make_user, make_customer):
    agent = set_locale(make_user("agent", team="Praha", name="Eva Operátorová"), "cs")
    customer = make_customer("Jana Dvořáková", phones=["+420 603 123 456"], emails=["jana@example.cz"],
                             language="cs")
    logged = log_interaction(InteractionInput(
        customer_id=customer.id, channel="phone", summary="Dotaz na doručení", outcome="follow_up",
        follow_up_due="2030-01-01T10:00:00+01:00", holds=[{"seconds": 95, "apologized": False}],
        transcript="Operátor: Dobrý den.\nZákazník: Kde je můj balík?\nOperátor: To není můj problém."), agent)
    return agent, customer, logged


def test_the_prague_agents_pages_are_in_czech(client, auth, prague):
    agent, customer, logged = prague
    auth.login(agent)
    pages = {
        "/desk": "Pracoviště",
        f"/customers/{customer.id}": "Zaznamenat kontakt",
        f"/customers/{customer.id}/interactions/new": "Zaznamenat kontakt",
        f"/interactions/{logged.interaction.id}": "Standardy služeb",
        "/cases": "Případy",
        "/me/": "Můj přehled",
        "/me/notices": "Oznámení",
        "/account/tokens": "Váš účet",
    }
    for path, heading in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="cs">' in response.text and heading in response.text, path
        left = english_left(response.text, "cs")
        assert left == [], f"{path}: {left}"


def test_the_prague_leads_review_and_dashboard_are_in_czech(client, auth, make_user, prague):
    agent, customer, logged = prague
    lead = set_locale(make_user("lead", team="Praha", name="Petr Vedoucí"), "cs")
    finding = db.session.scalar(select(Finding).where(Finding.interaction_id == logged.interaction.id,
                                                      Finding.standard == "hold.max_duration"))
    auth.login(lead)
    for path in ("/review/", f"/review/findings/{finding.id}", "/dashboard/"):
        response = client.get(path)
        assert response.status_code == 200 and '<html lang="cs">' in response.text, path
        assert english_left(response.text, "cs") == [], path
        # Written into the templates once without gettext, so the catalogue never knew them.
        for english in ("Uphold", "Dismiss (false positive)", "Compliance by standard", "percent of checks"):
            assert english not in response.text, (path, english)


def test_findings_read_in_the_readers_language_and_stay_english_in_the_api(client, auth, api, prague):
    agent, customer, logged = prague
    finding = db.session.scalar(select(Finding).where(Finding.interaction_id == logged.interaction.id,
                                                      Finding.standard == "hold.max_duration"))
    assert finding.message == "Hold 1 lasted 95 s; the standard is at most 60 s."
    assert finding.message_l10n["id"].startswith("Hold %(holds)s lasted")
    auth.login(agent)
    page = client.get(f"/interactions/{logged.interaction.id}").text
    assert "Přidržení 1 trvalo 95 s; standard je nejvýše 60 s." in page
    assert "Operátor použil odmítavé vyjádření" in page
    body = api(agent).get(f"/api/v1/interactions/{logged.interaction.id}").json
    assert "Hold 1 lasted 95 s; the standard is at most 60 s." in [f["message"] for f in body["findings"]]


def test_dates_follow_the_readers_language(client, auth, prague):
    agent, customer, logged = prague
    auth.login(agent)
    page = client.get(f"/customers/{customer.id}").text
    assert "1. 1. 2030" in page  # the promised follow-up, as Czech writes dates


def test_a_contacts_outcome_is_shown_in_the_readers_words_on_the_desk(client, auth, prague):
    agent, customer, logged = prague
    auth.login(agent)
    following = catalogue("cs").get("follow-up").string
    for path in (f"/interactions/{logged.interaction.id}", "/desk"):
        page = client.get(path).text
        assert following in page and "follow up" not in page, path


@pytest.mark.parametrize("locale", LOCALES)
def test_a_targets_table_names_its_columns_with_two_different_words(locale):
    cat = catalogue(locale)
    assert cat.get("Target").string != cat.get("Goal").string


# --- the customer's survey and the e-mails -----------------------------------------------------------

def test_a_finnish_customers_survey_and_its_email_are_in_finnish(app, client, make_user, make_customer, smtp_server):
    url, mailbox = smtp_server
    app.config.update(CRM_SMTP_URL=url, CRM_MAIL_FROM="crm@shop.example", CRM_BASE_URL="https://crm.shop.example")
    agent = make_user("agent", team="Helsinki")
    aino = make_customer("Aino Korhonen", emails=["aino@example.fi"], language="fi")
    log_interaction(InteractionInput(customer_id=aino.id, summary="Tilauksen toimitus selvitetty", outcome="resolved"),
                    agent)
    assert outbox.deliver_due().delivered == 1
    (rcpts, message), = mailbox.messages
    fi = catalogue("fi")
    assert message["Subject"] == fi.get("How did we do?").string != "How did we do?"
    text = message.get_content()
    assert fi.get("Thank you for contacting us.").string in text and "Thank you" not in text
    link = re.search(r"https://crm\.shop\.example(/survey/\S+)", text).group(1)
    # The page is in Finnish whatever the customer's browser asks for.
    page = client.get(link, headers={"Accept-Language": "en"})
    assert page.status_code == 200 and '<html lang="fi">' in page.text
    assert 'id="zone-note"' not in page.text  # no "Times in UTC" told to a customer: the zone is the team's business
    assert fi.get("Very happy").string in page.text and english_left(page.text, "fi") == []
    refused = client.post(link, data={"score": "9"}, headers={"Accept-Language": "en"})
    assert refused.status_code == 422
    assert fi.get("choose from 1 (very unhappy) to 5 (very happy)").string in refused.text


def test_a_department_gets_its_email_in_its_own_language(app, make_user, make_customer, smtp_server):
    from feedback_helpers import department, log_feedback

    url, mailbox = smtp_server
    app.config.update(CRM_SMTP_URL=url, CRM_MAIL_FROM="crm@shop.example")
    dept = department("packaging", emails=["balici@shop.example"], fallback=True)
    with write_transaction():
        db.session.get(type(dept), dept.id).locale = "cs"
    agent = make_user("agent")
    customer = make_customer("Siti Rahman", phones=["+60 12-345 6789"])
    log_feedback(agent, customer, {"category": "packaging", "text": "The box arrived crushed.", "product": "Kettle"})
    outbox.deliver_due()
    (rcpts, message), = [m for m in mailbox.messages if m[0] == ["balici@shop.example"]]
    assert message["Subject"] == "Nový podnět: balení – Kettle"
    assert "Co zákazník řekl: The box arrived crushed." in message.get_content()


def test_a_notice_is_written_in_the_language_of_the_person_it_is_for(app, make_user, make_customer):
    from crm.services.notifications import notify

    reader = set_locale(make_user("agent", team="Praha"), "cs")
    with write_transaction():
        notice = notify(reader.id, "coaching", msg("%(name)s left you a coaching note on %(standard)s.",
                                                   name="Pavel", standard="hold.apology"))
    assert notice.message == "Pavel vám zanechal(a) koučovací poznámku ke standardu hold.apology."


def test_an_admin_sets_the_language_of_a_departments_emails(client, auth, make_user):
    from feedback_helpers import department

    from crm.models import Department

    department("returns", emails=["returns@shop.example"])
    auth.login(make_user("admin"))
    form = client.get("/admin/departments/returns").text
    assert '<select id="locale" name="locale">' in form and '<label for="locale">' in form
    saved = client.post("/admin/departments/returns", data={"name": "Returns", "emails": "returns@shop.example",
                                                             "webhook_url": "", "locale": "ro"})
    assert saved.status_code == 302
    assert db.session.scalar(select(Department.locale).where(Department.slug == "returns")) == "ro"
    refused = client.post("/admin/departments/returns", data={"name": "Returns", "emails": "", "locale": "xx"})
    assert refused.status_code == 422 and "must be one of en, ms, cs, fi, ro" in refused.text


def test_the_pager_counts_in_each_languages_plural_form(app):
    """'1–20 din 20 de constatări', 'z 1 nálezu', '1 havainto': the counted noun agrees with the total."""
    from flask import render_template_string
    from flask_babel import force_locale

    from crm.services.pagination import Page

    def count(locale, total):
        with app.test_request_context("/"), force_locale(locale):
            html = render_template_string(
                "{% from '_pager.html' import pager %}"
                "{{ pager(page, 'review.queue', {}, 50, npgettext('pager', 'finding', 'findings', page.total)) }}",
                page=Page(items=[object()] * min(total, 50), total=total, next=None))
        return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())

    assert count("ro", 20).endswith("din 20 de constatări") and count("ro", 2).endswith("din 2 constatări")
    assert count("cs", 1).endswith("z 1 nálezu") and count("cs", 5).endswith("z 5 nálezů")
    assert count("fi", 1).endswith("/ 1 havainto") and count("fi", 7).endswith("/ 7 havaintoa")
    assert count("en", 1).endswith("of 1 finding")
