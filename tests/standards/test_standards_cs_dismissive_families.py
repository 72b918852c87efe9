"""Czech dismissive language by family (round 9): each family is met by sentences a different agent
would say for the same act (other verbs, persons, word order, colloquial and no-diacritics
spellings), and by near misses that must stay clean: polite firmness, negations, reassurance, the
company's own fault, and the customer saying the words."""
import pytest


def families(check, contact, line):
    departures = check("courtesy.positive_language",
                       contact(transcript=f"Operátorka: {line}\nZákazník: Aha.", language="cs"))
    return {m["family"] for d in departures for m in d.evidence["matched"]}


DISMISSIVE = [
    # blaming the customer for doing it wrong, now (not only "you did it wrong")
    ("Asi to děláte nějak špatně, jinak by to šlo.", "blame"),
    ("Vy to zadavate blbe, proto to nejde.", "blame"),
    ("Špatně to zapojujete, kabel patří jinam.", "blame"),
    # "everyone else manages", "nobody else complains"
    ("Ostatní zákazníci to normálně zvládnou.", "blame"),
    ("Ostatnim lidem to funguje bez problemu.", "blame"),
    ("Nikdo jinej si nestěžuje.", "blame"),
    # "you broke / reset it yourself", in any tense
    ("No to jste si sama smazala, že jo.", "blame"),
    ("Když si to pokazíte sami, platíte opravu.", "blame"),
    ("Sama jste si to přenastavila.", "blame"),
    # presuming the customer did not read, hear or check
    ("Asi jste nečetla ten e-mail pořádně.", "blame"),
    ("To jste si asi nevšiml té poznámky.", "blame"),
    ("Nejspis jste nezkontroloval adresu.", "blame"),
    # lecturing about next time, "don't be surprised then", "people fiddle and then call us"
    ("Příště radši dávejte pozor.", "blame"),
    ("Priste si to laskave prectete, nez to podepisete.", "blame"),
    ("Pak se nedivte, že to nefunguje.", "blame"),
    ("Lidi si tam něco změní a pak volají nám.", "blame"),
    # sending the customer off to do it alone
    ("To si zjistěte sám na webu.", "not_mine"),
    ("Overte si to sama.", "not_mine"),
    # "we're not plumbers / I'm not a mind reader", "I wasn't there"
    ("My nejsme žádní opraváři.", "shrug"),
    ("Nejsem jasnovidka, abych to věděla.", "shrug"),
    ("No já jsem u toho nebyla.", "shrug"),
    # hiding behind the terms, ultimatums, closing the discussion, "then everyone would want it"
    ("Takové jsou podmínky, hotovo.", "policy"),
    ("Buď to uhradíte do pátku, nebo to jde k vymáhání.", "policy"),
    ("Zaplatite to, nebo to pujde do exekuce.", "policy"),
    ("Víc vám k tomu nemám co říct.", "policy"),
    ("Chcete to, nebo ne?", "policy"),
    ("To bychom pak museli dávat slevu každému.", "policy"),
    # rushing the customer, mockery
    ("K věci prosím, nemám na to celý den.", "sarcasm"),
    ("Mám tu plnou frontu.", "sarcasm"),
    ("Přejděte už k věci.", "sarcasm"),
    ("A jak jinak byste to asi chtěl zapnout?", "sarcasm"),
    ("Mám to vědět telepaticky?", "sarcasm"),
    ("Nevolejte sem pořád dokola.", "sarcasm"),
    # talking down: "it's written everywhere", "slowly once more", "even my granny manages"
    ("Píše se to všude na webu.", "condescension"),
    ("Řeknu vám to ještě jednou a pomalu.", "condescension"),
    ("To zvládne i malé dítě.", "condescension"),
    ("I moje babička to zvládne.", "condescension"),
    # "you should have known / checked", "if you listened", "that's your business now"
    ("To jste měl vědět předem.", "blame"),
    ("To si měla paní ohlídat sama.", "blame"),
    ("Kdybyste mě poslouchal, tak to víte.", "blame"),
    ("Tak si to příště hlídejte.", "blame"),
    ("To už je vaše věc.", "blame"),
    # cutting the customer off, "nobody makes you stay", "go to the competition"
    ("Neskákejte mi do řeči.", "calm"),
    ("Nechte mě domluvit.", "calm"),
    ("Nikdo vás nenutí u nás zůstat.", "shrug"),
    ("Klidně si jděte ke konkurenci.", "shrug"),
    ("Nevím, co bych vám k tomu řekla.", "shrug"),
    # closing the matter, "I can't budge it"
    ("Ne, to nejde, a basta.", "policy"),
    ("Timhle se fakt zabyvat nebudu.", "policy"),
    ("To já neovlivním.", "policy"),
    ("Je mi líto, ale já s tím nehnu.", "cannot_help"),
    # impatience
    ("Nemám na vás celý den.", "sarcasm"),
    ("Pospěšte si, čekají další lidi.", "sarcasm"),
    ("Hele, neotravujte.", "sarcasm"),
    ("Vy jste zase tady?", "sarcasm"),
    ("Nevolejte nám kvůli každé drobnosti.", "sarcasm"),
    ("Každý normální člověk to pochopí.", "condescension"),
    ("Vždyť je to logické.", "condescension"),
    # colloquial and no-diacritics forms of the same families
    ("Asi ste necet ten mail.", "blame"),
    ("Takovy sou podminky.", "policy"),
    ("To zvladne i mala holka.", "condescension"),
]

CLEAN = [
    "Neděláte nic špatně, je to chyba systému.",
    "Děláte to správně, jen to chvíli trvá.",
    "Omlouvám se, to jsme my udělali špatně.",
    "Ostatní zákazníci mají stejný problém, je to výpadek.",
    "Ostatním zákazníkům to bohužel také nefunguje.",
    "Nikdo jiný zatím nic nehlásil, prověřím to.",
    "Rozbilo se to samo? To je vada, vyměníme vám to.",
    "Můžete si to zkontrolovat i sama v aplikaci.",
    "Asi jste nedostal potvrzení, pošlu ho znovu.",
    "Příště vám radši zavolám předem.",
    "Nedivte se, že vám přijde SMS s kódem, to je ověření.",
    "Nejsme technici, ale přepojím vás na technickou podporu.",
    "Kurýr tam nebyl, omlouvám se.",
    "Podmínky jsou takové, že máte čtrnáct dní na vrácení.",
    "Buď to zaplatíte kartou, nebo převodem.",
    "Chcete to poslat e-mailem, nebo ne?",
    "To bychom rádi nabídli všem zákazníkům.",
    "Přejdu rovnou k věci: váš tarif je výhodnější.",
    "Je mi líto, že musíte volat pořád dokola.",
    "Řeknu vám to pomalu, ať si to můžete zapsat.",
    "Je to všude vyprodané.",
    "Aplikace je jednoduchá, zvládne ji každý senior.",
    "Můžete mi rychle prosím nadiktovat číslo?",
    "Měla jsem to zkontrolovat já, omlouvám se.",
    "Kdybyste se podívala, jestli vám přišel e-mail, byla bych ráda.",
    "Příště vám to pohlídám já.",
    "To není vaše starost, vyřešíme to.",
    "Nechte mě to prosím zkontrolovat.",
    "Nikdo vás nenutí platit hned, klidně ve splátkách.",
    "Nevím, co bych vám k tomu řekla víc, ale zjistím to.",
    "Tímhle se budeme zabývat přednostně.",
    "Další lidi čekají na opravu taky, pracujeme na tom.",
    "Vůbec neotravujete, na to tady jsme.",
    "Zase vám to nejde? Podíváme se na to spolu.",
    "Vždyť je to naše chyba, omlouvám se.",
    "Holka to zvládne, ukážu vám to.",
]


@pytest.mark.parametrize("line,family", DISMISSIVE)
def test_a_czech_dismissive_family_is_flagged_as_that_family(check, contact, line, family):
    assert family in families(check, contact, line)


@pytest.mark.parametrize("line", CLEAN)
def test_a_czech_near_miss_stays_clean(check, contact, line):
    assert families(check, contact, line) == set()


def test_the_customer_saying_it_is_not_the_agent(check, contact):
    transcript = ("Zákazník: Asi to dělám nějak špatně, ostatní to zvládnou.\n"
                  "Operátorka: Vůbec ne, podíváme se na to spolu. Děkuju za trpělivost.")
    assert not check("courtesy.positive_language", contact(transcript=transcript, language="cs"))
