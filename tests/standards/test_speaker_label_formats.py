"""Speaker labels as people write them (#8): whose thanks is whose depends on reading them right.

Each format is checked through courtesy.thanks on a pair of calls: in one only the customer thanks
(it must be flagged: a label read wrongly, or not read at all, gives the customer's thanks to the
agent), in its twin the agent thanks too (it must pass). Formats: lower case, role words without
diacritics, role words of all five languages, "Name (Company)", "Name - Company", "Name from
Company", chat logs with times before or after the label (with seconds, AM/PM, a date), a name that
writes only once in a timed chat, list bullets, quoted labels, and labels only on the first line of
a turn.
"""
import pytest

from crm.standards.language import AGENT, CUSTOMER, split_turns

# language: (greeting, problem, the agent's closing without thanks, with thanks, the customer's thanks)
LINES = {
    "en": ("Hello, how can I help?", "My card was charged twice.", "Right, that's all sorted now.",
           "Thanks for bearing with me, that's all sorted now.", "Great, thanks a lot."),
    "cs": ("Dobrý den, jak vám můžu pomoct?", "Strhli mi platbu dvakrát.", "Tak, už je to vyřízené.",
           "Děkuju za trpělivost, už je to vyřízené.", "Super, děkuju moc."),
    "fi": ("Hei, miten voin auttaa?", "Kortilta veloitettiin kahdesti.", "No niin, nyt se on hoidettu.",
           "Kiitos kärsivällisyydestä, nyt se on hoidettu.", "Hienoa, kiitos paljon."),
    "ms": ("Selamat pagi, boleh saya bantu?", "Kad saya kena caj dua kali.", "Okey, semua dah beres.",
           "Terima kasih sebab sabar, semua dah beres.", "Bagus, terima kasih banyak."),
    "ro": ("Bună ziua, cu ce vă pot ajuta?", "Mi s-a luat plata de două ori.", "Gata, am rezolvat totul.",
           "Vă mulțumesc pentru răbdare, am rezolvat totul.", "Super, mulțumesc frumos."),
}

# (language, the agent's label on each of their lines, the customer's, whether the customer speaks first)
FORMATS = [
    ("en", ["agent:"] * 2, ["customer:"] * 2, False),
    ("cs", ["Operatorka:"] * 2, ["Zakaznik:"] * 2, False),
    ("cs", ["Poradkyne Jana:"] * 2, ["Klientka:"] * 2, False),
    ("cs", ["Operátorka:"] * 2, ["Volající:"] * 2, True),
    ("fi", ["Asiakasneuvoja:"] * 2, ["Asiakas:"] * 2, False),
    ("ms", ["Pegawai:"] * 2, ["Pelanggan:"] * 2, False),
    ("ro", ["Consultant:"] * 2, ["Client:"] * 2, False),
    ("en", ["Advisor:"] * 2, ["Caller:"] * 2, True),
    ("en", ["CSR:"] * 2, ["Client:"] * 2, False),
    ("en", ["Chloe:"] * 2, ["Visitor:"] * 2, True),
    ("ro", ["Andrei:"] * 2, ["Cumpărător:"] * 2, True),
    ("cs", ["Jana Nováková (Halden Banka):"] * 2, ["Petr Svoboda:"] * 2, True),
    ("fi", ["Liisa - Pohjolan Sähkö:"] * 2, ["Matti Virtanen:"] * 2, True),
    ("en", ["Sam from Northway Energy:"] * 2, ["Daniel Price:"] * 2, True),
    ("ms", ["Cik Aminah (TNB):"] * 2, ["Encik Rahman:"] * 2, True),
    ("cs", ["[10:02] Agent Jana:", "[10:04] Agent Jana:"], ["[10:03] Petr:", "[10:05] Petr:"], False),
    ("ro", ["Andrei (10:02):", "Andrei (10:04):"], ["Client (10:03):", "Client (10:05):"], False),
    ("ms", ["[05/12/2026 10:02 AM] Aminah @ TNB:", "[05/12/2026 10:04 AM] Aminah @ TNB:"],
     ["[05/12/2026 10:03 AM] Encik Rahman:", "[05/12/2026 10:05 AM] Encik Rahman:"], False),
    ("fi", ["2026-12-05 10:02:11 Liisa:", "2026-12-05 10:04:40 Liisa:"],
     ["2026-12-05 10:03:02 Asiakas:", "2026-12-05 10:05:13 Asiakas:"], False),
    ("en", ["- Agent:"] * 2, ["- Customer:"] * 2, False),
    ("en", ['"Advisor":'] * 2, ['"Caller":'] * 2, True),
]


def call(language, agent, customer, customer_first, agent_thanks):
    greeting, problem, plain, thanking, customer_thanks = LINES[language]
    agent_lines = [f"{agent[0]} {greeting}", f"{agent[1]} {thanking if agent_thanks else plain}"]
    customer_lines = [f"{customer[0]} {problem}", f"{customer[1]} {customer_thanks}"]
    if customer_first:  # the customer opens a chat, the agent answers
        agent_lines[0] = f"{agent[0]} {greeting.split(',')[0]}, {plain[0].lower()}{plain[1:]}"
        order = [customer_lines[0], agent_lines[0], customer_lines[1], agent_lines[1]]
    else:
        order = [agent_lines[0], customer_lines[0], agent_lines[1], customer_lines[1]]
    return "\n".join(order)


@pytest.mark.parametrize("language,agent,customer,customer_first", FORMATS,
                         ids=[f"{f[0]}-{f[1][0]}" for f in FORMATS])
def test_only_the_agents_thanks_count_whatever_the_labels(check, contact, language, agent, customer,
                                                          customer_first):
    only_customer = call(language, agent, customer, customer_first, agent_thanks=False)
    both = call(language, agent, customer, customer_first, agent_thanks=True)
    assert check("courtesy.thanks", contact(transcript=only_customer, language=language)), only_customer
    assert not check("courtesy.thanks", contact(transcript=both, language=language)), both


def test_a_timed_chat_line_is_its_writers_even_when_they_write_once():
    turns, labelled = split_turns("[10:02] Agent Jana: Dobrý den, jak pomůžu?\n[10:03] Petr: Nejde mi karta.\n"
                                  "[10:04] Agent Jana: Podívám se.")
    assert labelled and [speaker for speaker, _, _ in turns] == [AGENT, CUSTOMER, AGENT]
    # without a time, a one-off "Order:" line stays in the agent's turn, as before
    turns, _ = split_turns("Agent: Let me look.\nOrder: 55120, found it.\nCustomer: Thanks.")
    assert [speaker for speaker, _, _ in turns] == [AGENT, CUSTOMER]


def test_a_sentence_with_a_bracket_and_a_colon_is_no_label():
    turns, _ = split_turns("Agent: Hello.\nI checked it twice (really twice) and found this: a refund.\n"
                           "Customer: Great.")
    assert [speaker for speaker, _, _ in turns] == [AGENT, CUSTOMER]
    assert "refund" in turns[0][2]


@pytest.mark.parametrize("language", sorted(LINES))
def test_a_label_on_the_first_line_of_a_turn_carries_the_lines_below(check, contact, language):
    greeting, problem, plain, thanking, customer_thanks = LINES[language]
    agent, customer = {"en": ("Agent", "Customer"), "cs": ("Operátor", "Zákazník"), "fi": ("Neuvoja", "Asiakas"),
                       "ms": ("Ejen", "Pelanggan"), "ro": ("Operator", "Client")}[language]
    # the agent's turn runs over three lines and the thanks is on the last; the customer's thanks
    # sits on the second line of their turn
    agent_thanks = f"{agent}: {greeting}\n{plain}\n{thanking}\n{customer}: {problem}\n{customer_thanks}"
    customer_thanks_only = f"{agent}: {greeting}\n{plain}\n{customer}: {problem}\n{customer_thanks}"
    assert not check("courtesy.thanks", contact(transcript=agent_thanks, language=language))
    assert check("courtesy.thanks", contact(transcript=customer_thanks_only, language=language))
