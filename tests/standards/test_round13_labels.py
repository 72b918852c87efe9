"""Speaker labels, round 13 (#8), in the shared language analysis (every language):

- "Ville K.", "Jana N.": beside a name, a single letter is a surname's initial, not a role ("K:"
  klient, "A:" agent); writer n's "Ville K." was read as the customer, so the agent's sarcasm went
  unread and the customer's thanks were taken for the agent's.
- "Operátor: [hold 100 s]": a labelled line that is only a bracketed note is an event, as the same
  note without a label is, not a turn the agent spoke (it was judged English, and findings said
  "judged as Czech (3 turns) and English (1 turn)").
"""
from crm.standards.language import AGENT, CUSTOMER, EVENT, analyse


def test_a_name_with_a_surname_initial_is_a_name_not_a_role():
    analysis = analyse("Ville K.: Netticom, Ville.\nAsiakas: Hei, laskusta.\nVille K.: Kiitos soitosta.", "fi")
    assert [t.speaker for t in analysis.turns] == [AGENT, CUSTOMER, AGENT]
    # a lone initial is still a role: "K:" is the customer (klient), "A:" the agent
    alone = analyse("A: Dobrý den.\nK: Dobrý den, volám kvůli faktuře.\nA: Děkuju.", "cs")
    assert [t.speaker for t in alone.turns] == [AGENT, CUSTOMER, AGENT]


def test_a_labelled_hold_note_is_an_event_and_no_turn_of_the_agent(check, contact):
    transcript = ("Zákazník: Dobrý den, volám kvůli splátce.\nOperátor: Moment, podívám se.\n"
                  "Operátor: [hold 100 s]\nOperátor: Tak, splátka je zaplacená.")
    analysis = analyse(transcript, "cs")
    assert [t.speaker for t in analysis.turns] == [CUSTOMER, AGENT, EVENT, AGENT]
    assert all(t.language == "cs" for t in analysis.agent_turns)
    departures = check("courtesy.thanks", contact(transcript=transcript, language="cs"))
    assert [t["language"] for t in departures[0].evidence["turns"]] == ["cs", "cs"]
