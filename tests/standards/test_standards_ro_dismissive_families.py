"""Romanian dismissive language judged by family, not by sentence (round 9).

Each family is met by several ways a different agent would put the same act (other verbs and
persons, no diacritics, colloquial forms), and by near misses that must stay clean: the present
tense of a helpful "if you read …", a denial, reassurance, a sincere thanks or congratulations, and
the customer saying it. None of these sentences is copied from a benchmark writer."""
import pytest


def flagged(check, contact, transcript, language="ro"):
    return bool(check("courtesy.positive_language", contact(transcript=transcript, language=language)))


def thanked(check, contact, transcript, language="ro"):
    return not check("courtesy.thanks", contact(transcript=transcript, language=language))


def agent(line):
    return f"Operator: {line}\nClient: Bine."


DISMISSIVE = [
    # blame by an imperfect counterfactual: "dacă citeați …, știați"
    "Dacă citeați contractul, știați de penalități.",
    "De verificati emailul, aflati la timp de schimbare.",
    "Dacă apăsați pe link, nu mai ajungeați aici.",
    "Dacă erați atentă la confirmare, vedeați adresa greșită.",
    # blame: "you got it wrong yourself", "you obviously don't read your mail"
    "Sigur ați greșit la introducerea adresei.",
    "Ați încurcat dumneavoastră produsele.",
    "Evident nu vă verificați notificările din aplicație.",
    "Bineinteles nu v-ati uitat pe mail.",
    # pulling rank
    "Știu eu mai bine cum funcționează sistemul.",
    "Lucrez aici de zece ani, știu ce spun.",
    # discouraging
    "Nu vă faceți mari speranțe.",
    "Nu va faceti iluzii.",
    # impatience
    "Doamnă, nu avem toată ziua.",
    "Nu am timp de povești acum.",
    "Nu stăm la discuții, dați-mi codul.",
    # sarcasm, sarcastic thanks
    "Bine că v-ați amintit și de noi.",
    "Mulțumesc că mi-ați arătat cum se resetează routerul, chiar nu știam.",
    "Felicitări, acum aveți două abonamente active.",
    # talking down
    "Nu e chiar atât de complicat.",
    "Butonul e mare cât casa.",
    "Scrie cu litere de-o șchioapă pe cutie.",
    "Fără supărare, dar e al treilea apel.",
    # phrases the lexicon had but never matched (a bar outside a group)
    "Asta face oricine.",
    "Oricine știe asta, doamnă.",
    "Nu aveți dreptate.",
    "Sunteți în eroare.",
    "Adresați-vă altcuiva.",
    "Descurcați-vă cum puteți.",
    "Nu stiu ce vreti sa va spun, atunci mai sunati.",
    "Spuneți odată ce vreți.",
    # minimising, "wait like everyone else", "you're exaggerating"
    "Nu știu ce vă așteptați la prețul ăsta.",
    "Așteptați ca toată lumea.",
    "Nu moare nimeni dacă mai așteptați o zi.",
    "N-am timp de prostii.",
    "Nu-mi vorbiți pe tonul ăsta.",
    "Exagerați, e doar o zgârietură.",
    "Faceți din țânțar armăsar.",
    # hiding behind the system, sending the customer off, refusing to discuss
    "Sistemul zice că nu, îmi pare rău.",
    "Sunați-i dumneavoastră pe cei de la curierat.",
    "Eu doar lucrez aici.",
    "Nu mă cert cu dumneavoastră.",
    "N-are rost să insistați.",
    "Doar nu credeați că e gratis.",
    "Asta e situația.",
    "Ați apăsat pe ce nu trebuia.",
    "Normal că nu merge, dacă nu l-ați conectat.",
    "De unde să știu eu ce a făcut curierul?",
    "Ce surpriză, iar nu merge.",
    "Bună glumă, doamnă.",
    "Nu suntem la piață, prețul e fix.",
    "Ce vină am eu?",
    "E treaba curierului.",
    # reproach and blame for a slip
    "Pentru asta sunt instrucțiunile.",
    "V-am explicat și săptămâna trecută.",
    "Am mai discutat asta.",
    "Sigur ați introdus datele greșit.",
    "Nu trebuia să-l deschideți.",
    "De ce nu ne-ați sunat mai devreme?",
    "Ce credeați că o să se întâmple?",
    "Era scris mare pe pagina de comandă.",
    # not letting the customer speak, sarcasm, shrugging
    "Lăsați-mă să termin.",
    "Nu mă mai întrerupeți.",
    "Nu e nevoie să fiți nepoliticos.",
    "Nu pot să scot coletul din pământ.",
    "Doar nu zbor eu acolo.",
    "Așa e la noi.",
    "Nu se moare din asta.",
    "Ascultați ce vă spun.",
    "Vă rog să nu-mi mai spuneți cum să-mi fac treaba.",
    "Eu ce să vă fac?",
    "Hai, spuneți repede.",
]

CLEAN = [
    "Dacă citiți contractul, veți vedea că aveți dreptul la retur.",
    "Dacă aveți nevoie de ajutor, știți unde să ne găsiți.",
    "Dacă verificați setările, vedeți opțiunea acolo.",
    "Poate am introdus noi greșit adresa, verific acum.",
    "Nu ați greșit nimic, e eroarea noastră.",
    "Poate nu v-a ajuns mailul, vi-l retrimit.",
    "Nu vreau să vă fac speranțe false, dar întreb.",
    "Nu vă faceți griji, rezolvăm azi.",
    "Mulțumesc că mi-ați explicat cum s-a întâmplat, acum înțeleg.",
    "Mulțumesc că v-ați amintit să trimiteți poza.",
    "Nu e greu de reparat, vă ajut eu.",
    "Casa dumneavoastră e în zona de acoperire.",
    "Vă rog scrieți cu litere mari.",
    "Lucrez la dosarul dumneavoastră de două zile și știu că e frustrant.",
    "Înțeleg, și felicitări pentru casa nouă.",
    "Bravo pentru răbdare, aproape am terminat.",
    "Oricine poate ridica coletul cu codul.",
    "Aveți dreptate, ne cerem scuze.",
    "Nu exagerați deloc, e o problemă reală.",
    "Nu vreau să exagerez, dar e urgent.",
    "Nu știu ce s-a întâmplat, vă spun imediat.",
    "Vă rog spuneți-mi cât mai repede dacă apare iar.",
    "Așteptați doar un minut, revin.",
    "Vă sunăm noi înapoi în 10 minute.",
    "Lucrez aici de doi ani și mă bucur să vă ajut.",
    "Nu are rost să mai așteptați pe linie, vă sun eu înapoi.",
    "Asta e situația acum, dar o rezolvăm mâine.",
    "Am trimis ce nu trebuia, îmi cer scuze.",
    "Normal că vă înțeleg, dacă ați plătit și nu ați primit nimic.",
    "Ce surpriză plăcută, mă bucur că merge!",
    "E treaba noastră să rezolvăm asta.",
    "Ca să știu de unde să încep, spuneți-mi numărul comenzii.",
    "Pentru asta suntem aici, vă ajut cu drag.",
    "Am discutat cu colegul și vă returnăm banii.",
    "Nu trebuia să plătiți nimic, vă returnăm suma.",
    "De ce nu v-a venit mailul? Verific adresa.",
    "Lăsați-mă să verific în sistem.",
    "Nu e nevoie să vă deplasați, rezolvăm telefonic.",
    "Pe pagina de comandă scrie data livrării.",
    "Spuneți-mi repede codul de pe ecran, expiră într-un minut.",
]


@pytest.mark.parametrize("line", DISMISSIVE)
def test_a_romanian_dismissive_family_is_flagged(check, contact, line):
    assert flagged(check, contact, agent(line))


@pytest.mark.parametrize("line", CLEAN)
def test_a_romanian_near_miss_stays_clean(check, contact, line):
    assert not flagged(check, contact, agent(line))


def test_the_customer_saying_it_is_not_the_agent_being_dismissive(check, contact):
    transcript = ("Client: Știu, știu, dacă citeam contractul știam de taxă, nu vă faceți griji.\n"
                  "Operator: Vă mulțumesc, vă explic eu pe scurt.")
    assert not flagged(check, contact, transcript)


@pytest.mark.parametrize("line", [
    "Mersi frumos că v-ați adus aminte de noi după o lună.",
    "Mulțumesc că ne-ați explicat cum se face, chiar nu aveam idee.",
])
def test_sarcastic_romanian_thanks_is_no_thanks(check, contact, line):
    assert not thanked(check, contact, agent(line))


def test_sincere_romanian_thanks_for_remembering_is_thanks(check, contact):
    assert thanked(check, contact, agent("Mulțumesc că v-ați amintit să trimiteți poza."))
