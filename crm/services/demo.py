"""Deterministic demo data: customers from five countries, teams, users and a history of contacts."""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select, update

from ..database import write_transaction
from ..extensions import db
from ..models import Department, Feedback, Interaction, Team, User
from ..models.base import utcnow
from ..text import fold
from .accounts import UserInput, create_user
from .customers import CustomerInput, create_customer
from .department_inbox import update_feedback
from .interactions import InteractionInput, log_interaction
from . import surveys
from .policy import ensure_default_policy
from .routing import RoutingRuleInput, create_rule, fallback_department
from .access import SYSTEM

PASSWORD = "demo-password"

TEAMS = ("Kuala Lumpur", "Praha", "Helsinki")

DEMO_LOGINS = [
    ("admin", "admin@demo.example.com", PASSWORD),
    ("lead", "lead.kl@demo.example.com", PASSWORD),
    ("lead", "lead.praha@demo.example.com", PASSWORD),
    ("lead", "lead.helsinki@demo.example.com", PASSWORD),
    ("agent", "agent@demo.example.com", PASSWORD),
    ("agent", "agent.praha@demo.example.com", PASSWORD),
    ("agent", "agent.helsinki@demo.example.com", PASSWORD),
    ("department", "packaging@demo.example.com", PASSWORD),
    ("department", "product@demo.example.com", PASSWORD),
]

DEPARTMENTS = (("product", "Product"), ("packaging", "Packaging"), ("marketing", "Marketing"),
               ("billing", "Billing"))

# (department, category, product pattern, keywords, priority): a packaging complaint is the
# packaging department's whatever the agent filed it under, so its keywords are tried first.
ROUTING_RULES = (
    ("packaging", None, None, ["crushed", "dented", "box", "packag*", "krabic*", "rozmackan*", "kotak", "remuk",
                               "laatik*", "murska*", "cutie", "cutia", "strivit*"], 10),
    ("product", None, "Kettle*", [], 20),
    ("packaging", "packaging", None, [], 50),
    ("product", "product", None, [], 50),
    ("marketing", "marketing", None, [], 50),
    ("billing", "billing", None, [], 50),
)

# What a team writes (summaries, the feedback it heard, notes on customers) is in the team's language:
# Praha's Czech, Helsinki's Finnish, and Kuala Lumpur's Malay for the customers it looks after (Malaysia,
# Romania, Britain). A transcript is the conversation, in the customer's language; a survey comment too.
TEAM_OF_COUNTRY = {"CZ": "cs", "FI": "fi"}  # every other country: the Kuala Lumpur team ("ms")

# Feedback the agent heard on a demo contact, by the index of its summary in SUMMARIES (category,
# product, and the words per language); the variant is picked by the contact's number, so the demo stays
# the same from run to run. The routing rules' keywords (krabic*, kotak, laatik*) find the crushed boxes.
_CRUSHED = ("packaging", "Kettle Pro", {
    "ms": "Kotak tiba dalam keadaan remuk dan cerek di dalamnya kemek.",
    "cs": "Krabice přišla rozmačkaná a konvice uvnitř byla promáčknutá.",
    "fi": "Laatikko saapui murskana ja vedenkeitin sen sisällä oli lommolla."})
HEARD = {
    1: (_CRUSHED,
        ("packaging", "Toaster 2", {"ms": "Terlalu banyak pembalut plastik di sekeliling pembakar roti.",
                                    "cs": "Kolem toustovače je zbytečně moc plastového obalu.",
                                    "fi": "Leivänpaahtimen ympärillä on liikaa muovikääreitä."}),
        _CRUSHED),
    2: (("billing", None, {"ms": "Saya dicaj dua kali pada invois terakhir.",
                           "cs": "Na poslední faktuře mi naúčtovali platbu dvakrát.",
                           "fi": "Viimeisellä laskulla minua veloitettiin kahdesti."}),),
    4: (("product", "Mobile app", {"ms": "Aplikasi ini lebih bagus jika ada mod gelap.",
                                   "cs": "Aplikace by byla skvělá s tmavým režimem.",
                                   "fi": "Sovellus olisi loistava, jos siinä olisi tumma tila."}),
        ("product", "Kettle Pro", {"ms": "Penutup cerek susah dibuka dengan sebelah tangan.",
                                   "cs": "Víko konvice se jednou rukou špatně otevírá.",
                                   "fi": "Vedenkeittimen kantta on vaikea avata yhdellä kädellä."})),
    5: (("marketing", None, {"ms": "E-mel promosi itu mengelirukan tentang diskaun.",
                             "cs": "Propagační e-mail byl ohledně slevy matoucí.",
                             "fi": "Kampanjasähköposti oli alennuksen osalta sekava."}),
        ("other", None, {"ms": "Saya lebih suka menerima tawaran melalui pos, bukan e-mel.",
                         "cs": "Nabídky bych radši dostával poštou, ne e-mailem.",
                         "fi": "Haluaisin kuulla tarjouksista postitse, en sähköpostilla."})),
}
ANSWERED = (("done", "We changed to a double-walled box for kettles from this month; thank you for telling us."),
            ("in_progress", "Our packaging supplier is testing stronger corners."))

# Per country: language, how a name is made from the random source, and a phone number written
# the way people there write it. Given and family names agree in gender where the language says so.
# The language each demo team works in, and so the language of its members' pages.
TEAM_LOCALES = {"Kuala Lumpur": "ms", "Praha": "cs", "Helsinki": "fi"}
TEAM_ZONES = {"Kuala Lumpur": "Asia/Kuala_Lumpur", "Praha": "Europe/Prague", "Helsinki": "Europe/Helsinki"}


def _czech(r: random.Random) -> str:
    if r.random() < 0.5:
        return f"{r.choice(['Jan', 'Tomáš', 'Jiří', 'Lukáš', 'Martin', 'Petr'])} " \
               f"{r.choice(['Novák', 'Svoboda', 'Dvořák', 'Černý', 'Procházka', 'Kučera', 'Veselý', 'Horák'])}"
    return f"{r.choice(['Petra', 'Lucie', 'Kateřina', 'Tereza', 'Eliška', 'Jana'])} " \
           f"{r.choice(['Nováková', 'Svobodová', 'Dvořáková', 'Černá', 'Procházková', 'Kučerová', 'Veselá'])}"


def _malaysian(r: random.Random) -> str:
    father = r.choice(["Ismail", "Rahman", "Abdullah", "Hassan", "Yusof", "Osman"])
    return r.choice([
        f"{r.choice(['Ahmad', 'Muhammad Hafiz', 'Zulkifli', 'Amir'])} bin {father}",
        f"{r.choice(['Siti', 'Nur Aisyah', 'Nurul Huda', 'Farah'])} binti {father}",
        f"{r.choice(['Tan', 'Lim', 'Wong', 'Lee'])} {r.choice(['Wei Ming', 'Mei Ling', 'Kok Leong', 'Hui Min'])}",
        f"{r.choice(['Rajesh', 'Suresh', 'Priya', 'Kavitha'])} {r.choice(['Kumar', 'Nair', 'Pillai'])}",
    ])


COUNTRIES = {
    "MY": ("ms", _malaysian, lambda r: f"01{r.choice('2346789')}-{r.randint(100, 999)} {r.randint(1000, 9999)}"),
    "CZ": ("cs", _czech,
           lambda r: f"+420 {r.choice('67')}{r.randint(10, 99)} {r.randint(100, 999)} {r.randint(100, 999)}"),
    "FI": ("fi", lambda r: f"{r.choice(['Mikko', 'Aino', 'Jukka', 'Sari', 'Päivi', 'Juha', 'Eeva', 'Timo'])} "
                           f"{r.choice(['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Hämäläinen', 'Laine'])}",
           lambda r: f"+358 4{r.choice('0145')} {r.randint(100, 999)} {r.randint(1000, 9999)}"),
    "RO": ("ro", lambda r: f"{r.choice(['Andrei', 'Ioana', 'Mihai', 'Elena', 'Ștefan', 'Ana', 'Radu', 'Maria'])} "
                           f"{r.choice(['Popescu', 'Ionescu', 'Popa', 'Dumitru', 'Constantinescu', 'Țurcanu'])}",
           lambda r: f"+40 7{r.randint(20, 89)} {r.randint(100, 999)} {r.randint(100, 999)}"),
    "GB": ("en", lambda r: f"{r.choice(['Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Emily'])} "
                           f"{r.choice(['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans'])}",
           lambda r: f"+44 7{r.randint(400, 999)} {r.randint(100000, 999999)}"),
}

# The customers the README and docs use as examples, so a new user's first lookup finds someone.
# (country, name, phone, the index of its note in NOTES or None)
KNOWN_CUSTOMERS = (
    ("MY", "Siti Nurhaliza binti Rahman", "+60 12-345 6789", 0),
    ("CZ", "Jan Novák", "+420 603 123 456", 1),
    ("FI", "Aino Korhonen", "+358 40 123 4567", None),
    ("RO", "Ioana Popescu", "+40 721 234 567", None),
    ("GB", "Oliver Smith", "+44 7700 900123", 2),
)

# "Know before you talk", as the team writes it.
NOTES = {
    "ms": ("Lebih suka dihubungi selepas pukul 17:00.", "Kurang pendengaran: sila bercakap perlahan-lahan.",
           "Pelanggan setia sejak 2015."),
    "cs": ("Volejte až po 17:00.", "Hůř slyší: mluvte pomalu.", "Věrný zákazník od roku 2015."),
    "fi": ("Soita mieluiten klo 17:00 jälkeen.", "Kuulee huonosti: puhu hitaasti.", "Pitkäaikainen asiakas vuodesta 2015."),
}
PREFERENCES = {
    "ms": ({}, {"masa dihubungi": "pagi"}, {"invois": "kertas"}),
    "cs": ({}, {"doba kontaktu": "dopoledne"}, {"faktury": "papírově"}),
    "fi": ({}, {"yhteydenottoaika": "aamupäivisin"}, {"laskut": "paperilla"}),
}

# (summary per team language, outcome); {n} is an order number.
SUMMARIES = [
    ({"ms": "Bertanya tarikh penghantaran pesanan {n}; disahkan akan dihantar pada hari Jumaat.",
      "cs": "Ptal se na termín doručení objednávky {n}; potvrdili jsme odeslání v pátek.",
      "fi": "Kysyi tilauksen {n} toimituspäivää; vahvistettiin, että se lähtee perjantaina."}, "resolved"),
    ({"ms": "Meminta bayaran balik untuk bungkusan rosak; kotak tiba dalam keadaan remuk. Barang ganti sudah dihantar.",
      "cs": "Žádost o vrácení peněz za poškozený balík; krabice přišla rozmačkaná. Poslali jsme náhradu.",
      "fi": "Pyysi hyvitystä vaurioituneesta paketista; laatikko saapui murskana. Korvaava tuote lähetetty."},
     "resolved"),
    ({"ms": "Pertanyaan bil tentang caj berganda pada invois terakhir; dirujuk kepada bahagian bil.",
      "cs": "Dotaz k vyúčtování: dvojí platba na poslední faktuře; předáno fakturaci.",
      "fi": "Laskutuskysymys: viimeisellä laskulla kaksinkertainen veloitus; siirretty laskutukselle."}, "follow_up"),
    ({"ms": "Mahu menukar alamat penghantaran pesanan {n}; sudah dikemas kini dan disahkan melalui e-mel.",
      "cs": "Chtěl změnit doručovací adresu objednávky {n}; změněno a potvrzeno e-mailem.",
      "fi": "Halusi vaihtaa tilauksen {n} toimitusosoitteen; päivitetty ja vahvistettu sähköpostilla."}, "resolved"),
    ({"ms": "Soalan produk: aplikasi tiada mod gelap; cadangan dicatat untuk pasukan produk.",
      "cs": "Dotaz k produktu: aplikaci chybí tmavý režim; návrh jsme předali produktovému týmu.",
      "fi": "Tuotekysymys: sovelluksesta puuttuu tumma tila; ehdotus kirjattiin tuotetiimille."}, "resolved"),
    ({"ms": "Mengadu e-mel promosi mengelirukan; tawaran sudah diterangkan dan kami berterima kasih kepadanya.",
      "cs": "Stěžoval si na matoucí propagační e-mail; nabídku jsme vysvětlili a poděkovali mu.",
      "fi": "Valitti, että kampanjasähköposti oli sekava; tarjous selitettiin ja asiakasta kiitettiin."}, "resolved"),
]
# A written inquiry and its answer, as the team logs them.
EMAILED = {"ms": ("E-mel daripada pelanggan: {}", "Dibalas melalui e-mel: {}"),
           "cs": ("E-mail od zákazníka: {}", "Odpověděli jsme e-mailem: {}"),
           "fi": ("Asiakkaan sähköposti: {}", "Vastattu sähköpostilla: {}")}
# What a customer writes on the survey, in their own language.
SURVEY_COMMENTS = {
    "en": ("Quick and friendly.", "Solved at once, thank you."),
    "ms": ("Cepat dan mesra.", "Selesai serta-merta, terima kasih."),
    "cs": ("Rychlé a vstřícné.", "Vyřešeno hned, děkuji."),
    "fi": ("Nopeaa ja ystävällistä.", "Ratkesi heti, kiitos."),
    "ro": ("Rapid și amabil.", "Rezolvat imediat, mulțumesc."),
}

TRANSCRIPTS = {
    "en": "Agent: Good morning, thank you for calling. How can I help?\nCustomer: My order is late.\n"
          "Agent: I am sorry for the wait, let me check. Thank you for your patience.",
    "ms": "Ejen: Selamat pagi, terima kasih kerana menghubungi kami.\nPelanggan: Pesanan saya lewat.\n"
          "Ejen: Maaf atas kelewatan, saya semak sekarang. Terima kasih atas kesabaran anda.",
    "cs": "Operátor: Dobrý den, děkujeme, že voláte.\nZákazník: Moje objednávka nepřišla.\n"
          "Operátor: Omlouvám se za čekání, hned to ověřím. Děkuji za trpělivost.",
    "fi": "Asiakaspalvelija: Hyvää huomenta ja kiitos soitosta.\nAsiakas: Tilaukseni on myöhässä.\n"
          "Asiakaspalvelija: Pahoittelen odotusta, tarkistan asian. Kiitos kärsivällisyydestä.",
    "ro": "Operator: Bună ziua, vă mulțumim că ați sunat.\nClient: Comanda mea întârzie.\n"
          "Operator: Îmi pare rău pentru așteptare, verific acum. Vă mulțumesc pentru răbdare.",
}


def load_demo(customers: int = 240, seed: int = 20261123) -> list[tuple[str, str, str]]:
    """Load the demo data once; return the logins, or [] when it is already there."""
    if db.session.scalar(select(User).where(User.email == "admin@demo.example.com")):
        return []
    rng = random.Random(seed)
    ensure_default_policy()
    with write_transaction():
        existing = set(db.session.scalars(select(Department.slug)))
        for slug, name in DEPARTMENTS:
            if slug not in existing:
                db.session.add(Department(slug=slug, name=name, emails=[f"{slug}@demo.example.com"]))
        # No webhooks: the inboxes work without them, and e-mails go out once CRM_SMTP_URL is set.
        # `crm init` may already have made the fallback department.
        fallback_department()
    admin = create_user(UserInput(email="admin@demo.example.com", name="Ada Admin", role="admin", password=PASSWORD),
                        SYSTEM)
    for slug, category, pattern, keywords, priority in ROUTING_RULES:
        create_rule(RoutingRuleInput(department=slug, category=category, product_pattern=pattern,
                                     keywords=keywords, priority=priority), admin)
    for email, name, team in (("lead.kl@demo.example.com", "Nur Lead", "Kuala Lumpur"),
                              ("lead.praha@demo.example.com", "Pavel Vedoucí", "Praha"),
                              ("lead.helsinki@demo.example.com", "Liisa Esihenkilö", "Helsinki")):
        create_user(UserInput(email=email, name=name, role="lead", team=team, password=PASSWORD), SYSTEM,
                    create_team=True)
    agents = [
        create_user(UserInput(email=email, name=name, role="agent", team=team, password=PASSWORD), SYSTEM,
                    create_team=True)
        for email, name, team in (("agent@demo.example.com", "Aminah Agent", "Kuala Lumpur"),
                                  ("agent2.kl@demo.example.com", "Daniel Tan", "Kuala Lumpur"),
                                  ("agent.praha@demo.example.com", "Eva Operátorová", "Praha"),
                                  ("agent.helsinki@demo.example.com", "Otto Asiakaspalvelija", "Helsinki"))
    ]
    # Everyone reads the pages in their team's language (the Prague agent in Czech); the admin in English.
    # Each team works in its city's time zone; the admin reads CRM_TIMEZONE.
    with write_transaction():
        for team in db.session.scalars(select(Team)):
            team.timezone = TEAM_ZONES.get(team.name, team.timezone)
        for user in db.session.scalars(select(User).where(User.team_id.is_not(None))):
            user.locale = TEAM_LOCALES.get(user.team.name, user.locale)
    desks = {slug: create_user(UserInput(email=f"{slug}@demo.example.com", name=f"{slug.title()} Desk",
                                         role="department", department=slug, password=PASSWORD), SYSTEM)
             for slug in ("packaging", "product")}

    now = utcnow().replace(second=0, microsecond=0)
    countries = list(COUNTRIES)
    made = []
    used_names = set()
    for i in range(customers):
        country = countries[i % len(countries)]
        language, make_name, phone = COUNTRIES[country]
        written = TEAM_OF_COUNTRY.get(country, "ms")
        known = KNOWN_CUSTOMERS[i] if i < len(KNOWN_CUSTOMERS) else None
        name = known[1] if known else make_name(rng)
        if name in used_names:
            name = f"{name} {chr(65 + i % 26)}."
        used_names.add(name)
        parts = fold(name).replace(".", "").split()
        handle = f"{parts[0]}.{parts[-1]}"[:20]
        data = CustomerInput(
            name=name, account_number=f"ACC-{100001 + i}", phones=[known[2] if known else phone(rng)],
            emails=[f"{handle}{i}@example.{country.lower() if country != 'GB' else 'co.uk'}"],
            language=language, preferred_channel=rng.choice(["phone", "phone", "email", "chat"]),
            tier=rng.choice(["standard", "standard", "silver", "gold"]),
            notes=_note(written, known[3]) if known else rng.choice([None, None, None, *NOTES[written]]),
            preferences=rng.choice(PREFERENCES[written]),
        )
        made.append((create_customer(data, SYSTEM), language, country))

    for n, (customer, language, country) in enumerate(made):
        agent = agents[{"CZ": 2, "FI": 3}.get(country, n % 2)]
        written = TEAM_OF_COUNTRY.get(country, "ms")
        for k in range(rng.randint(1, 4)):
            started = now - timedelta(days=rng.randint(1, 45), minutes=rng.randint(0, 600))
            index = rng.randrange(len(SUMMARIES))
            texts, outcome = SUMMARIES[index]
            variants = HEARD.get(index, ())
            heard = variants[(n + k) % len(variants)] if variants else None
            summary = texts[written].format(n=10000 + n * 7 + k)
            if rng.random() < 0.2:
                _written_inquiry(agent, customer.id, started, summary, language, written, rng)
                continue
            hold = rng.choice([[]] * 5 + [[{"seconds": 40, "apologized": True}]] * 3
                              + [[{"seconds": 75, "apologized": True}], [{"seconds": 90, "apologized": False}]])
            logged = log_interaction(InteractionInput(
                customer_id=customer.id, channel=rng.choice(["phone"] * 4 + ["chat"]), direction="inbound",
                started_at=started, ended_at=started + timedelta(minutes=rng.randint(2, 5)),
                queue_wait_seconds=rng.choice([5, 12, 20, 35, 48, 75]), holds=hold, summary=summary,
                transcript=TRANSCRIPTS[language], language=language, outcome=outcome,
                follow_up_due=started + timedelta(days=2) if outcome == "follow_up" else None,
                feedback=[{"category": heard[0], "product": heard[1], "text": heard[2][written]}] if heard else [],
            ), agent)
            survey = surveys.survey_of(logged.interaction.id)
            if survey is not None and rng.random() < 0.4:
                surveys.answer(surveys.token_for(survey), rng.choice([5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 3]),
                               rng.choice(["", "", *SURVEY_COMMENTS[language]]))
    _backdate_feedback([a.id for a in agents])
    packaging = db.session.scalars(select(Feedback.id).join(Department, Feedback.department_id == Department.id)
                                   .where(Department.slug == "packaging").order_by(Feedback.id).limit(len(ANSWERED)))
    for feedback_id, (status, response) in zip(list(packaging), ANSWERED):
        update_feedback(desks["packaging"], feedback_id, status=status, response=response)
    return DEMO_LOGINS


def _note(written: str, index) -> str | None:
    return NOTES[written][index] if index is not None else None


def _written_inquiry(agent: User, customer_id: int, started, summary: str, language: str, written: str,
                     rng: random.Random) -> None:
    """An e-mail from the customer, answered by the agent hours later: a case with a first reply."""
    received, replied_with = EMAILED[written]
    inquiry = log_interaction(InteractionInput(
        customer_id=customer_id, channel="email", direction="inbound", started_at=started,
        summary=received.format(summary), language=language, outcome="follow_up",
        follow_up_due=started + timedelta(hours=24)), agent)
    # Never in the future: the CRM refuses contacts that have not happened yet.
    replied = min(started + timedelta(hours=rng.choice([1, 3, 6, 20, 30])), utcnow() - timedelta(minutes=1))
    log_interaction(InteractionInput(
        customer_id=customer_id, channel="email", direction="outbound", started_at=replied,
        case_id=inquiry.interaction.case_id, summary=replied_with.format(summary), language=language,
        outcome="resolved"), agent)


def _backdate_feedback(agent_ids: list[int]) -> None:
    """Date the demo agents' feedback when its back-dated contact happened, so the trends span weeks."""
    with write_transaction():
        db.session.execute(
            update(Feedback).where(Feedback.captured_by_id.in_(agent_ids))
            .values(created_at=select(Interaction.started_at).where(Interaction.id == Feedback.interaction_id)
                    .scalar_subquery())
            .execution_options(synchronize_session=False))
