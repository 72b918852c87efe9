"""The customer import's fast paths keep its promises: the same E.164 numbers as the full phone
parser, names searchable afterwards, and all or nothing when it fails half-way."""
import random

import phonenumbers
import pytest
from sqlalchemy import func, select, text

from crm.extensions import db
from crm.models import ContactPoint, Customer
from crm.services import contacts
from crm.services import importer
from crm.services.importer import import_customers_csv
from crm.services.lookup import search_names

REGIONS = ["MY", "CZ", "FI", "RO", "GB", "US", "DE", "IT", "FR", "RU", "AR", "MX", "BR", "IN", "AU", "JP"]


def full_parse(raw, region, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(contacts, "_fast_phone", lambda text, region: None)
        try:
            return contacts.normalize_phone(raw, region)
        except ValueError:
            return None


def test_the_phone_fast_path_gives_what_the_full_parser_gives(monkeypatch):
    rng = random.Random(20261205)
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    taken = 0
    for _ in range(6000):
        national = "".join(rng.choice("0123456789") for _ in range(rng.randint(3, 13)))
        region = rng.choice(REGIONS)
        if rng.random() < 0.5:
            raw = f"+{rng.choice(codes)} {national[:3]}-{national[3:]}"
        else:
            prefix = rng.choice(["0", "0", "1", "8", "", "01", "00"])
            raw = f"{prefix}{national[:2]} {national[2:5]}.{national[5:]}"
        fast = contacts._fast_phone(raw, region)
        if fast is not None:
            taken += 1
            assert fast == full_parse(raw, region, monkeypatch), (raw, region)
    assert taken > 500  # the fast path is really taken, for numbers of many countries


@pytest.mark.parametrize("raw, region, e164", [
    ("011-1234 5678", "MY", "+601112345678"), ("(012) 345/6789", "MY", "+60123456789"),
    ("040 123 4567", "FI", "+358401234567"), ("0721.234.567", "RO", "+40721234567"),
    ("07700 900123", "GB", "+447700900123"), ("+420 212 345 678", "MY", "+420212345678"),
    ("+44 (0)7700 900123", "GB", "+447700900123"), ("0060123456789", "MY", "+60123456789"),
])
def test_common_ways_of_writing_a_number_still_read_right(raw, region, e164):
    assert contacts.normalize_phone(raw, region) == e164


def write_csv(path, rows):
    lines = ["name,account_number,phones,emails,language"]
    lines += [f"{name},{account},{phone},{email},cs" for name, account, phone, email in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_imported_names_are_found_by_name_search(app, tmp_path, make_customer):
    make_customer("Existing Dvořák", phones=["+420 603 000 001"])
    path = tmp_path / "c.csv"
    write_csv(path, [("Kateřina Nováková", "IMP-1", "+420 212 345 678", "katka@example.cz"),
                     ("Jiří Dvořák", "IMP-2", "00420 212 345 679", "jiri@example.cz")])
    report = import_customers_csv(str(path))
    assert report.imported == 2 and report.rejected == []
    assert [c.name for c in search_names("novakova")] == ["Kateřina Nováková"]
    assert {c.name for c in search_names("dvorak")} == {"Jiří Dvořák", "Existing Dvořák"}
    # and a customer created after the import is indexed as before
    make_customer("Later Nováková", phones=["+420 603 000 002"])
    assert {c.name for c in search_names("novakova")} == {"Kateřina Nováková", "Later Nováková"}
    stored = db.session.execute(select(ContactPoint.value, ContactPoint.raw).order_by(ContactPoint.id)).all()
    assert ("+420212345679", "00420 212 345 679") in stored
    if db.engine.dialect.name == "postgresql":  # the trigger and btree, dropped for the bulk insert, are back
        assert _words_index() == (1, 1)


def _words_index() -> tuple[int, int]:
    """PostgreSQL: (the insert trigger of customer_name_words, its btree key), each 1 when present."""
    return db.session.execute(text(
        "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname = 'customers_name_words_insert'), "
        "(SELECT count(*) FROM pg_constraint WHERE conname = 'customer_name_words_pkey')")).one()


def test_an_import_that_fails_half_way_leaves_nothing(app, tmp_path, monkeypatch, make_customer):
    make_customer("Existing Dvořák", phones=["+420 603 000 001"])
    before = db.session.scalar(select(func.count()).select_from(Customer))
    monkeypatch.setattr(importer, "BATCH", 2)
    flushes = []
    real_flush = importer._flush

    def crash_on_second(batch, report):
        real_flush(batch, report)
        flushes.append(len(batch))
        if len(flushes) == 2:
            raise RuntimeError("the power went out")

    monkeypatch.setattr(importer, "_flush", crash_on_second)
    path = tmp_path / "c.csv"
    write_csv(path, [(f"Person Number{i}", f"IMP-{i}", f"+420 212 345 {600 + i}", f"p{i}@example.cz")
                     for i in range(7)])
    with pytest.raises(RuntimeError):
        import_customers_csv(str(path))
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(Customer)) == before
    assert db.session.scalar(select(func.count()).select_from(ContactPoint)) == 1
    assert search_names("number") == []
    if db.engine.dialect.name == "sqlite":  # the name index's trigger is back, exactly as it was
        assert db.session.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                       "AND name = 'customers_fts_insert'")).scalar() == 1
    else:  # PostgreSQL: the dropped trigger and btree came back with the rollback
        assert _words_index() == (1, 1)
    make_customer("After Crash Number", phones=["+420 603 000 003"])
    assert [c.name for c in search_names("number")] == ["After Crash Number"]


@pytest.mark.parametrize("workers", [1, 3])
def test_rows_validated_in_worker_processes_import_the_same(app, tmp_path, monkeypatch, make_customer, workers):
    """A large file's rows are validated in a pool of processes: the same customers, the same
    rejections in the file's order, the progress bar still moving."""
    make_customer("Existing Dvořák", phones=["+420 603 000 001"])
    monkeypatch.setattr(importer, "CHUNK", 4)
    app.config["CRM_IMPORT_WORKERS"] = str(workers)
    rows = [(f"Person Number{i}", f"IMP-{i}", f"+420 212 345 {600 + i}", f"p{i}@example.cz") for i in range(30)]
    rows[5] = ("Bad Phone", "IMP-X", "12", "bad@example.cz")
    rows[9] = ("Same Phone", "IMP-Y", "+420 212 345 601", "same@example.cz")
    rows[12] = ("Taken Phone", "IMP-Z", "+420 603 000 001", "taken@example.cz")
    path = tmp_path / "c.csv"
    write_csv(path, rows)
    calls = []
    report = import_customers_csv(str(path), progress=lambda done, total: calls.append((done, total)))
    assert report.imported == 27
    assert [line for line, _reason in report.rejected] == [7, 11, 14]
    assert "also on line 3" in report.rejected[1][1] and "already belongs" in report.rejected[2][1]
    assert calls[-1] == (30, 30)
    names = set(db.session.scalars(select(Customer.name)))
    assert {"Person Number0", "Person Number29"} <= names and "Bad Phone" not in names
    assert [c.name for c in search_names("number29")] == ["Person Number29"]


# --- the import reads a row as the API reads a body ----------------------------------------------------

@pytest.mark.parametrize("column, value, field", [
    ("phones", "12", "phones"), ("phones", "+999 1234 5678", "phones"), ("emails", "jan at example.cz", "emails"),
    ("language", "xx", "language"), ("tier", "diamond", "tier"), ("preferred_channel", "pigeon", "preferred_channel"),
    ("account_number", "A", "account_number"), ("name", "N" * 201, "name"), ("company", "C" * 201, "company"),
])
def test_a_row_is_refused_with_the_reasons_the_api_gives(app, tmp_path, as_agent, column, value, field):
    body = {"name": "Jan Novák", column: [value] if column in ("phones", "emails") else value}
    api_reasons = as_agent.post("/api/v1/customers", json=body).get_json()["error"]["fields"]
    path = tmp_path / "c.csv"
    path.write_text(f"name,{column}\n" if column != "name" else "name\n", encoding="utf-8")
    with path.open("a", encoding="utf-8") as f:
        f.write(f"Jan Novák,{value}\n" if column != "name" else f"{value}\n")
    report = import_customers_csv(str(path))
    assert report.imported == 0
    assert report.rejected == [(2, f"{field}: {', '.join(api_reasons[field])}")]


@pytest.mark.parametrize("raw", ["+999 1234 5678", "+0 123 456 789", "+420 12"])
def test_a_number_the_fast_path_reads_must_still_be_a_possible_number(raw):
    assert contacts._fast_phone(raw, "MY") is None  # a country code no country has, or too few digits
    with pytest.raises(ValueError):
        contacts.normalize_phone(raw, "MY")


@pytest.mark.parametrize("raw, e164", [
    ("+44 (0)20 7946 0018", "+442079460018"),  # the "(0)" goes to the full parser, and is dropped
    ("0044 20 7946 0018", "+442079460018"), ("+420.603.123.456", "+420603123456"),
    ("012-345 6789", "+60123456789"),  # the default region's national form
])
def test_numbers_not_written_in_e164_are_imported_in_e164(app, tmp_path, raw, e164):
    path = tmp_path / "c.csv"
    path.write_text(f'name,phones\nJan Novák,"{raw}"\n', encoding="utf-8")
    report = import_customers_csv(str(path))
    assert report.imported == 1, report.rejected
    stored = db.session.execute(select(ContactPoint.value, ContactPoint.raw)).one()
    assert tuple(stored) == (e164, raw)


def test_the_possible_length_of_a_country_is_asked_once_and_answered_right(monkeypatch):
    contacts._possible_length.cache_clear()
    # Czech numbers have 9 digits: 8 and 13 are refused, however often the answer is reused
    numbers = [f"+420 {'6' * n}" for n in (9, 8, 13, 9, 8)]
    assert [contacts._fast_phone(raw, "MY") for raw in numbers] == [
        "+420666666666", None, None, "+420666666666", None]
    assert contacts._possible_length.cache_info().hits >= 2
    assert [full_parse(raw, "MY", monkeypatch) for raw in numbers] == [
        "+420666666666", None, None, "+420666666666", None]
