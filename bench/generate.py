#!/usr/bin/env python
"""A seeded, realistic data set for the benchmarks, written straight into a database.

    .venv/bin/python bench/generate.py --scale 0.01            # 10,000 customers, 100,000 interactions
    .venv/bin/python bench/generate.py --scale 1 --interactions-scale 0.1 \
        --database-url sqlite:///bench/results/x.sqlite --database-url postgresql+psycopg://…

Scale 1.0 is 1,000,000 customers and 10,000,000 interactions over the 365 days before --end-date,
by 500 agents in 20 teams (plus 20 team leads, an admin and 4 department users).

How it writes, so the figures measured on it can be judged:

* The schema comes from the project's own migrations (`upgrade_database()`), and the default
  policy from `ensure_default_policy()`. Everything else is written with bulk SQLAlchemy Core
  inserts (`connection.execute(insert(table), [rows…])`, i.e. DBAPI executemany, in batches) —
  NOT through the services row by row, which would take hours at scale 1.
* The same rows go into every database given (each row is made, and each interaction checked,
  once). The bulk tables' secondary indexes, the name index's triggers (SQLite; on PostgreSQL the
  customer_name_words triggers and btree, migration 0011) and foreign keys (PostgreSQL) are dropped
  before loading and made again after it from their own DDL, read from the
  database: the schema ends exactly as the migrations made it, and the FTS5 name index is rebuilt
  in one pass.
* Findings are real: every generated interaction is run through the policy engine
  (`crm.services.policy.evaluate`) with the default policy, with the rules and context
  `log_interaction` would give it. Sweep findings (first reply, call-backs, follow-up after
  resolution, keep informed) are not generated; they come from the sweep, not from logging.
* The daily roll-ups (activity_daily, compliance_daily), when the schema has them, are filled as
  `crm.services.rollups.record_logged` would have left them: activity per policy version, and a
  compliance row only per (standard, mode) flagged (what was checked is derived when reading).
* Rows get explicit ids (the database must be empty); on PostgreSQL the id sequences are moved
  past them at the end.
* On SQLite no ANALYZE is run: the database is left as the application itself would leave it. On
  PostgreSQL ANALYZE is run once at the end, as autovacuum would do on a server at its defaults (the
  bench machine's server has autovacuum off; without statistics every plan is a guess).

Names come from Malaysia, Czechia, Finland, Romania and the UK, with their diacritics; phones are
stored in E.164 (contact_points.value) with the number as the customer gave it, in national or
international format (contact_points.raw); e-mails are case-folded; account numbers are unique.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from array import array
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from common import (RESULTS_DIR, default_database_url, make_app, manifest_path, source_state,
                    sqlite_path)

GENERATOR_VERSION = 2
BATCH = 5000
UTC = timezone.utc

# --- people -------------------------------------------------------------------------------------

COUNTRY_WEIGHTS = {"MY": 35, "CZ": 20, "FI": 15, "RO": 15, "GB": 15}
LANGUAGE = {"MY": "ms", "CZ": "cs", "FI": "fi", "RO": "ro", "GB": "en"}
UTC_OFFSET = {"MY": 8, "CZ": 1, "FI": 2, "RO": 2, "GB": 0}

FIRST = {
    "MY": ["Ahmad", "Siti", "Muhammad", "Nur Aisyah", "Nurul", "Farah", "Zulkifli", "Hafiz", "Aminah",
           "Faizal", "Tan Wei", "Lim Mei", "Wong Kar", "Lee Chong", "Ng Siew", "Chong Li", "Rajesh",
           "Priya", "Kavitha", "Suresh", "Arun", "Devi", "Azlan", "Hidayah", "Iskandar", "Syafiqah",
           "Khairul", "Mei Ling", "Jun Hao", "Anand"],
    "CZ": ["Jan", "Petr", "Tomáš", "Jiří", "Lukáš", "Martin", "Jakub", "Ondřej", "Vojtěch", "Matěj",
           "Petra", "Lucie", "Kateřina", "Tereza", "Eliška", "Markéta", "Zuzana", "Jana", "Hana",
           "Veronika", "Štěpán", "Radek", "Kryštof", "Barbora", "Anežka", "Dominik", "Šárka",
           "Michaela", "Zdeněk", "Božena"],
    "FI": ["Mikko", "Jukka", "Juha", "Timo", "Ville", "Antti", "Matti", "Pekka", "Jari", "Sami",
           "Aino", "Sari", "Päivi", "Eeva", "Satu", "Tiina", "Minna", "Riikka", "Hanna", "Johanna",
           "Väinö", "Eino", "Onni", "Aleksi", "Elina", "Kaisa", "Helmi", "Jönssi", "Tuulikki", "Säde"],
    "RO": ["Andrei", "Mihai", "Ștefan", "Cristian", "Radu", "Alexandru", "Ionuț", "Răzvan", "Bogdan",
           "Vlad", "Ioana", "Elena", "Ana", "Maria", "Alexandra", "Andreea", "Mădălina", "Roxana",
           "Bianca", "Cătălina", "Gheorghe", "Costin", "Sorin", "Tudor", "Irina", "Oana", "Lăcrămioara",
           "Dănuț", "Iulia", "Florin"],
    "GB": ["Oliver", "George", "Harry", "Jack", "Charlie", "Thomas", "James", "William", "Noah", "Leo",
           "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Olivia", "Poppy", "Freya", "Chloé",
           "Siobhán", "Niamh", "Rhys", "Dafydd", "Eilidh", "Zoë", "Priya", "Mohammed", "Aoife", "Seán"],
}
LAST = {
    "MY": ["bin Ismail", "binti Rahman", "bin Abdullah", "binti Yusof", "bin Hassan", "binti Ahmad",
           "bin Osman", "binti Ibrahim", "Tan", "Lim", "Lee", "Wong", "Ng", "Chong", "Ong", "Teoh",
           "a/l Kumar", "a/p Subramaniam", "a/l Rajan", "a/p Krishnan", "Abdullah", "Hamzah"],
    "CZ": ["Novák", "Svoboda", "Novotný", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý",
           "Horák", "Němec", "Marek", "Pokorný", "Růžička", "Beneš", "Fiala", "Sedláček", "Doležal",
           "Zeman", "Kolář", "Navrátil", "Čermák", "Šťastný"],
    "FI": ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
           "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen",
           "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Jääskeläinen", "Öhman"],
    "RO": ["Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Rusu", "Munteanu",
           "Matei", "Constantin", "Șerban", "Mocanu", "Țurcanu", "Lungu", "Dumitrescu", "Bălan",
           "Ciobanu", "Marinescu", "Căpraru", "Mureșan", "Nistor"],
    "GB": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
           "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "O'Brien", "McDonald",
           "Ap Rhys", "Fitzgerald", "Patel", "Khan"],
}
FEMALE_CZ = {"Petra", "Lucie", "Kateřina", "Tereza", "Eliška", "Markéta", "Zuzana", "Jana", "Hana",
             "Veronika", "Barbora", "Anežka", "Šárka", "Michaela", "Božena"}
EMAIL_DOMAINS = {
    "MY": ["gmail.com", "yahoo.com.my", "hotmail.my", "streamyx.com"],
    "CZ": ["seznam.cz", "email.cz", "centrum.cz", "gmail.com"],
    "FI": ["gmail.com", "kolumbus.fi", "luukku.com", "elisanet.fi"],
    "RO": ["yahoo.ro", "gmail.com", "yahoo.com", "rdslink.ro"],
    "GB": ["gmail.com", "btinternet.com", "hotmail.co.uk", "outlook.com"],
}
COMPANIES = ["Petronas Dagangan", "Škoda Auto", "Kesko Oyj", "Dacia Service", "Tesco Stores",
             "Maybank", "Kofola", "Fazer", "Bitdefender", "Marks & Spencer", "Sunway Group", "Alza.cz",
             "Elisa Oyj", "Emag", "Boots UK"]
NOTES = ["Prefers to be called after 17:00.", "Hard of hearing: speak slowly.",
         "Long-standing customer since 2015.", "Ask for the order number first.",
         "Prefers e-mail for anything in writing.", "Disputed an invoice last year; be thorough."]

TEAM_COUNTRIES = ["MY"] * 7 + ["CZ"] * 4 + ["FI"] * 3 + ["RO"] * 3 + ["GB"] * 3
TEAM_CITY = {"MY": "Kuala Lumpur", "CZ": "Praha", "FI": "Helsinki", "RO": "București", "GB": "Leeds"}
DEPARTMENTS = (("product", "Product"), ("packaging", "Packaging"), ("marketing", "Marketing"),
               ("billing", "Billing"))

# --- contacts -------------------------------------------------------------------------------------

CHANNELS = [("phone", 55), ("email", 18), ("chat", 14), ("in_person", 3), ("social", 3), ("sms", 3),
            ("web", 4)]
OUTCOMES = [("resolved", 68), ("follow_up", 14), ("escalated", 5), ("no_action", 13)]
SUMMARIES = {
    "resolved": ["Asked about the delivery date of order {n}; confirmed it ships on Friday.",
                 "Changed the delivery address for order {n}; confirmed by e-mail.",
                 "Refund for a damaged parcel (order {n}); replacement sent today.",
                 "Explained the charges on invoice {n}; customer satisfied.",
                 "Reset the online account password and walked through the login."],
    "follow_up": ["Billing question about a double charge on invoice {n}; will call back after checking.",
                  "Order {n} missing an item; warehouse asked, calling back tomorrow.",
                  "Warranty claim for order {n}; waiting for photos, follow up in two days."],
    "escalated": ["Repeated delivery failure on order {n}; escalated to the logistics lead.",
                  "Complaint about a rude courier; escalated to the carrier manager."],
    "no_action": ["Wrong number.", "Customer called to say thanks for the quick refund.",
                  "Asked for opening hours of the Praha store."],
}
TRANSCRIPTS = {
    "en": ["Agent: Good morning, thank you for calling. How can I help?\nCustomer: My order {n} is late.\n"
           "Agent: I am sorry for the wait, let me check. Thank you for your patience.",
           "Agent: Hello, how can I help?\nCustomer: The parcel {n} arrived broken.\n"
           "Agent: I will send a replacement today.",
           "Agent: Hi.\nCustomer: I was charged twice for {n}.\nAgent: Calm down, that is not my fault.\n"
           "Agent: I will check it."],
    "ms": ["Ejen: Selamat pagi, terima kasih kerana menghubungi kami.\nPelanggan: Pesanan {n} saya lewat.\n"
           "Ejen: Maaf atas kelewatan, saya semak sekarang. Terima kasih atas kesabaran anda.",
           "Ejen: Helo, boleh saya bantu?\nPelanggan: Bungkusan {n} rosak.\nEjen: Saya hantar ganti hari ini.",
           "Ejen: Helo.\nPelanggan: Saya dicaj dua kali untuk {n}.\nEjen: Itu bukan masalah saya."],
    "cs": ["Operátor: Dobrý den, děkujeme, že voláte.\nZákazník: Moje objednávka {n} nepřišla.\n"
           "Operátor: Omlouvám se za čekání, hned to ověřím. Děkuji za trpělivost.",
           "Operátor: Dobrý den, jak vám mohu pomoci?\nZákazník: Balík {n} přišel rozbitý.\n"
           "Operátor: Pošlu náhradu ještě dnes.",
           "Operátor: Ano?\nZákazník: Byla mi dvakrát stržena platba za {n}.\nOperátor: Uklidněte se, to není můj problém."],
    "fi": ["Asiakaspalvelija: Hyvää huomenta ja kiitos soitosta.\nAsiakas: Tilaukseni {n} on myöhässä.\n"
           "Asiakaspalvelija: Pahoittelen odotusta, tarkistan asian. Kiitos kärsivällisyydestä.",
           "Asiakaspalvelija: Hei, miten voin auttaa?\nAsiakas: Paketti {n} tuli rikki.\n"
           "Asiakaspalvelija: Lähetän uuden tänään.",
           "Asiakaspalvelija: Niin?\nAsiakas: Minulta veloitettiin kahdesti {n}.\nAsiakaspalvelija: Rauhoittukaa, en voi auttaa."],
    "ro": ["Operator: Bună ziua, vă mulțumim că ați sunat.\nClient: Comanda mea {n} întârzie.\n"
           "Operator: Îmi pare rău pentru așteptare, verific acum. Vă mulțumesc pentru răbdare.",
           "Operator: Bună ziua, cu ce vă pot ajuta?\nClient: Coletul {n} a sosit deteriorat.\n"
           "Operator: Trimit un colet nou azi.",
           "Operator: Da?\nClient: Am fost taxat de două ori pentru {n}.\nOperator: Calmați-vă, nu e problema mea."],
}
TRANSCRIPT_VARIANT_WEIGHTS = [80, 16, 4]  # polite / no thanks / dismissive
FEEDBACK = [("product", "The app has no dark mode.", "Mobile app"),
            ("packaging", "The box was far too big for the item.", "Parcel"),
            ("marketing", "The promotion e-mail was confusing.", None),
            ("billing", "Invoices should show the order number.", None),
            ("other", "The hold music is too loud.", None)]


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights)[0]


class Phones:
    """Unique phone numbers per country: (E.164 value, as the customer wrote it)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, country: str) -> tuple[str, str]:
        r = self.rng
        while True:
            if country == "MY":
                p, d = r.choice("2346789"), r.randrange(10 ** 7)
                n = f"1{p}{d:07d}"
                e164 = "+60" + n
                raw = r.choice([f"01{p}-{d // 10000:03d} {d % 10000:04d}", f"+60 1{p}-{d // 10000:03d} {d % 10000:04d}",
                                f"01{p}{d:07d}", f"601{p}{d:07d}"])
            elif country == "CZ":
                n = f"{r.choice('67')}{r.randrange(10 ** 8):08d}"
                e164 = "+420" + n
                raw = r.choice([f"+420 {n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:6]} {n[6:]}", f"00420{n}"])
            elif country == "FI":
                p, d = r.choice(["40", "41", "44", "45", "50"]), r.randrange(10 ** 7)
                n = f"{p}{d:07d}"
                e164 = "+358" + n
                raw = r.choice([f"0{p} {d // 10000:03d} {d % 10000:04d}", f"+358 {p} {d // 10000:03d} {d % 10000:04d}",
                                f"0{p}{d:07d}"])
            elif country == "RO":
                n = f"7{r.randint(20, 89)}{r.randrange(10 ** 6):06d}"
                e164 = "+40" + n
                raw = r.choice([f"0{n[:3]} {n[3:6]} {n[6:]}", f"+40 {n[:3]} {n[3:6]} {n[6:]}", f"0040{n}"])
            else:
                n = f"7{r.randint(400, 999)}{r.randrange(10 ** 6):06d}"
                e164 = "+44" + n
                raw = r.choice([f"0{n[:4]} {n[4:]}", f"+44 {n[:4]} {n[4:]}", f"(0{n[:4]}) {n[4:7]} {n[7:]}"])
            if e164 not in self.used:
                self.used.add(e164)
                return e164, raw


def person_name(rng: random.Random, country: str) -> str:
    first = rng.choice(FIRST[country])
    last = rng.choice(LAST[country])
    if country == "CZ" and first in FEMALE_CZ:
        last = feminine_cz(last)
    if country == "MY" and last.startswith(("bin ", "binti ")):
        female = first in ("Siti", "Nur Aisyah", "Nurul", "Farah", "Aminah", "Hidayah", "Syafiqah")
        last = ("binti " if female else "bin ") + last.split(" ", 1)[1]
    if rng.random() < 0.08 and country in ("GB", "RO", "FI"):
        last = f"{last}-{rng.choice(LAST[country])}"
    if rng.random() < 0.05:
        first = f"{first} {rng.choice(FIRST[country]).split(' ')[0]}"
    return f"{first} {last}"


def feminine_cz(last: str) -> str:
    if last.endswith("ý"):
        return last[:-1] + "á"
    if last.endswith("a"):
        return last[:-1] + "ová"
    if last.endswith("ek"):
        return last[:-2] + "ková"
    if last.endswith("ec"):
        return last[:-2] + "cová"
    return last + "ová"


def email_of(rng: random.Random, name: str, country: str, used: set[str], fold) -> str:
    words = ["".join(ch for ch in w if ch.isalnum()) for w in fold(name).replace("/", " ").split()]
    words = [w for w in words if len(w) > 1 and w not in ("bin", "binti")] or ["customer"]
    handle = rng.choice([".".join(words[:2]), words[0] + words[-1][:1], words[-1] + "." + words[0][:1],
                         words[0] + str(rng.randint(1, 99))])
    domain = rng.choice(EMAIL_DOMAINS[country])
    value = f"{handle}@{domain}"
    k = 1
    while value in used:
        k += 1
        value = f"{handle}{k}@{domain}"
    used.add(value)
    return value


def contact_fields(rng: random.Random, lang: str, started_at: datetime, now: datetime) -> dict:
    """One contact as an agent would log it: channel, times, holds, transfers, summary, transcript…

    Shared with bench/run.py, which logs such contacts through log_interaction.
    """
    channel = weighted(rng, CHANNELS)
    direction = "outbound" if channel in ("phone", "email") and rng.random() < 0.12 else "inbound"
    synchronous = channel in ("phone", "chat", "in_person")
    ended_at = started_at + timedelta(seconds=int(rng.lognormvariate(6.2, 0.6))) if synchronous else None
    queue_wait = int(rng.expovariate(1 / 25)) if channel in ("phone", "chat") and direction == "inbound" else None
    holds = []
    if channel == "phone":
        for _ in range(weighted(rng, [(0, 65), (1, 25), (2, 10)])):
            holds.append({"seconds": int(rng.lognormvariate(3.5, 0.6)), "apologized": rng.random() < 0.8})
        # logging refuses holds longer than the contact (round 15), so a short call's holds are cut to
        # fit it; no random number is drawn for it, so every other field stays as before
        room = int((ended_at - started_at).total_seconds())
        for hold in holds:
            hold["seconds"] = min(hold["seconds"], room)
            room -= hold["seconds"]
    transfers = []
    if channel == "phone" and rng.random() < 0.08:
        transfers.append({"type": "warm" if rng.random() < 0.6 else "cold",
                          "to": rng.choice(["billing", "logistics", "technical", None])})
    outcome = weighted(rng, OUTCOMES)
    order_no = f"{rng.randint(1_000_000, 9_999_999)}"  # also keeps every transcript unique
    summary = "" if rng.random() < 0.03 else rng.choice(SUMMARIES[outcome]).format(n=order_no)
    transcript = ""
    if synchronous and rng.random() < 0.35:
        variant = rng.choices((0, 1, 2), TRANSCRIPT_VARIANT_WEIGHTS)[0]
        transcript = TRANSCRIPTS[lang][variant].format(n=order_no)
    follow_up_due = started_at + timedelta(hours=rng.randint(20, 72)) if outcome == "follow_up" else None
    follow_up_done_at = None
    if follow_up_due is not None and follow_up_due < now and rng.random() < 0.85:
        follow_up_done_at = follow_up_due - timedelta(minutes=rng.randint(-600, 600))
    amount = Decimal(str(round(rng.lognormvariate(3.7, 1.0), 2))) if rng.random() < 0.06 else None
    return dict(channel=channel, direction=direction, ended_at=ended_at, queue_wait_seconds=queue_wait,
                holds=holds, transfers=transfers, outcome=outcome, summary=summary, transcript=transcript,
                follow_up_due=follow_up_due, follow_up_done_at=follow_up_done_at, amount=amount)


ROLLUP_COUNTERS = {
    "activity_daily": ("contacts", "handled_seconds", "resolved"),
    "compliance_daily": ("flagged", "upheld", "coached", "dismissed", "waived"),
}

# --- writing ----------------------------------------------------------------------------------------

class Writer:
    """Batches rows per table and writes each batch with one executemany, into every database given."""

    def __init__(self, engines, tables):
        self.engines = engines
        self.tables = tables
        self.pending: dict[str, list[dict]] = {name: [] for name in tables}
        self.counts: dict[str, int] = {name: 0 for name in tables}
        self.order = list(tables)  # parents first
        self.rollups: dict[str, dict[tuple, dict]] = {}
        self.rollup_day: dict[str, date] = {}

    def add_rollup(self, table: str, row: dict) -> None:
        """A roll-up row keyed by everything but its counters; repeated keys are summed.

        Held back until its day can get no more contacts (two generated days later), then written.
        """
        counters = ROLLUP_COUNTERS[table]
        key = tuple(v for k, v in row.items() if k not in counters)
        held = self.rollups.setdefault(table, {})
        if key in held:
            for c in counters:
                held[key][c] += row[c]
        else:
            held[key] = row
        newest = row["day"]
        if newest != self.rollup_day.get(table):
            self.rollup_day[table] = newest
            for k in [k for k, v in held.items() if (newest - v["day"]).days >= 2]:
                self.add(table, held.pop(k))

    def flush_rollups(self) -> None:
        for table, held in self.rollups.items():
            for row in held.values():
                self.add(table, row)
            held.clear()

    def add(self, table: str, row: dict) -> None:
        rows = self.pending[table]
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        from sqlalchemy import insert

        batches = []
        for name in self.order:
            rows = self.pending[name]
            if rows:
                # executemany needs the same keys in every row: one statement per shape.
                shapes: dict[tuple, list[dict]] = {}
                for row in rows:
                    shapes.setdefault(tuple(row), []).append(row)
                batches += [(name, same) for same in shapes.values()]
                self.counts[name] += len(rows)
                self.pending[name] = []
        for engine in self.engines:
            with engine.begin() as conn:
                for name, same in batches:
                    conn.execute(insert(self.tables[name]), same)


# The tables the generator fills in bulk: their secondary indexes (and on PostgreSQL their foreign
# keys) are dropped before loading and made again after it, which is much cheaper than keeping
# them up to date row by row. What is made again is read from the database itself, so the schema
# stays exactly what the migrations made.
BULK_TABLES = ("customers", "contact_points", "cases", "interactions", "findings", "feedback",
               "activity_daily", "compliance_daily")


def drop_indexes(engine) -> list[str]:
    """Drop the bulk tables' secondary indexes (and triggers / foreign keys); return the DDL to restore them."""
    from sqlalchemy import text

    restore: list[str] = []
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(text(
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
                "AND tbl_name IN (%s)" % ",".join(f"'{t}'" for t in BULK_TABLES))).all()
            for kind, name, sql in rows:
                conn.execute(text(f'DROP {kind.upper()} "{name}"'))
                restore.append(sql)
            if any(kind == "trigger" and "customer_name_fts" in sql for kind, _, sql in rows):
                # The name index's triggers were off while loading: fill it in one pass.
                restore.append("INSERT INTO customer_name_fts(customer_name_fts) VALUES ('rebuild')")
        elif engine.dialect.name == "postgresql":
            names = ",".join(f"'{t}'" for t in BULK_TABLES)
            fks = conn.execute(text(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                f"WHERE contype = 'f' AND (conrelid::regclass::text IN ({names}) "
                f"OR confrelid::regclass::text IN ({names}))")).all()
            for table, name, definition in fks:
                conn.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
            indexes = conn.execute(text(
                f"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                f"AND tablename IN ({names}) AND indexname NOT IN (SELECT conname FROM pg_constraint)")).all()
            for name, definition in indexes:
                conn.execute(text(f'DROP INDEX "{name}"'))
                restore.append(definition)
            restore += [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for table, name, definition in fks]
            # The name words of migration 0011: their triggers off and their btree dropped while
            # loading, then every name's words written in one statement and the btree built once.
            triggers = conn.execute(text(
                "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                f"WHERE NOT tgisinternal AND tgrelid::regclass::text IN ({names})")).all()
            for table, name, definition in triggers:
                conn.execute(text(f'DROP TRIGGER "{name}" ON {table}'))
            key = conn.execute(text("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                    "WHERE conname = 'customer_name_words_pkey'")).scalar()
            if key is not None:
                conn.execute(text("ALTER TABLE customer_name_words DROP CONSTRAINT customer_name_words_pkey"))
                restore += ["TRUNCATE customer_name_words", "SET LOCAL jit = off",
                            "INSERT INTO customer_name_words (word, customer_id) "
                            "SELECT w, c.id FROM customers AS c, crm_name_words(c.search_name) AS w ORDER BY 1",
                            f"ALTER TABLE customer_name_words ADD CONSTRAINT customer_name_words_pkey {key}"]
            restore += [definition for _table, _name, definition in triggers]
    return restore


def restore_indexes(engine, restore: list[str]) -> None:
    with engine.begin() as conn:
        for sql in restore:
            conn.exec_driver_sql(sql)


def prepare_database(url: str):
    """Bring one database to the migrations' head with the default policy: (app, engine, policy)."""
    app = make_app(url)
    with app.app_context():
        from sqlalchemy import func, select

        from crm.cli import upgrade_database
        from crm.extensions import db
        from crm.models import Customer
        from crm.services.policy import ensure_default_policy, policy_in_force

        upgrade_database()
        if db.session.scalar(select(func.count()).select_from(Customer)):
            raise SystemExit(f"{url} already holds customers; use --force (SQLite) or an empty database.")
        ensure_default_policy()
        policy = policy_in_force()
        db.session.commit()
        engine = db.engine
        if engine.dialect.name == "sqlite":
            # Only for this loading process's connections; the app's own pragmas are unchanged.
            from sqlalchemy import event

            @event.listens_for(engine, "connect")
            def _bulk_pragmas(dbapi_connection, _record):
                dbapi_connection.execute("PRAGMA cache_size=-262144")
            engine.dispose()
    return app, engine, policy


def generate(urls: list[str], scale: float, seed: int, end: date, quiet: bool = False,
             interactions_scale: float | None = None) -> dict:
    """Write the data set into every database of `urls` (the same rows; each row made once)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    n_customers = max(50, round(1_000_000 * scale))
    interactions_scale = scale if interactions_scale is None else interactions_scale
    n_interactions = max(500, round(10_000_000 * interactions_scale))
    n_agents, n_teams = 500, 20

    def say(msg: str) -> None:
        if not quiet:
            print(f"[{time.perf_counter() - started:7.1f}s] {msg}", file=sys.stderr, flush=True)

    prepared = [prepare_database(u) for u in urls]
    if len({p.version_id for _, _, p in prepared}) != 1:
        raise SystemExit("the databases' default policies differ; give empty databases")
    app, engine, policy = prepared[0]
    engines = [e for _, e, _ in prepared]
    with app.app_context():
        from sqlalchemy import text

        from crm.extensions import db
        from crm.models import (Case, ContactPoint, Customer, Department, Feedback, Finding,
                                Interaction, Team, User)
        from crm.services.contacts import normalize_phone
        from crm.services.policy import evaluate
        from crm.standards.base import CheckContext, Hold, InteractionFacts, Transfer
        from crm.text import fold
        import crm.models as models
        import crm.services.policy as policy_service

        context_fields = {f.name for f in dataclasses.fields(CheckContext)}
        # The rules each contact is checked against, as log_interaction computes them.
        applicable = getattr(policy_service, "applicable", None)
        # Daily roll-ups, kept by log_interaction (crm.services.rollups.record_logged) when the
        # schema has them; the generator fills them the same way, one day at a time.
        ActivityDaily = getattr(models, "ActivityDaily", None)
        ComplianceDaily = getattr(models, "ComplianceDaily", None)
        say(f"schema ready in {len(urls)} database(s); policy v{policy.number} with {len(policy.rules)} rules")
        restore = [drop_indexes(e) for e in engines]

        tables = {
            "departments": Department.__table__, "teams": Team.__table__, "users": User.__table__,
            "customers": Customer.__table__, "contact_points": ContactPoint.__table__,
            "cases": Case.__table__, "interactions": Interaction.__table__,
            "findings": Finding.__table__, "feedback": Feedback.__table__,
        }
        if ActivityDaily is not None and ComplianceDaily is not None:
            tables["activity_daily"] = ActivityDaily.__table__
            tables["compliance_daily"] = ComplianceDaily.__table__
        w = Writer(engines, tables)
        end_at = datetime(end.year, end.month, end.day, tzinfo=UTC)
        begin_at = end_at - timedelta(days=365)

        # Departments, teams, users.
        for i, (slug, name) in enumerate(DEPARTMENTS, start=1):
            w.add("departments", dict(id=i, slug=slug, name=name, emails=[f"{slug}@bench.example.com"],
                                      created_at=begin_at))
        dept_of = {slug: i for i, (slug, _) in enumerate(DEPARTMENTS, start=1)}
        team_seq: dict[str, int] = {}
        for t in range(1, n_teams + 1):
            country = TEAM_COUNTRIES[t - 1]
            team_seq[country] = team_seq.get(country, 0) + 1
            w.add("teams", dict(id=t, name=f"{TEAM_CITY[country]} {team_seq[country]}", created_at=begin_at))
        uid = 0
        agents_by_country: dict[str, list[tuple[int, int]]] = {c: [] for c in COUNTRY_WEIGHTS}
        lead_of_team: dict[int, int] = {}
        for a in range(n_agents):
            uid += 1
            team = a % n_teams + 1
            country = TEAM_COUNTRIES[team - 1]
            w.add("users", dict(id=uid, email=f"agent{a + 1}@bench.example.com", name=person_name(rng, country),
                                role="agent", team_id=team, active=True, created_at=begin_at))
            agents_by_country[country].append((uid, team))
        for t in range(1, n_teams + 1):
            uid += 1
            lead_of_team[t] = uid
            w.add("users", dict(id=uid, email=f"lead{t}@bench.example.com",
                                name=person_name(rng, TEAM_COUNTRIES[t - 1]), role="lead", team_id=t,
                                active=True, created_at=begin_at))
        uid += 1
        w.add("users", dict(id=uid, email="admin@bench.example.com", name="Bench Admin", role="admin",
                            active=True, created_at=begin_at))
        for slug, _ in DEPARTMENTS:
            uid += 1
            w.add("users", dict(id=uid, email=f"{slug}@bench.example.com", name=f"{slug.title()} Desk",
                                role="department", department_id=dept_of[slug], active=True,
                                created_at=begin_at))
        w.flush()
        say(f"{n_teams} teams, {n_agents} agents, {uid} users")

        # Customers with their phones and e-mails.
        countries = list(COUNTRY_WEIGHTS)
        weights = list(COUNTRY_WEIGHTS.values())
        country_of = bytearray(n_customers + 1)
        name_of: list[str] = [""] * (n_customers + 1)
        phones = Phones(rng)
        used_emails: set[str] = set()
        contact_id = 0
        checked = 0
        for cid in range(1, n_customers + 1):
            country = rng.choices(countries, weights)[0]
            country_of[cid] = countries.index(country)
            name = person_name(rng, country)
            name_of[cid] = name
            created = begin_at - timedelta(days=rng.randint(0, 5 * 365), seconds=rng.randrange(86400))
            company = rng.choice(COMPANIES) if rng.random() < 0.08 else None
            w.add("customers", dict(
                id=cid, account_number=f"{country}-{10_000_000 + cid}", name=name, search_name=fold(name),
                company=company, language=LANGUAGE[country] if rng.random() < 0.9 else "en",
                preferred_channel=weighted(rng, [("phone", 50), ("email", 30), ("chat", 15), (None, 5)]),
                tier=weighted(rng, [("standard", 70), ("silver", 18), ("gold", 9), ("platinum", 3)]),
                notes=rng.choice(NOTES) if rng.random() < 0.1 else None,
                preferences=rng.choice([{}, {}, {}, {"contact time": "mornings"}, {"invoices": "paper"}]),
                created_at=created, updated_at=created,
            ))
            n_phones = weighted(rng, [(0, 5), (1, 83), (2, 11), (3, 1)])
            for k in range(n_phones):
                e164, raw = phones.make(country if k == 0 or rng.random() < 0.8 else rng.choice(countries))
                if checked < 500:  # the stored pair must be what the app itself would store
                    region = {"+42": "CZ", "+35": "FI", "+40": "RO", "+44": "GB", "+60": "MY"}[e164[:3]]
                    assert normalize_phone(raw, region) == e164, (raw, region, e164)
                    checked += 1
                contact_id += 1
                w.add("contact_points", dict(id=contact_id, customer_id=cid, kind="phone", value=e164, raw=raw,
                                             label=rng.choice([None, None, "mobile", "work", "home"]),
                                             created_at=created))
            if rng.random() < 0.75:
                email = email_of(rng, name, country, used_emails, fold)
                contact_id += 1
                w.add("contact_points", dict(id=contact_id, customer_id=cid, kind="email", value=email,
                                             raw=email, created_at=created))
            if cid % 100_000 == 0:
                say(f"{cid:,} customers")
        w.flush()
        del phones, used_emails
        customers_seconds = time.perf_counter() - started
        say(f"{n_customers:,} customers, {contact_id:,} contact points")

        # Interactions, day by day so each customer's history is in time order, with the cases they
        # open, the findings the default policy gives them, and the feedback heard on them.
        day_weight = [(1.15 if (begin_at + timedelta(days=d)).weekday() < 5 else
                       0.7 if (begin_at + timedelta(days=d)).weekday() == 5 else 0.45) for d in range(365)]
        total_w = sum(day_weight)
        per_day = [int(n_interactions * x / total_w) for x in day_weight]
        for d in range(n_interactions - sum(per_day)):
            per_day[d % 365] += 1
        frequent = max(1, n_customers // 20)
        previous = array("I", bytes(4 * (n_customers + 1)))
        ix_id = case_id = finding_id = feedback_id = 0
        n_findings_by_standard: dict[str, int] = {}
        eval_seconds = 0.0
        review_counters = ("upheld", "coached", "dismissed", "waived")
        for d in range(365):
            day = begin_at + timedelta(days=d)
            activity: dict[tuple, list[int]] = {}
            compliance: dict[tuple, dict[str, int]] = {}
            times = sorted(rng.random() for _ in range(per_day[d]))
            for frac in times:
                cust = rng.randint(1, frequent) if rng.random() < 0.3 else rng.randint(1, n_customers)
                country = countries[country_of[cust]]
                lang = LANGUAGE[country]
                if rng.random() < 0.85:
                    agent_id, team_id = rng.choice(agents_by_country[country])
                else:
                    agent_id, team_id = rng.choice(agents_by_country[rng.choice(countries)])
                # Opening hours 08:00-20:00 local time.
                local_hour = 8 + 12 * frac
                started_at = day + timedelta(hours=local_hour - UTC_OFFSET[country])
                c = contact_fields(rng, lang, started_at, end_at)
                channel, direction, ended_at = c["channel"], c["direction"], c["ended_at"]
                queue_wait, holds, transfers = c["queue_wait_seconds"], c["holds"], c["transfers"]
                outcome, summary, transcript = c["outcome"], c["summary"], c["transcript"]
                follow_up_due, follow_up_done_at, amount = c["follow_up_due"], c["follow_up_done_at"], c["amount"]
                synchronous = channel in ("phone", "chat", "in_person")
                approver = None
                if amount is not None and amount > 200 and rng.random() < 0.7:
                    approver = lead_of_team[team_id]

                facts = InteractionFacts(
                    channel=channel, direction=direction, started_at=started_at, ended_at=ended_at,
                    queue_wait_seconds=queue_wait,
                    holds=tuple(Hold(h["seconds"], h["apologized"]) for h in holds),
                    transfers=tuple(Transfer(t["type"], t["to"]) for t in transfers),
                    summary=summary, transcript=transcript, language=lang, outcome=outcome,
                    follow_up_due=follow_up_due, amount=amount, agent_role="agent",
                    approved_by_role="lead" if approver else None)
                context = {"customer_language": lang, "previous_interactions": previous[cust], "case_status": None}
                if "customer_name" in context_fields:
                    context["customer_name"] = name_of[cust]
                t0 = time.perf_counter()
                rules = applicable(policy.rules, channel, team_id) if applicable else policy.rules
                results = evaluate(rules, facts, CheckContext(**context), team_id)
                eval_seconds += time.perf_counter() - t0
                previous[cust] += 1

                ix_id += 1
                this_case = None
                written_inquiry = direction == "inbound" and not synchronous
                if written_inquiry or outcome in ("follow_up", "escalated"):
                    case_id += 1
                    this_case = case_id
                    first_reply = started_at + timedelta(minutes=int(rng.expovariate(1 / 300))) if written_inquiry else started_at
                    resolved_at = None
                    status = "open"
                    if outcome == "resolved" or (end_at - started_at).days > 14 and rng.random() < 0.9:
                        status = "resolved" if rng.random() < 0.7 else "closed"
                        resolved_at = max(first_reply, started_at + timedelta(hours=rng.randint(1, 96)))
                    w.add("cases", dict(
                        id=case_id, customer_id=cust, subject=(summary or "Inquiry")[:200], status=status,
                        priority=weighted(rng, [("normal", 85), ("high", 12), ("urgent", 3)]), channel=channel,
                        owner_id=agent_id, team_id=team_id, opened_at=started_at,
                        first_reply_at=first_reply if first_reply <= end_at else None,
                        last_update_at=first_reply if first_reply <= end_at else None,
                        resolved_at=resolved_at if resolved_at and resolved_at <= end_at else None,
                        followed_up_at=None))
                w.add("interactions", dict(
                    id=ix_id, customer_id=cust, case_id=this_case, agent_id=agent_id, team_id=team_id,
                    channel=channel, direction=direction, started_at=started_at, ended_at=ended_at,
                    queue_wait_seconds=queue_wait, holds=holds, transfers=transfers, summary=summary,
                    transcript=transcript or None, language=lang, outcome=outcome, follow_up_due=follow_up_due,
                    follow_up_done_at=follow_up_done_at, amount=amount, approved_by_id=approver,
                    justifications={}, policy_version_id=policy.version_id,
                    created_at=(ended_at or started_at)))
                age_days = (end_at - started_at).days
                day_key = (started_at.date(), team_id, agent_id, channel)
                if ActivityDaily is not None:
                    a = activity.setdefault(day_key + (policy.version_id,), [0, 0, 0])
                    a[0] += 1
                    a[1] += int((ended_at - started_at).total_seconds()) if ended_at else 0
                    a[2] += outcome == "resolved"
                    if applicable:  # a row per (standard, mode) flagged; what was checked is derived
                        for key in {(r.rule.standard, r.rule.mode) for r in results}:
                            compliance.setdefault(day_key + key, dict.fromkeys(
                                ("flagged",) + review_counters, 0))["flagged"] += 1
                for r in results:
                    finding_id += 1
                    status = "open"
                    reviewer = None
                    if age_days > 7 and rng.random() < 0.8:
                        status = weighted(rng, [("upheld", 30), ("coached", 40), ("dismissed", 15),
                                                ("justified", 10), ("waived", 5)])
                        reviewer = lead_of_team[team_id]
                    n_findings_by_standard[r.rule.standard] = n_findings_by_standard.get(r.rule.standard, 0) + 1
                    if ActivityDaily is not None and applicable and status in review_counters:
                        compliance[day_key + (r.rule.standard, r.rule.mode)][status] += 1
                    w.add("findings", dict(
                        id=finding_id, interaction_id=ix_id, case_id=this_case, customer_id=cust,
                        agent_id=agent_id, team_id=team_id, channel=channel, standard=r.rule.standard,
                        policy_version_id=policy.version_id, mode=r.rule.mode, severity=r.rule.severity,
                        message=r.departure.message, evidence=dict(r.departure.evidence or {}), status=status,
                        justification="Customer asked to stay on the line." if status == "justified" else None,
                        reviewer_id=reviewer,
                        reviewed_at=started_at + timedelta(days=rng.randint(1, 7)) if reviewer else None,
                        created_at=ended_at or started_at))
                if rng.random() < 0.025:
                    category, fb_text, product = rng.choice(FEEDBACK)
                    feedback_id += 1
                    fb_status = "new" if age_days < 14 else weighted(
                        rng, [("acknowledged", 30), ("in_progress", 10), ("done", 45), ("declined", 15)])
                    w.add("feedback", dict(
                        id=feedback_id, interaction_id=ix_id, customer_id=cust, captured_by_id=agent_id,
                        category=category, product=product, text=fb_text,
                        department_id=dept_of.get(category), status=fb_status,
                        response="Thank you, noted." if fb_status in ("done", "declined") else None,
                        created_at=started_at))
            # The day's roll-ups, as record_logged() would have left them (keys carry their own UTC day).
            for (dday, team, agent, ch, version), (contacts, handled, resolved) in activity.items():
                w.add_rollup("activity_daily", dict(day=dday, team_id=team, agent_id=agent, channel=ch,
                                                    policy_version_id=version, contacts=contacts,
                                                    handled_seconds=handled, resolved=resolved))
            for (dday, team, agent, ch, standard, mode), counts in compliance.items():
                w.add_rollup("compliance_daily", dict(day=dday, team_id=team, agent_id=agent, channel=ch,
                                                      standard=standard, mode=mode, **counts))
            if (d + 1) % 30 == 0:
                say(f"day {d + 1}/365: {ix_id:,} interactions, {finding_id:,} findings")
        w.flush_rollups()
        w.flush()

        loaded = time.perf_counter() - started
        for e, ddl in zip(engines, restore):
            t0 = time.perf_counter()
            restore_indexes(e, ddl)
            say(f"{e.dialect.name}: {len(ddl)} indexes, triggers and foreign keys made again in "
                f"{time.perf_counter() - t0:.1f}s")
        manifests = []
        for url, e in zip(urls, engines):
            if e.dialect.name == "postgresql":
                with e.begin() as conn:
                    for table in ("departments", "teams", "users", "customers", "contact_points", "cases",
                                  "interactions", "findings", "feedback"):
                        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                          f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
                # Statistics for the planner, as autovacuum would gather them on a server left at its
                # defaults (without them every query plan is a guess).
                with e.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.exec_driver_sql("ANALYZE")
                    # And the VACUUM autovacuum gives a table that only had inserts (PostgreSQL 13+):
                    # with the visibility map set, name search reads customer_name_words index-only.
                    if conn.exec_driver_sql("SELECT to_regclass('customer_name_words')").scalar():
                        conn.exec_driver_sql("VACUUM customer_name_words")
            elif e.dialect.name == "sqlite":
                with e.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            with e.connect() as conn:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                # Tables this generator does not fill (e.g. ones added to the schema after it was written).
                empty = [t.name for t in db.metadata.sorted_tables
                         if not conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {t.name})")).scalar()]
            manifests.append({"database_url": url, "schema_revision": revision, "empty_tables": empty})
        seconds = time.perf_counter() - started
        say(f"done in {seconds:.1f}s")
        common = {
            "generator_version": GENERATOR_VERSION, "scale": scale, "interactions_scale": interactions_scale,
            "seed": seed, "end_date": end.isoformat(), "seconds": round(seconds, 1),
            "customers_seconds": round(customers_seconds, 1), "load_seconds": round(loaded, 1),
            "databases_written": len(urls), "policy_evaluate_seconds": round(eval_seconds, 1),
            "source": source_state(), "counts": dict(w.counts),
            "findings_by_standard": dict(sorted(n_findings_by_standard.items())),
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        return [{**common, **m} for m in manifests]


def empty_database(url: str) -> None:
    """--force: delete the SQLite file, or drop every table of the PostgreSQL database."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.01,
                        help="1.0 = 1,000,000 customers and 10,000,000 interactions (default 0.01)")
    parser.add_argument("--interactions-scale", type=float, default=None,
                        help="interactions at another scale than the customers (e.g. --scale 1 "
                             "--interactions-scale 0.1: 1,000,000 customers, 1,000,000 interactions)")
    parser.add_argument("--database-url", action="append", default=None,
                        help="where to write; repeat it to write the same rows into several databases in one "
                             "pass (default: sqlite:///bench/results/crm-scale-<scale>.sqlite)")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--end-date", type=date.fromisoformat, default=None,
                        help="last day (exclusive) of the year of interactions; default today (UTC)")
    parser.add_argument("--force", action="store_true",
                        help="delete an existing SQLite file first; on PostgreSQL DROP every table first")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    urls = args.database_url or [default_database_url(args.scale, args.interactions_scale)]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for url in urls:
        if args.force:
            empty_database(url)
        elif sqlite_path(url) is not None:
            sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
        manifest_path(url).unlink(missing_ok=True)
    end = args.end_date or datetime.now(UTC).date()
    manifests = generate(urls, args.scale, args.seed, end, quiet=args.quiet,
                         interactions_scale=args.interactions_scale)
    for url, manifest in zip(urls, manifests):
        path = sqlite_path(url)
        if path is not None:
            manifest["database_bytes"] = path.stat().st_size
        manifest_path(url).write_text(json.dumps(manifest, indent=2) + "\n")
    print(json.dumps(manifests, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
