"""Finding the caller: phones written any way in five countries, e-mail, account, name fragments."""
import pytest

from crm.services import lookup
from crm.services.errors import Forbidden, InvalidInput


@pytest.mark.parametrize("typed", ["+60 12-345 6789", "0123456789", "(012) 345/6789", "0060123456789",
                                   "012-345 6789", "+60123456789", " 6012 345 6789"[1:]])
def test_malaysian_number_found_however_written(make_customer, agent, typed):
    customer = make_customer("Ahmad bin Ismail", phones=["+60 12-345 6789"])
    assert lookup.lookup(agent, phone=typed).unique.id == customer.id


@pytest.mark.parametrize("stored, typed", [
    ("+420 603 123 456", "603 123 456"),        # Czech, national
    ("+420 603 123 456", "00420 603-123-456"),  # Czech, international with 00
    ("+358 40 123 4567", "040 123 4567"),       # Finnish, national with trunk 0
    ("+40 721 234 567", "0721.234.567"),        # Romanian, national with dots
    ("+44 7700 900123", "07700 900123"),        # UK, national
    ("+44 7700 900123", "+44 (0)7700 900123"),  # UK, the "(0)" habit
])
def test_numbers_of_the_five_countries_found_in_national_format(make_customer, agent, stored, typed):
    customer = make_customer("Caller", phones=[stored])
    assert lookup.lookup(agent, phone=typed).unique.id == customer.id


def test_a_national_number_matching_two_countries_returns_both(make_customer, agent):
    # "0721 234 567" is Romanian mobile +40 721 234 567; read in Malaysia it is a different number.
    romanian = make_customer("Ana Romanian", phones=["+40 721 234 567"])
    other = make_customer("Other Reading", phones=["+60 7212 34567"])
    result = lookup.lookup(agent, phone="0721234567")
    assert {c.id for c in result.customers} == {romanian.id, other.id}
    assert result.unique is None


def test_email_lookup_ignores_case(make_customer, agent):
    customer = make_customer("Jan Novák", emails=["jan.novak@example.cz"])
    assert lookup.lookup(agent, email="JAN.Novak@Example.CZ").unique.id == customer.id


def test_account_lookup_ignores_case_and_spaces(make_customer, agent):
    customer = make_customer("Jan Novák", account_number="ACC-1234")
    assert lookup.lookup(agent, account="acc-1234 ").unique.id == customer.id


def test_nobody_matches(make_customer, agent):
    make_customer("Jan Novák", phones=["+420 603 123 456"])
    assert lookup.lookup(agent, phone="+420 603 999 999").customers == []


def test_lookup_needs_exactly_one_key(agent):
    with pytest.raises(InvalidInput):
        lookup.lookup(agent, phone="123", email="a@b.cz")
    with pytest.raises(InvalidInput):
        lookup.lookup(agent)


def test_department_members_cannot_look_up(make_user):
    with pytest.raises(Forbidden):
        lookup.lookup(make_user("department"), phone="+60123456789")


@pytest.mark.parametrize("fragment", ["Novak", "novák", "NOVAK", "ovák", "jan nov"])
def test_name_fragment_is_accent_and_case_insensitive(make_customer, agent, fragment):
    novak = make_customer("Jan Novák")
    make_customer("Petra Svobodová")
    assert [c.id for c in lookup.search(agent, fragment)] == [novak.id]


def test_fragments_shorter_than_three_characters_find_nothing(make_customer, agent):
    make_customer("Jan Novák")
    assert lookup.search(agent, "no") == []


def test_search_box_accepts_phone_email_account_and_name(make_customer, agent):
    c = make_customer("Päivi Hämäläinen", phones=["+358 40 765 4321"], emails=["paivi@example.fi"],
                      account_number="FI-2001")
    for query in ("040 765 4321", "PAIVI@example.fi", "fi-2001", "hämäl", "hamal"):
        assert [x.id for x in lookup.search(agent, query)] == [c.id], query


def test_merged_customers_are_found_as_the_survivor(make_customer, agent):
    from crm.services.customers import merge_customers

    keep = make_customer("Elena Dumitru", phones=["+40 722 111 222"])
    dup = make_customer("Elena Dumitru", emails=["elena@example.ro"])
    merge_customers(keep.id, dup.id, agent)
    assert [c.id for c in lookup.search(agent, "dumitru")] == [keep.id]
    assert lookup.lookup(agent, email="elena@example.ro").unique.id == keep.id


def test_name_search_order_whole_word_then_word_start_then_inside_a_word(make_customer, app):
    # The same order on SQLite and PostgreSQL: a name with the fragment as a whole word, then one
    # with a word starting with it (shorter names first), then names holding it inside a word.
    inside = make_customer("Tomas Demaria")
    longer_start = make_customer("Maria Antonescu-Popescu")
    start = make_customer("Mariana Ion")
    whole = make_customer("Ion Mari Petrescu")
    assert [c.id for c in lookup.search_names("mari")] == [whole.id, start.id, longer_start.id, inside.id]


@pytest.mark.parametrize("name, fragment", [("Rajesh a/l Kumar", "kuma"), ("Siobhan O'Brien", "brien"),
                                            ("Ana Popescu-Ionescu", "ionesc")])
def test_a_word_after_a_slash_apostrophe_or_hyphen_starts_a_word(make_customer, app, name, fragment):
    inside = make_customer(f"Unrelated X{fragment}x")
    wanted = make_customer(name)
    assert [c.id for c in lookup.search_names(fragment)] == [wanted.id, inside.id]


def test_word_starts_do_not_hide_names_that_only_contain_the_fragment(make_customer, app):
    # Fewer names start a word with it than a page holds: the rest of the page is names containing it.
    start = make_customer("Ova Lind")
    contains = [make_customer(f"Jana Novakova {k}") for k in range(3)]
    found = [c.id for c in lookup.search_names("ova", limit=3)]
    assert found[0] == start.id and set(found[1:]) <= {c.id for c in contains} and len(found) == 3


def test_an_underscore_in_a_name_search_is_a_character_not_a_wildcard(make_customer, app):
    make_customer("Ana Xab")
    wanted = make_customer("Ana X_b_c")
    assert [c.id for c in lookup.search_names("x_b")] == [wanted.id]


def _reference_search(customers, query: str, limit: int = 20) -> list[int]:
    """What search_names promises, computed from the names alone: every live customer whose folded
    name contains every query word, ranked by whole words, then word starts, then length, then name."""
    from crm.text import fold

    words = lookup.name_fragments(query)
    names = {c.id: fold(c.name) for c in customers}
    hits = [cid for cid, name in names.items() if all(w in name for w in words)]
    return sorted(hits, key=lambda cid: lookup._name_rank(names[cid], words))[:limit]


NAMES = ["Jana Nováková", "Jan Novák", "Novák Jan", "Ivana Novotná", "Jana Kovářová", "Anna Jankowska",
         "Siobhan O'Brien", "Brian O'Neill", "Rajesh a/l Kumar", "Kumar Rajan", "Ana Popescu-Ionescu",
         "Ioana Ionescu", "Jussi Niemi", "Niina Niemelä", "Ahmad bin Ismail", "Siti binti Ahmad",
         "Nur Binti Hassan", "Tan Ah Kow", "Ștefan Țurcanu", "J. R. R. Tolkien", "Dr. Ann-Marie Jones",
         "Jan Novák Jan", "Anna Anna", "Anneli Anttila", "Nováková-Jandová Jana"]


@pytest.mark.parametrize("query", ["nov", "jan", "jana nov", "ova", "nováková", "ana", "ann", "brien", "o'brien",
                                   "kum", "ion", "esc", "niem", "bin", "ahmad", "tur", "ște", "tolk", "marie",
                                   "ann jon", "jan jan", "nna", "xyz", "vak jan"])
def test_name_search_gives_every_match_in_the_promised_order(make_customer, app, query):
    # The same on SQLite (FTS5 trigrams) and PostgreSQL (customer_name_words): checked against the
    # contract computed in Python, not against either database.
    customers = [make_customer(name) for name in NAMES]
    assert [c.id for c in lookup.search_names(query)] == _reference_search(customers, query)


def test_name_search_follows_renames_erasure_merges_and_deletes(make_customer, app, agent, admin):
    from crm.extensions import db
    from crm.models import Customer
    from crm.services.customers import CustomerInput, merge_customers, update_customer
    from crm.services.privacy import erase_customer

    renamed = make_customer("Petra Svobodová")
    update_customer(renamed.id, CustomerInput(name="Petra Dvořáková"), agent)
    assert lookup.search_names("svob") == []
    assert [c.id for c in lookup.search_names("dvora")] == [renamed.id]
    erased = make_customer("Zuzana Erasable")
    erase_customer(admin, erased.id)
    assert lookup.search_names("erasable") == [] and lookup.search_names("zuzana") == []
    keep, dup = make_customer("Olli Mergeable"), make_customer("Olli Mergeable")
    merge_customers(keep.id, dup.id, agent)
    assert [c.id for c in lookup.search_names("mergeable")] == [keep.id]
    gone = make_customer("Gone Deletable")
    db.session.delete(db.session.get(Customer, gone.id))
    db.session.commit()
    assert lookup.search_names("deletable") == []
    assert [c.id for c in lookup.search_names("mergeable olli")] == [keep.id]
