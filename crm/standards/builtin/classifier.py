"""The fallback feedback classifier: what the customer raised, one item per issue, with its evidence.

Only the customer's sentences are read (and the summary, which reports what the customer said): the
agent's own lines restate the complaint or name a department ("I'll transfer you to billing").
Each sentence is matched against phrase patterns per category (feedback.json, over lemmas), in the
language of the sentence, the contact's language and English (which customers mix in); the other
languages' words are not tried, so a Romanian "pot" is not an English "put".

A sentence gives one category, the one its most specific phrase names ("the box was torn open and
the jug rattling loose" is packaging, "the battery dies, the box says thirty hours" is product); a
second category only from another clause and by a phrase of several words ("…, and I was billed
twice"). One issue is one item: a category heard again later in the customer's account is the same
issue unless the customer has moved on to another one ("also", "satu lagi", "a ještě", "toinen
juttu", "și doi" — the `another` family); the summary and the transcript report the same issues, so
a category gives as many items as the one of them that separates it into the most issues. A refund
offered as the remedy of a packaging or product problem is not a billing complaint: the billing
patterns describe billing going wrong.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

import simplemma

from ...text import fold
from ..base import FeedbackSuggestion, hookimpl
from ..language import AGENT, CUSTOMER, EVENT, LANGUAGES, Turn, analyse, lemma, tokens
from ..patterns import Match
from . import feedback_model
from .lexicon import load_patterns

CATEGORIES = ("product", "packaging", "marketing", "billing", "other")
# The family of phrases that open a further issue ("also", "one more thing", "satu lagi").
ANOTHER = "another"
# The family of verbs that open a summary's note of what the agent did ("Offered the newsletter,
# declined", "Nabídla jsem …"): such a sentence reports the agent's offer, not the customer's issue.
AGENT_NOTE = "agent_note"
# The family of words saying the goods or their box were fine ("the box was intact"): a packaging
# phrase in the same clause is not a complaint.
INTACT = "intact"
# The family of phrases asking for a remedy ("boleh refund?", "nak refund"): asked for a broken
# product, a refund is the remedy, not a billing complaint; a match of it covers the words the
# billing patterns would otherwise read ("refund … tak"), so they are not heard there.
REMEDY = "remedy"
# The family of the customer choosing the money back ("Rahat takaisin, …", "I'd rather have a refund"):
# read alone, never beside the categories, so "I want a refund, it still hasn't come" stays billing;
# it only drops a billing phrase opening on the same word and reaching into a later clause.
CHOICE = "choice"
# The family of a seal missing or broken and of a part the packer forgot ("whoever packed it forgot
# the bolts"): packaging, and a part said missing in the same call is that packing fault, not a
# defect of the goods. Matched on its own, so a longer "missing part" phrase cannot hide it.
SEAL = "seal"
# The family of praise and plain questions ("super price", "just wanted to check if the promotion is
# still on"): a topic word alone in such a sentence ("promotion") is not a complaint.
NEUTRAL = "neutral"
# The family of an error code shown by the goods ("error code E4", "chybový kód", "codul de eroare"): a
# marketing phrase opening on its words ("code … doesn't work") is the goods' fault, not a promotion.
ERROR_CODE = "error_code"
# The family of the goods a customer names ("kettle", "pračka", "vedenkeitin"): a suggestion's product.
GOODS = "goods"
# The family of services, offers and documents named ("app", "subscription", "newsletter"): the
# product when no goods are named.
SERVICE = "service"
# The family of the bill itself ("invoice", "faktura", "lasku", "factura", "comanda"): the product of
# a billing item in a call that names no goods or service ("the invoice for paper and toner is made
# out to another firm").
BILL = "bill"
# The family of the opt-out of the promotions ("unsubscribe link", "peruutuslinkki", "odhlašovací
# odkaz", "linkul de dezabonare"): what "doesn't work" in its clause is the marketing, not the goods.
OPT_OUT = "opt_out"
# The family of a platform being used ("when I watch YouTube", "când mă uit pe YouTube", "katson
# Netflixiä"): the platform's name there is where the customer was, not an advert.
WATCHING = "watching"
# The family of a fault that came with use ("broke on the first day", "după două folosiri", "while
# my son was playing with it"): the goods broke in use, so a crushed box told in the same call is a
# second issue, not where the breakage came from.
IN_USE = "in_use"
# The family of the goods said to be sound ("bez vady", "nothing wrong with it", "fără defect"): matched
# with the categories, so a fault word inside it ("vady", "faulty") is not heard as a defect.
NO_FAULT = "no_fault"
# The family of a part said missing from the box ("wasn't in the box", "v krabici chyběl", "paketista
# puuttui", "în cutie nu era", "takde dalam kotak"), whatever the part: a product fault, read apart
# from the categories so that it takes no words from their phrases (`_parts_gone`).
PART_GONE = "part_gone"
# The family of a polite reply ("That would be great.", "Ok, thanks.", "To by bylo super.", "Se olis
# kiva.", "Ar fi bine."): a sentence that is nothing more is never the evidence of an item.
REPLY = "reply"
# How sure the backstop must be to take a sentence the patterns read as its evidence, when only polite
# replies are left unread.
_SURE = 0.95
# A reply is short: longer sentences are never read for one.
_REPLY_WORDS = 8
# Words of other goods compared ("jenama lain ok je", "other brands are fine", "jiné značky jsou v
# pořádku"): said just before a `no_fault` phrase, it is not these goods said sound.
_OTHER = frozenset("lain other others another jine jina jiny jinych muut muiden toiset alte alta altele altii".split())
# A `no_fault` match naming the money ("it's not about the money") sets the money aside; any other
# says the goods themselves are sound.
_MONEY_SET_ASIDE = re.compile(r"\b(money|duit|wang|refund|penize|prachy|raha\w*|bani)\b")
# The family of a summary's note that the agent passed the issue on ("Ad complaint logged.", "trimis la
# tehnic", "Předáno QA", "fwd marketing"): in such a summary sentence a one-word topic ("ad",
# "eroare") names where it was routed, not a further issue.
ROUTED = "routed"
# The subjects that make such a verb the agent's ("I offered"); "Customer mentioned …" is the customer's.
_AGENT_SUBJECTS = frozenset("i we agent rep saya kami ejen jsem jsme mina me am".split())
# The words naming the agent: a summary sentence opened by one ("Ejen maklumkan promosi …",
# "Operátorka nabídla …") reports what the agent did or offered, whatever its verb.
_AGENT_NOUNS = frozenset(
    "agent agents rep advisor adviser operator csr ejen pegawai agentka agentem operatorka "
    "asiakaspalvelija asiakasneuvoja neuvoja agentul agenta operatorul operatoarea consultantul "
    "consultanta".split())
# A sentence ends at ".", "!", "?", "…" or ";" followed by a space, or at a line break; a summary's
# " + " joins two issues ("Router dropping + invoice wrong"), and a number in brackets opens one ("Band 8:
# (1) … (2) …").
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\n+|\s\+\s|(?<!:)\s+(?=\(\d{1,2}\)\s)")
_MAX_EVIDENCE = 500
_MAX_PRODUCT = 80
# Capitalised words that are no goods' name: greetings, titles, platforms, abbreviations, days.
_NOT_NAMES = frozenset(
    "i im hi hello hey ok okay mr mrs ms miss dr sir uk eu vat qa tv sms id pin pdf usb dph alv tva "
    "instagram facebook fb tiktok youtube google whatsapp email e mail netflix ig "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december christmas dobry den ahoj hei moi terve buna ziua "
    "selamat pagi encik puan cik tuan order orders batch lot ref invoice receipt account tilaus era lasku "
    "kuitti sarze objednavka obj faktura comanda cmd factura lotul pesanan invois resit akaun".split())
# A number followed by a unit, a currency, a per cent sign, a clock's colon or an ordinal's full stop
# ("Sleva 20 %", "Mut 189 euroa", "Madeta 250 g", "Ve 23:40", "Na 1. faktuře") is an amount, a time
# or an ordinal, not a model number.
_UNIT_AFTER = re.compile(
    r"\s*(%|€|\$|£|:\d|,\d|\.\s+[a-zà-ž]|(?:kg|g|mg|ml|l|cl|dl|cm|mm|m|km|w|kw|mah|gb|mb|tb|h|hod\w*|min\w*|"
    r"ks|kpl|pcs|x|eur\w*|euro\w*|kc|kč|kor\w*|lei|ron|rm|ringgit|sen|gbp|pound\w*|procent\w*|prosen\w*|"
    r"peratus|percent|per\s+cent|tuntia?|minuut\w*|mins?|hours?|jam|minit|ore|minute|"
    r"days?|wks?|weeks?|months?|years?|hari|mgu|minggu|bulan|tahun|dn[iyu]|dnech|tyd\w*|týd\w*|mes\w*|měs\w*|"
    r"let|roky?|paiv\w*|päiv\w*|pv|viikko\w*|vk|kk|kuukau\w*|vuo\w*|zile|zi|sapt\w*|săpt\w*|luni|ani)\b)",
    re.IGNORECASE)
# The words naming where an advert ran ("TV ad", "reclama de la televizor", "v televizi jede reklama"):
# in a clause with a marketing word, the medium is no goods of the complaint.
_MEDIA = re.compile(r"^(tv|telly|televis\w*|televiz\w*|telkk\w*|radio\w*|radiu)$")
# Two words joined by a hyphen ("Tassu-talvikengät").
_HYPHENED = re.compile(r"(\w+)-(\w+)")
# Money written as one word ("RM100", "RM10"): an amount, not a model.
_MONEY_WORD = re.compile(r"^(rm|eur|usd|gbp|kc|lei|ron)\d", re.IGNORECASE)
# The words of an offer's name ("Beli 1 Percuma 1", "Buy 2 Get 1 Free", "Kup 2 zaplať 1", "Osta 3 maksa 2",
# "Cumpără 2 primești 1", "Black Friday", "Cyber Monday"), folded: capitalised beside numbers or goods they
# look like a make and model.
_OFFER_WORD = re.compile(r"^(beli|percuma|buy|get|free|kup|kupte|zaplat\w*|zdarma|osta|maksa|ilmai\w*|cumpara|"
                         r"primesti|gratis|black|cyber)$")
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# "3x", "x2", "2x": how many, not a name.
_QUANTITY = re.compile(r"^(\d+x|x\d+)$", re.IGNORECASE)
# A summary's opening words before a colon ("Crispo XL air fryer: …") and how many may name the goods.
_HEAD = re.compile(r"^([^:.!?\n]{2,60}):\s")
_HEAD_WORDS = 6
# Words that make a summary's head a label rather than the goods, folded: "Customer:", "Feature
# request:", "Palaute:", "Cust 3 isu:", "Reclamație multiplă:", "Cmd 450912:".
_LABELS = frozenset(
    "customer customers cust caller client clientul clienta clientei asiakas asiakkaan zakaznik zakaznice zakaznika "
    "pelanggan plg feedback palaute toive toiveet sugestie sugestia cadangan feature request requests urgent note "
    "notes issue issues isu complaint complaints reclamatie reclamatii pertanyaan dotaz dotazy info informace "
    "question questions kysymys intrebare q cmd fa akaun vec veci asia asiaa perkara produse summary shrnuti "
    "yhteenveto rezumat ringkasan problem problems problemy ongelma ongelmat masalah zpetna vazba "
    "black friday cyber".split())
# Platforms named in any case ("Instagramu", "Facebookissa", "TikTokul"), folded: where, not what.
_PLATFORM = re.compile(r"^(instagram|facebook|youtube|tiktok|whatsapp|google|netflix|spotify|twitter|messenger)\w*$")
# Words after which a capitalised word is a place ("from Leeds", "v Olomouci", "din Tătărași", "di Shah Alam").
_PLACE_BEFORE = frozenset("at from near v ve na z ze do u od din la de spre di dari ke kat dekat".split())
# Words after which a capitalised word is a person addressed ("Hi Leo", "Thanks Priya", "Dobrý den Jano").
_GREETINGS = frozenset("hi hello hey dear thanks thank cheers hei moi terve kiitos ahoj den dekuji diky buna salut "
                       "multumesc mersi salam hai helo terima kasih encik puan cik pan pani pane dl dna".split())
# Words beside a named good that name its make or model ("Kettlo 1.7L kettle", "AquaPro 9", "skříň Alba").
_MODEL_WORDS = 3
_WORD = re.compile(r"\w+")
# The words that list goods together, and the articles that may stand between ("the kettle and the toaster").
_AND = frozenset("and or plus dan atau serta a i nebo ja seka tai si sau".split())
_ARTICLES = frozenset("the a an my your their un o".split())
# Where a phrase of the `another` family must start to open a new issue: among the first words.
_OPENING_WORDS = 3
# Which category a sentence gives when two phrases are equally specific: what is wrong with the
# goods or their packing before what went wrong with the money, before what an advert claimed
# (customers cite the advert or the box's claim to show what is wrong with the product).
_PRECEDENCE = {"packaging": 4, "product": 3, "billing": 2, "other": 1, "marketing": 0}
# A second category from the same sentence needs a phrase of at least this many words.
_SECOND_CATEGORY_WORDS = 2
# Words of damage rather than malfunction, in the five languages (folded stems).
_TRANSIT_DAMAGE = re.compile(
    r"\b(broke|broken|dent|crack|scratch|chip|shatter|smash|damag|torn|tore|rip|loose|rattl|pecah|retak|"
    r"calar|kemek|patah|rosak|koyak|rozbit|rozbil|prask|poskr|poskoz|promack|roztrh|natrh|rikki|rikko|"
    r"halje|halke|naarmu|kolhi|lommo|vaurio|revenn|repe|spart|crapat|zgariat|ciobit|deteriorat|fisurat|"
    r"indoit|rupt|fall|apart|split|burst|collaps|rozpad|desfac|berantak|hajo)")
# Words of a box gone wet (folded stems), and of a parcel left out in the weather or outside the door:
# "the box is wet, the things inside are fine" after "your courier left it outside the gate in the
# rain" is the courier's doing (an `other` item), not a fault of the packing.
_WET = re.compile(r"\b(wet|damp|soak|sodden|basah|lencun|lembap|mokr|promok|promoc|promac|navlh|vlhk|marka|marat|kastu|"
                  r"ud\b|uda\b|ude\b|umed|imbib)")
_LEFT_OUT = re.compile(r"\b(rain|outside|doorstep|gate|hujan|luar|pagar|depan rumah|desti|venku|pred|brank|"
                       r"sade|ulos|oven eteen|pihalle|ploaie|afara|poart|in fata)")
# Words of a payment failing (folded stems): "payment failed" is billing, but not when the sentence's
# `other` phrase names the website whose checkout failed ("can't check out on the website, error
# 'payment failed'"): the card was never charged, the site is what went wrong.
_PAYMENT_FAILED = re.compile(r"\b(fail|gagal|ditolak|selhal|neprosl|zamitnut|epaonnist|hylat|esuat|respins)")
# Two faults of the packing a customer tells apart (folded): a pack too hard to open, and too much of
# it ("so much plastic for one cable"). Told in sentences of their own, they are two issues; either
# told again ("impossible to open … I had to use scissors") stays one.
_HARD_TO_OPEN = re.compile(r"\b(open|opening|buka|dibuka|membuka|koyak|otevr\w*|otevir\w*|avata|avaaminen|aukea\w*|"
                           r"deschid\w*|deschis\w*|desfac\w*|scissors|knife|gunting|pisau|nuzk\w*|nuzky|saks\w*|auki|veitse\w*|"
                           r"foarfec\w*|cutit\w*)\b")
_TOO_MUCH = re.compile(r"\b(too much|so much|far too much|way too much|excess\w*|banyak sangat|terlalu banyak|"
                       r"moc|zbytecn\w*|prilis|hirvee\w*|liikaa|tosi paljon|paljon|prea mult|mult prea|atata|excesiv\w*)\b")
# Words of contents spilled or a cover lifted (folded stems): with a seal missing, the seal's fault.
_SPILLED = re.compile(r"\b(leak|spill|peel|lift|vuot|valu|bocor|tumpah|melele|curs|curg|scurs|vylit|vytek|tece|tekl|unik)")
# The prepositions that name the box as a place ("in the box", "v balení", "dalam kotak", "în cutie").
_IN_THE_BOX = frozenset("in inside into from v ve z ze dalam di dari din".split())
# The words before "baik", "perfect", "bine" that make it a wish ("lebih baik", "would be perfect",
# "ar fi perfect"), not the box said fine.
_WISHED = frozenset("lebih paling be fi more".split())
# The words opening a relative clause ("the charger that came in the box"), and how far before "in" one may stand.
_RELATIVE = frozenset("that which co ktery ktera ktere kterou yang care ce".split())
_RELATIVE_REACH = 3
# Words saying something is missing (folded): a missing part blamed on the packing is packaging.
_MISSING = re.compile(r"\b(missing|no|without|lack\w*|tiada|takde|tak ada|tidak ada|tanpa|hilang|kurang|chyb\w*|"
                      r"nebyl\w*|bez|puuttu\w*|ilman|ei ollu\w*|lips\w*|fara|nu era|nu e)\b")

# The words of a part not there (folded): "missing", "wasn't in the box", "chyběl", "puuttui", "lipsește",
# "takde dalam kotak". A fault word ("no sound", "doesn't work") is none of them.
_PART_GONE = re.compile(r"\b(missing|without|lack\w*|not included|(wasn t|weren t|was not|were not|isn t|aren t) (in|inside)|"
                        r"tiada|takde|tak de|tak ada|tidak ada|xde|x ada|hilang|kurang|chyb\w*|nebyl\w*|neprisl\w*|bez|"
                        r"puuttu\w*|ilman|ei (ollut|ollu|ole|oo|tullut|tullu)|lips\w*|fara|(nu|n) (era|erau|este|e|sunt))\b")
# The box or parcel named as the place something was missing from (folded).
_BOX_PLACE = re.compile(r"\b(box|boxes|package|parcel|carton|krabic\w*|baleni|balik\w*|balick\w*|zasilce|paketi\w*|"
                        r"laatiko\w*|pakkaukse\w*|lahetykse\w*|mukana|cutie|cutia|colet\w*|pachet\w*|kotak|bungkusan|"
                        r"pakej)\b")
# What is missing from the box that is no part of the goods (folded stems): the padding ("V krabici
# nebylo nic, žádná bublinková fólie", "laatikossa ei ollut pehmusteita") and the printed matter (a
# manual, a leaflet, a warranty card: "în cutie lipsea manualul") are the packing's; and a thing an
# advert promised ("mainoksessa luki … mut laatikossa ei ollu") is the advert's.
_NOT_A_PART = re.compile(r"\b(nothing|padding|bubble|wrap\w*|cushion\w*|paper|manual\w*|instruction\w*|leaflet\w*|booklet\w*|"
                         r"guide|warranty|nic|bublink\w*|folie|fólie|vypln\w*|papir\w*|ochran\w*|navod\w*|zarucni|"
                         r"priruck\w*|mitaan|pehmust\w*|kuplamuovi\w*|suoja\w*|paperi\w*|ohje\w*|kayttoohje\w*|opas\w*|"
                         r"takuu\w*|nimic|protecti\w*|polistiren|umplutur\w*|hartie|instructiuni\w*|garanti\w*|pliant\w*|"
                         r"apa2|apa pun|pelapik|gelembung|span|kertas|risalah|panduan|arahan|waranti)\b")
# Which goods number a missing part told apart from a fault of the same goods takes: an issue of its own.
_APART = 99
# An allergy of the customer's or their child's (folded stems): told beside a label complaint it is
# why the label matters, not a defect of the goods.
_ALLERGY = re.compile(r"\b(alerg|allerg|alah)")
# A word of an error shown by the goods, and a code after it ("shows error F06", "píše chybu E4",
# "virhe E3", "eroarea E21", "ralat E5"): the goods' fault, whatever the verb around it.
_ERROR_WORD = re.compile(r"^(error|errors|fault|chyb\w*|virhe\w*|vikakoodi\w*|eroare\w*|ralat)$")
_ERROR_CODE = re.compile(r"^[a-z]{1,3}-?\d{1,4}$")
# The words of buying ("I bought", "koupila jsem", "tilasin", "am cumpărat", "saya beli"), folded: a
# box or pack named as what was bought ("koupila jsem celé balení", "a pack of six") is the goods'
# quantity, not the packing complained of.
_BOUGHT = re.compile(r"^(bought|buy|ordered|order|purchased|koupil\w*|koupit|objednal\w*|ostin|ostimme|ostettu|"
                     r"tilasin|tilasimme|tilattu|cumparat|comandat|luat|beli|membeli|dibeli|tempah|oder)$")
_BOUGHT_REACH = 3
# The words of sending goods back ("I returned", "vrátila jsem", "palautin", "am returnat", "saya
# pulangkan"): what was returned is, as what was bought, the goods the call is about.
_RETURNED = re.compile(r"^(returned|return|vratil\w*|vracim|palautin|palautimme|palautettu|returnat|pulangkan|"
                       r"dipulangkan|pulang)$")
# "I sent the boots back", "am trimis înapoi rochia", "poslala jsem ji zpět", "hantar balik": a return
# told in more than one word.
_SENT_BACK = re.compile(r"\bsen[dt]\b(\s+\w+){0,3}\s+back\b|\btrimis\w*\s+(\w+\s+)?inapoi\b|"
                        r"\b(poslal|poslala|poslali|vratil|vratila)\w*\s+(\w+\s+){0,3}(zpet|zpatky)\b|"
                        r"\b(hantar|pos)\s+(\w+\s+)?balik\b")
# Words that stand between the verb and what was bought ("I bought the", "koupila jsem si u vás",
# "ostin teidän", "am cumpărat ieri de la voi"), and words that end the goods' name (conjunctions,
# prepositions, pronouns and the verbs of the fault: "and", "for", "ale", "ja", "și", "tapi").
_BEFORE_GOODS = frozenset(
    "the a an my our some your back off from you yesterday last week two three jsem jsme si u vas vam od "
    "vcera minuly minulou tyden teidan teilta teiltä eilen viime viikolla ieri de la voi un o niste "
    "saya sy aku kami dari korang semalam haritu hari tu satu sebuah".split())
_AFTER_GOODS = frozenset(
    "and or but for from because which that with on at in to it they was were is are has had have "
    "a i ale ktery ktera ktere co ze byl byla bylo byly je jsou mi za na do v ve z se "
    "ja mutta ettei etta kun joka jotka ne oli on olivat mulle minulle ei siita "
    "si sau dar iar care ca ce e era au am pe la din cu "
    "dan atau tapi tetapi yang sebab kerana untuk utk dia ni tu itu je pun".split())
_BOUGHT_WORDS = 3
# Words of a size that did not fit (folded stems): the reason for a return.
_SIZE = re.compile(r"\b(size|small|big|large|tight|fit|saiz|muat|kecil|besar|velikost|mal(a|e|y|ou|ej)\b|velk|koko|pien|"
                   r"iso(t|ja|a)?\b|liian|marime|mic(a|i)?\b|mare\b|stramt|larg)")
# A period in days ("14 zile", "7 hari", "30 days", "do 14 dnů"): the terms a customer cites for a late
# refund, not an advert's claim.
_PERIOD = re.compile(r"\b\d+\s*(days?|working days|hari|zile|zi|dni|dnu|dny|dnů|päivä\w*|paiva\w*|pv|arkipäiv\w*)\b|"
                     r"\b(within a week|viikon sisällä|viikon sisalla|do týdne|do tydne|dalam (masa )?seminggu|"
                     r"într-o săptămână|intr-o saptamana)\b", re.IGNORECASE)
# Words naming the packing (folded stems): a box, a pack, a blister, a wrapper, its plastic.
_PACKING = re.compile(r"\b(box|boxes|pack|packs|packet|packag\w*|blister\w*|wrap\w*|carton|tray|seal|plastic|kotak|bungkus\w*|"
                      r"pembungkus\w*|plastik|pek|balutan|krabic\w*|krabick\w*|baleni|obal\w*|blistr\w*|sacek|sacku|folie|"
                      r"laatik\w*|pakkau\w*|muovipakkau\w*|muovi\w*|kaare\w*|pussi\w*|cutie|cutia|cutii\w*|ambalaj\w*|"
                      r"blisterul|punga|pungut\w*)\b")
# The closure of a container (folded): a zip, a lid, a cap, a foil ("zip na sáčku", "peltipurkin
# kansi", "capacul borcanului", "penutup balang"), said with a container word in the same clause. A
# product phrase said of it ("je k ničemu", "ei aukea", "won't close", "crăpat") is the packing's.
# The lid of the goods ("the blender's lid", "víko konvice") names no container and stays the goods'.
_CLOSURE = re.compile(r"^(zip|zips|zipu|zipem|zipper\w*|ziplock|resealable|lid|lids|cap|foil|vick\w*|viko|vika|"
                      r"viku|vikem|uzaver\w*|folie|folii|kansi|kannen|kantta|folio\w*|korkki\w*|vetoketju\w*|"
                      r"capac\w*|fermoar\w*|folia|penutup|tudung)$")
_CONTAINER = re.compile(r"^(jar|jars|tin|tins|pouch\w*|sacek|sacku|sackem|sacky|sklenic\w*|doza|dozy|doze|dozi|dozu|"
                        r"dozou|plechovk\w*|purk\w*|peltipurk\w*|pussi\w*|pussin|borcan\w*|pung\w*|cutie|cutiei|"
                        r"cutii|balang)$")
# A set that is both a channel and goods (folded): said as what was bought or came ("am primit
# televizorul", "I bought a TV", "dostal jsem televizi"), it names the goods, not an advert ("reclama
# la televizor", "an email I received" stay the channel's).
_SET = re.compile(r"^(tv|tvs|televizor\w*|televiz\w*|televisio\w*|televisyen|telkku\w*|telk\w*|radio\w*)$")
_SOUND_WORD = re.compile(r"^(ok|okay|fine|bine|perfect|funguje|kunnossa|toimii|elok|berfungsi)$")
_RECEIVED = re.compile(r"^(received|got|primit|dostal\w*|sain|saanut|terima|dapat)$")
# A sentence that opens by counting an issue ("First, …", "Second:", "And three: …", "Prima: …", "A
# doua: …", "Doi: …", "Zaprvé …", "A zadruhé, …", "Toiseksi …", "Kedua, …", "Satu, …") or by a number
# or letter in brackets, as summaries list them ("(1) …; (2) …", "1) … 2) …", "a) …"): each is an issue
# of its own.
_ENUMERATED = re.compile(
    r"^\W*(?:(?:and|a|și|si|ja|dan)\s+)?(?:(?:first|firstly|second|secondly|third|thirdly|one|two|three)\s*[:,.]|"
    r"(?:prima|primul|a doua|al doilea|a treia|al treilea|unu|doi|trei)\s*[:,.]|"
    r"(?:zaprvé|zaprve|zadruhé|zadruhe|zatřetí|zatreti|za prvé|za druhé|za třetí|potřetí)\b|"
    r"(?:ensinnäkin|ensinnakin|toiseksi|kolmanneksi)\b|(?:pertama|kedua|ketiga|satu|dua|tiga)\s*[:,.]|"
    r"\(\d{1,2}\)\s|\d{1,2}\)\s+\w|[a-c]\)\s)", re.IGNORECASE)
# The shop's own listing (folded): a price it showed at the order against the one the bill or the
# charge took ("pe site era 2999 … pe factură 3299") is a billing error; an advert's or a leaflet's
# price not honoured, and one an advert named in the sentence showed ("FB ad showed £9.99, site
# charged £14.99"), stay the advert's.
# The shop's shelf and price tag are its listing too ("the shelf tag said RM159, the till charged RM199",
# "na cenovce", "hintalapussa", "pe etichetă", "in lista").
_LISTING = re.compile(r"^(site\w*|website|web|webu|webovk\w*|stranka|strance|strankach|eshop\w*|verkkosivu\w*|"
                      r"nettisivu\w*|verkkokaup\w*|laman|shelf|shelves|tag|tags|listing|listed|rak|cenovk\w*|"
                      r"hintalap\w*|hyllyhin\w*|etichet\w*|lista|listei)$")
_ADVERT = re.compile(r"^(ad|ads|advert\w*|fb|facebook|instagram|tiktok|reclam\w*|letak\w*|mainos\w*|lehtimainos\w*|"
                     r"iklan|pliant\w*|flyer\w*|leaflet\w*|newsletter\w*|esite\w*|katalog\w*|catalog\w*)$")
# A plan sold as a "package" (folded, the two words before it): "my Fibre 150 package", "the sports
# package", "a 5G data package" is the service, not a parcel.
_PLAN = re.compile(r"^(broadband|fibre|fiber|tv|mobile|data|sim|internet|sports|premium|basic|family|bundle|channel|"
                   r"channels|calls|minutes|mb|gb|mbps|\d+mb|\d+gb|\d+mbps|5g|4g)$")
# Words setting one amount against another ("but", "tapi", "sedangkan", "ale", "přitom", "mutta", "vaikka",
# "dar", "deși", "instead of", "than"), folded.
_CONTRAST = frozenset("but yet whereas though although instead than vs tapi tetapi padahal sedangkan walhal ale pritom "
                      "prestoze nez kdezto mutta vaikka kun taas dar insa desi decat iar".split())
# The money taken: billed, charged, or paid ("I paid £129", "zaplatil jsem", "maksoin", "am plătit", "bayar").
_CHARGED = re.compile(r"^(invoice\w*|bill|billed|charged|factur\w*|faktur\w*|uctovan\w*|naucton\w*|lasku\w*|"
                      r"veloitet\w*|veloitettiin|invois|bil|dicaj|caj|incasat\w*|taxat\w*|paid|pay|zaplatil\w*|"
                      r"platil\w*|maksoin|maksettu|maksoimme|platit|achitat|bayar|dibayar|membayar)$")
# Words of a bill or an amount (folded): a size said in their sentence ("liian iso", "too high") is the
# amount's.
_AMOUNT_SAID = re.compile(r"%|€|\$|£|\b(bill|invoice|amount|charge|charged|total|sum|price|euro\w*|eur|pounds?|dollars?|"
                          r"lei|ringgit|rm\d*|kc|korun\w*|lasku\w*|summa\w*|hinta\w*|faktur\w*|castk\w*|cena|cenu|"
                          r"factur\w*|suma|pret\w*|bil|invois|jumlah|harga|caj)\b")
# Words of a price or a discount: with them a period is part of the offer ("30 days free", "-30 %").
_PRICE = re.compile(r"%|€|\$|£|\b(free|gratis|zdarma|ilmai\w*|percuma|discount|sleva|slevu|ale|alennus\w*|reducere|"
                    r"diskaun|price|cena|cenu|hinta|hinnan|pret\w*|harga|promo\w*|akce|akci|kampanj\w*|oferta)\b",
                    re.IGNORECASE)


@dataclass(frozen=True)
class _Heard:
    """One category heard in one sentence of one issue."""

    category: str
    source: str  # "customer" or "summary"
    issue: tuple[int, int]  # the customer's (or the summary's) n-th issue, and which of its goods
    position: int  # the sentence's place in the text
    sentence: str
    matched: tuple[str, ...]
    packing_fault: bool = False  # heard from the `seal` family
    goods: Optional[str] = None  # the goods the sentence names, with make and model
    goods_key: Optional[frozenset[str]] = None  # the goods' words' first letters ("imu" for "imurin")
    bill: Optional[str] = None  # the bill the sentence names ("invoice 2024-0519")
    in_use: bool = False  # a product fault said to have come with use (`in_use` family)
    brand: Optional[str] = None  # the make or model the sentence names without a goods word ("NutriBlend 600")
    in_packing: bool = False  # a product phrase in a clause naming the packing ("the plastic pack won't open")


def sentences(text: str) -> list[str]:
    """The sentences of a summary or transcript, without speaker labels and without the agent's lines.

    The agent's own lines are left out: they restate what the customer said, or promise to pass it on,
    and would only repeat the customer's suggestion.
    """
    return [sentence for _, sentence, _, _ in _customer_sentences(text or "")]


def _customer_sentences(text: str, language: Optional[str] = None) -> list[tuple[Optional[str], str, Optional[str], float]]:
    """(speaker, sentence, language, confidence) for every sentence not said by the agent; speaker
    None is the summary's.

    A summary is often written "Customer: wants a refund …"; what comes before the agent's first
    turn of a transcript is read as the summary, so it is not counted again as the customer's.
    """
    out = []
    turns = analyse(text, language).turns
    summary_over = not any(turn.speaker == AGENT for turn in turns)
    summary_seen = False
    for turn in turns:
        # The summary ends at the agent's first turn, or at the first labelled turn after an
        # unlabelled summary: a transcript may open with the customer's own turn.
        if turn.speaker == AGENT or (summary_seen and turn.label):
            summary_over = True
        summary_seen = summary_seen or not turn.label
        if turn.speaker in (AGENT, EVENT):
            continue
        if not summary_over:
            turn = replace(turn, speaker=None)
        for part in _SENTENCE_END.split(turn.text):
            part = part.strip()
            if part:
                out.append((turn.speaker, part, turn.language, turn.confidence))
    return out


def classify(summary: str, transcript: str, language: Optional[str] = None) -> list[FeedbackSuggestion]:
    """The feedback the customer raised in a contact, one suggestion per distinct issue."""
    return crm_classify_feedback("\n".join(t for t in (summary or "", transcript or "") if t.strip()), language)


def _languages(judged: Optional[str], declared: Optional[str], overall: Optional[str]) -> tuple[str, ...]:
    """The languages whose patterns a sentence is matched against: its own, the contact's, English."""
    return tuple(dict.fromkeys(code for code in (judged, declared, overall, "en") if code in LANGUAGES))


def _weight(match: Match) -> int:
    """How specific a phrase is: the number of words it matched."""
    return match.end - match.start


def _categories(found: list[Match], tokens_) -> list[tuple[str, tuple[str, ...]]]:
    """The categories one sentence gives (one, or two from different clauses), with the words heard."""
    by_category: dict[str, list[Match]] = {}
    for match in found:
        if match.family in CATEGORIES:
            by_category.setdefault(match.family, []).append(match)
    if "packaging" in by_category and "product" in by_category and not any(m.family == IN_USE for m in found):
        # Goods damaged in a crushed box ("the mugs inside are broken") are the packaging issue,
        # unless they broke in use ("cracked after two washes, and the box came crushed").
        kept = [m for m in by_category["product"] if not _TRANSIT_DAMAGE.search(m.said)]
        if kept:
            by_category["product"] = kept
        else:
            del by_category["product"]
    if "packaging" in by_category and "other" in by_category:
        # "…a week late because the label on the box was torn off": the delivery's trouble told with
        # a fault of the packing is its consequence.
        del by_category["other"]
    if not by_category:
        return []
    ranked = sorted(by_category, key=lambda c: (max(map(_weight, by_category[c])), _PRECEDENCE[c]),
                    reverse=True)
    first = ranked[0]
    chosen = [first]
    clauses = {tokens_[m.start].clause for m in by_category[first]}
    for category in ranked[1:]:
        if category == "marketing" and first in ("product", "packaging"):
            # "…, the website says it should be there": the claim is cited as evidence.
            continue
        strong = [m for m in by_category[category]
                  if _weight(m) >= _SECOND_CATEGORY_WORDS and tokens_[m.start].clause not in clauses]
        if strong:
            chosen.append(category)
            break
    return [(c, tuple(dict.fromkeys(m.said for m in by_category[c]))) for c in chosen]


@hookimpl(trylast=True)
def crm_classify_feedback(text: str, language: Optional[str]) -> list[FeedbackSuggestion]:
    return suggest(text, language)


def suggest(text: str, language: Optional[str], backstop: bool = True) -> list[FeedbackSuggestion]:
    """The suggestions of the phrase patterns, and (with backstop) the categories the learned model
    hears that the patterns missed (crm.standards.builtin.feedback_model)."""
    told_sentences = _customer_sentences(text or "", language)
    if not told_sentences:
        return []  # nothing from the customer or a summary to read: no language detected, no model asked
    lexicon = load_patterns("feedback")
    declared = (language or "").lower()[:2] or None
    overall = analyse(text or "", language).language
    heard: list[_Heard] = []
    issue = {"customer": 0, "summary": 0}
    seen: set[tuple[Optional[str], str]] = set()
    named: list[str] = []
    fuller: list[tuple[str, frozenset[str]]] = []  # goods named with their make or model, and their key
    brands: list[tuple[str, bool]] = []  # names the customer gives without a goods word: "Nova 12", "FreshKit meal box"
    bought: list[str] = []  # what the customer says they bought or sent back: "proteiinipatukka", "iaurtul cu căpșuni"
    # Per category and issue, the goods the customer's sentences named, in order: when the call names
    # several goods together ("the order with the blender and the toaster"), a fault of other goods
    # ("the blender's lid is cracked" … "the toaster only browns one side") is another issue. Without
    # that, other goods named are a part or a comparison ("the light doesn't come on either", "hot
    # as an iron") and the issue stays one.
    goods_told: dict[tuple[str, int], list[frozenset[str]]] = {}
    several_goods = False
    told: list[tuple[Optional[str], str]] = []  # (speaker, sentence) read, for the learned backstop
    sound: set[tuple[str, int]] = set()  # the issues in which the goods are said fine ("they seem fine")
    advert_before = False  # whether the sentence before named an advert
    packing_kind: dict[str, str] = {}  # per source, the fault of the packing told last: "open" or "much"
    for position, (speaker, sentence, judged, confidence) in enumerate(told_sentences):
        if (speaker, sentence) in seen:
            continue
        seen.add((speaker, sentence))
        told.append((speaker, sentence))
        source = "summary" if speaker is None else "customer"
        said = tokens(sentence)
        turn = Turn(1, speaker, None, sentence, judged, confidence, said)
        languages = _languages(judged, declared, overall)
        found = lexicon.find(turn, families=CATEGORIES + (ANOTHER, AGENT_NOTE, INTACT, REMEDY, IN_USE, NO_FAULT, ROUTED),
                             languages=languages)
        in_use = any(m.family == IN_USE for m in found)
        # "Kotak elok, tak koyak": the intact word may sit inside a longer packaging match.
        # The intact and choice families are also looked for on their own (one pass for both).
        alone = lexicon.find(turn, families=(INTACT, CHOICE), languages=languages)
        # "lebih baik guna kotak kertas", "it would be perfect if …": a word of a wish, not a box said fine.
        # "celá obálka byla mokrá", "the whole box was wet": an intact word just before the packaging
        # words it qualifies is no box said fine.
        packing_starts = {m.start for m in found if m.family == "packaging"}
        intact = {said[m.start].clause for m in found + alone if m.family == INTACT
                  and not (m.start and said[m.start - 1].folded in _WISHED) and m.end not in packing_starts}
        found = [m for m in found if not (m.family == "packaging" and said[m.start].clause in intact)]
        # "the charger that came in the box", "co byla v balení": the box named alone as the place of a
        # relative clause says where something was, not what is wrong with the packing.
        found = [m for m in found if not (m.family == "packaging" and _weight(m) == 1 and _in_the_box(said, m.start))]
        # "Rahat takaisin, en luota siihen": a refund chosen as the remedy, then another clause, is not
        # "money … not (received)"; a billing phrase opening where the remedy does and reaching into a
        # later clause is dropped.
        remedies = [m for m in alone if m.family == CHOICE]
        found = [m for m in found if not (m.family == "billing" and any(
            r.start == m.start and r.end < m.end and said[m.end - 1].clause != said[r.end - 1].clause
            for r in remedies))]
        # "v balení chybí sáček …", "missing from the packaging": the box named alone where something
        # is missing says where the part should have been, not what is wrong with the packing.
        missing = {t.clause for t in said if _MISSING.match(t.folded)}
        found = [m for m in found if not (m.family == "packaging" and _weight(m) == 1
                                          and said[m.start].clause in missing)]
        # "koupila jsem celé balení", "I bought a pack of six": the box named as what was bought.
        buying = [i for i, t in enumerate(said) if _BOUGHT.match(t.folded)]
        found = [m for m in found if not (m.family == "packaging" and _weight(m) == 1 and any(
            0 < m.start - i <= _BOUGHT_REACH and said[i].clause == said[m.start].clause for i in buying))]
        # "am primit televizorul", "I bought a TV": a channel named as what was bought or came is the goods.
        # So is one said sound ("televizorul e ok", "the TV itself works fine").
        set_sound = any(m.family == NO_FAULT for m in found)
        found = [m for m in found if not (m.family == "marketing" and _weight(m) == 1 and _SET.match(m.said) and (
            set_sound or any(_SOUND_WORD.match(t.folded) for t in said[m.end:m.end + 3]) or any(0 < m.start - i <= _BOUGHT_REACH and said[i].clause == said[m.start].clause
                             for i, t in enumerate(said) if _BOUGHT.match(t.folded) or _RECEIVED.match(t.folded))))]
        # "Ale ten zip na sáčku je k ničemu, nejde zavřít": from the clause naming a container's closure
        # on, a product phrase in a clause that names no goods is the packing's.
        closed = [t.clause for t in said if _CLOSURE.match(t.folded)
                  and any(u.clause == t.clause and _CONTAINER.match(u.folded) for u in said)]
        if closed and any(m.family == "product" for m in found):
            goods_at = {said[m.start].clause for m in lexicon.find(turn, families=(GOODS,), languages=languages)}
            found = [replace(m, family="packaging") if m.family == "product" and said[m.start].clause >= closed[0]
                     and (said[m.start].clause == closed[0] or said[m.start].clause not in goods_at) else m
                     for m in found]
        if _listed_price(said, contrast=False):
            # "I paid £129 but it was on your website for £99", "tag harga kat rak RM159, kat kaunter kena caj
            # RM199": the shop's own listed price against the money taken is a billing error, heard or not.
            found = [replace(m, family="billing") if m.family == "marketing" else m for m in found]
            if not any(m.family in CATEGORIES for m in found) and _listed_price(said):
                found = found + [Match(turn.index, judged or declared or "en", "billing", "listed price",
                                       " ".join(t.folded for t in said), 0, len(said))]
        found = [m for m in found if not (m.family == "packaging" and _weight(m) == 1 and m.said == "package"
                                          and any(_PLAN.match(t.folded) for t in said[max(0, m.start - 2):m.start]))]
        if any(o.family == "other" and any(_LISTING.match(t.folded) for t in said[o.start:o.end]) for o in found):
            found = [m for m in found if not (m.family == "billing" and _PAYMENT_FAILED.search(m.said))]
        found = found + _error_codes(turn, found)
        found = found + _parts_gone(lexicon, turn, found, languages, advert_before)
        advert_before = any(_ADVERT.match(t.folded) for t in said)
        # "Yeah, they seem fine", "Earphone ok, bunyi sedap", "müsli samotný bylo normální": the goods
        # said sound in a sentence that tells no fault of theirs ("worked fine at first, but …" does).
        sound_here = (any(m.family == NO_FAULT and not _MONEY_SET_ASIDE.search(m.said)
                          and not any(t.folded in _OTHER for t in said[max(0, m.start - 2):m.start]) for m in found)
                      and not any(m.family == "product" for m in found))
        found, packing_fault, goods, listed, bill = _helpers(lexicon, turn, found, languages)
        if _listed_price(said, contrast=False):
            # "tag harga kat rak": the shelf is where the price was, not the goods
            goods = [(name, key) for name, key in goods if not _LISTING.match(fold(name.lower()))]
        named.extend(name for name, _ in goods)
        fuller.extend((name, key) for name, key in goods if key and _made(name))
        bought.extend(_bought(turn, declared or judged))
        sentence_brands = _brands(sentence, judged)
        head = _header(sentence, lexicon, turn, languages) if source == "summary" else None
        if head:
            # "Crispo XL air fryer: gets hot …", "Snack Crate sub: box crushed …": the summary names the
            # goods before its colon; it is the call's name for them.
            brands.insert(0, (head, True))
            fuller.append((head, frozenset(w[:3] for w in fold(head.lower()).replace("-", " ").split())))
            # "Huawei Band 8: …": the name read without its first word is the head's.
            sentence_brands = [(head if made and name in head else name, made) for name, made in sentence_brands]
        brands.extend(sentence_brands)
        brands.extend((name, None) for name in _lone_names(
            sentence, judged or declared, lambda before: _ends_with_goods(lexicon, before, judged, languages)))
        brand = next((b for b, made in sentence_brands if made), None)
        said_goods = next((key for _, key in goods if key), None)
        several_goods = several_goods or listed
        if len(said) <= _REPLY_WORDS and _reply(sentence, judged or declared):
            # "That would be great.", "Ar fi super, mulțumesc.", "Se olis kiva, kiitos.": a polite reply
            # to the agent's offer, no wish for the goods nor any other issue.
            continue
        if source == "summary" and (said and said[0].folded in _AGENT_NOUNS or any(
                m.family == AGENT_NOTE and (m.start == 0 or (m.start == 1 and said[0].folded in _AGENT_SUBJECTS))
                for m in found)):
            continue
        if source == "summary" and any(m.family == ROUTED for m in found):
            # "Ad complaint logged.", "Eroare procesare, trimis la tehnic.": a one-word topic names
            # where the agent sent it; an issue the note also tells is told in more words.
            found = [m for m in found if m.family not in CATEGORIES or _weight(m) > 1]
        # "…very hot when charging, plus no charger in the box": a clause opened by a phrase of
        # the `another` family is a further issue within the sentence.
        if any(m.family == "packaging" for m in found):
            folded = fold(sentence.lower())
            kind = ("open" if _HARD_TO_OPEN.search(folded) and not _TOO_MUCH.search(folded) else
                    "much" if _TOO_MUCH.search(folded) and not _HARD_TO_OPEN.search(folded) else None)
            if kind and packing_kind.get(source, kind) != kind:
                issue[source] += 1
            if kind:
                packing_kind[source] = kind
        cuts = [m.start for m in found if m.family == ANOTHER and m.start >= _OPENING_WORDS
                and said[m.start].clause != said[m.start - 1].clause and m.language == judged]
        bounds = [0] + cuts + [len(said)]
        before: set[str] = set()
        named_at = ({m.start for m in lexicon.find(turn, families=(GOODS, SERVICE), languages=languages)}
                    if cuts else set())
        for part, (begin, end) in enumerate(zip(bounds, bounds[1:])):
            within = [m for m in found if begin <= m.start < end]
            these = {category for category, _ in _categories(within, said)}
            # "So much plastic on one toy, and on top of that it won't open": the clause after "and also"
            # adds to the complaint the sentence is making, of the same category and naming no other
            # goods ("the kettle leaks, and also the toaster …" is two), not a further issue.
            same = part and these and these == before and not any(begin <= i < end for i in named_at)
            if (part and not same) or any(m.family == ANOTHER and m.start < _OPENING_WORDS for m in within) or (
                    not part and _ENUMERATED.match(sentence)):
                issue[source] += 1
            before = these
            packing_clauses = {t.clause for t in said[begin:end] if _PACKING.fullmatch(t.folded)}
            product_clauses = {said[m.start].clause for m in within if m.family == "product"}
            for category, matched in _categories(within, said):
                which = (_which_goods(goods_told.setdefault((category, issue[source]), []), said_goods)
                         if source == "customer" else 0)
                heard.append(_Heard(category, source, (issue[source], which), position, sentence, matched,
                                    packing_fault and category == "packaging", next((name for name, _ in goods), None),
                                    next((key for _, key in goods), None),
                                    bill if category == "billing" else None, in_use and category == "product",
                                    brand, bool(packing_clauses & product_clauses)))
        if sound_here:
            sound.add((source, issue[source]))  # the issue as it stands at the sentence's end
    if not several_goods:
        heard = [replace(h, issue=(h.issue[0], 0)) for h in heard]
    if any(h.category == "other" and _LEFT_OUT.search(fold(h.sentence.lower())) for h in heard):
        # A box only wet, in a call about the parcel left out in the rain: the courier's, one issue.
        heard = [h for h in heard if not (h.category == "packaging" and _WET.search(fold(h.sentence.lower()))
                                          and not _TRANSIT_DAMAGE.search(fold(h.sentence.lower())))]
    packed_sentences = {h.sentence for h in heard if h.category == "packaging"}
    # "…came a week late because the label on the box was smudged": the delivery trouble told beside
    # a fault of the packing is its consequence, one packaging issue; and "the box was soaked and fell
    # apart … the courier probably left it in the rain": the box's damage is the issue, the parcel
    # left out its cause.
    heard = [h for h in heard if not (h.category == "other" and packed_sentences and (
        h.sentence in packed_sentences or all(_LEFT_OUT.search(fold(m.lower())) for m in h.matched)))]
    heard = _missing_apart(heard)
    out = _suggestions(heard, named, brands, fuller, declared or overall, bought, sound)
    if backstop:
        out += _learned(out, told, {h.sentence for h in heard}, declared or overall, named, brands, fuller, bought,
                        sound)
    return out


def _learned(found: list[FeedbackSuggestion], told: list[tuple[Optional[str], str]], read: set[str],
             language: Optional[str],
             named: list[str], brands: list[tuple[str, bool]], fuller, bought: list[str] = (),
             sound: set = frozenset()) -> list[FeedbackSuggestion]:
    """The categories the learned model hears in the customer's sentences and the summary that the
    patterns gave no item for, one suggestion each: of the sentences the patterns heard nothing in,
    the customer's that weighs most for the category as evidence (the summary's only when the
    customer said nothing), the call's goods as
    the product, and half the model's probability as confidence."""
    if not told:
        return []
    learned = feedback_model.model()
    sentences = [sentence for _, sentence in told]
    given = {s.category for s in found}
    out = []
    for category, probability in learned.probabilities(language, sentences).items():
        if category in given or probability < feedback_model.THRESHOLD:
            continue
        if category == "product" and sound and "packaging" in given:
            continue  # the goods said fine beside a packaging complaint: no product item to add
        own = [sentence for speaker, sentence in told if speaker is not None] or sentences
        # Praise, goods said sound and plain questions ("merge perfect", "toimii hyvin", "jen se ptám
        # na …") are no complaint, however much they name the goods: never the evidence.
        # A sentence the phrase patterns already read gives what they read; a question asks rather
        # than complains ("boleh tak guna kertas je?").
        replies = {sentence for sentence in own
                   if len(tokens(sentence)) <= _REPLY_WORDS and _reply(sentence, language)}
        told_own = own
        own = [sentence for sentence in own if sentence not in read and not sentence.rstrip().endswith("?")
               and not _sound_or_asking(sentence, language) and sentence not in replies]
        if not own and probability >= _SURE:
            # Only a polite reply left unread ("Kiitos.", "Bine, mersi."), and the model all but certain:
            # the evidence is the customer's sentence that weighs most for the category, read or not.
            own = [sentence for sentence in told_own if sentence not in replies
                   and not sentence.rstrip().endswith("?") and not _sound_or_asking(sentence, language)]
        if not own:
            continue
        evidence = own[learned.strongest(language, own, category)][:_MAX_EVIDENCE]
        product = _product([], [], named if category in ("product", "packaging", "billing") else [],
                           brands, fuller, language, bought)
        out.append(FeedbackSuggestion(category=category, text=evidence, product=product, matched=(),
                                      evidence=evidence,
                                      confidence=round(feedback_model.CONFIDENCE_SHARE * probability, 2)))
    return out


def _sound_or_asking(sentence: str, language: Optional[str]) -> bool:
    """Whether a sentence says the goods or the box are fine, praises, or only asks (the `no_fault`,
    `intact` and `neutral` families)."""
    turn = Turn(1, CUSTOMER, None, sentence, language, 1.0, tokens(sentence))
    return bool(load_patterns("feedback").find(turn, families=(NO_FAULT, INTACT, NEUTRAL),
                                                languages=_languages(language, language, language)))


def _reply(sentence: str, language: Optional[str]) -> bool:
    """Whether a sentence is only a polite reply ("That would be great.", "Ok, thanks then.", "Bine,
    mulțumesc."): a `reply` phrase and at most one word beside it."""
    said = tokens(sentence)
    turn = Turn(1, CUSTOMER, None, sentence, language, 1.0, said)
    found = load_patterns("feedback").find(turn, families=(REPLY,), languages=_languages(language, language, language))
    covered = {i for m in found for i in range(m.start, m.end)}
    return bool(found) and len(said) - len(covered) <= 1


def _returned(sentence: str) -> bool:
    """Whether a sentence says the goods were sent back ("I returned", "I sent the boots back",
    "palautin", "am trimis înapoi", "poslal jsem zpět", "hantar balik")."""
    folded = fold(sentence.lower())
    return bool(_SENT_BACK.search(folded)) or any(_RETURNED.match(word) for word in _WORD.findall(folded))


def _bought(turn: Turn, language: Optional[str]) -> list[str]:
    """What a sentence says was bought or sent back, as written, a Czech or Finnish noun in its
    dictionary form: "Tilasin proteiinipatukoita ja …" → "proteiinipatukka", "am cumpărat ieri
    iaurtul cu căpșuni" → "iaurtul", "vrátila jsem zimní bundu" → "zimní bunda"."""
    said = turn.tokens
    verbs = [i for i, token in enumerate(said) if _BOUGHT.match(token.folded) or _RETURNED.match(token.folded)]
    spans = [m.span() for m in _WORD.finditer(turn.text)] if verbs else []
    if len(spans) != len(said):
        return []
    out = []
    for i in verbs:
        token = said[i]
        start = i + 1
        while start < len(said) and said[start].folded in _BEFORE_GOODS and said[start].clause == token.clause:
            start += 1
        end = start
        while (end < min(len(said), start + _BOUGHT_WORDS) and said[end].clause == token.clause
               and said[end].folded not in _AFTER_GOODS and said[end].folded.isalpha()):
            end += 1
        if end == start or len(said[end - 1].folded) < 3:
            continue
        words = [turn.text[a:b] for a, b in spans[start:end]]
        if language in ("cs", "fi"):
            words[-1] = _dictionary_form(words[-1], language)
        out.append(" ".join(words)[:_MAX_PRODUCT])
    return out


# The case endings a noun may add to its dictionary form unchanged (folded): "imuri-n", "lasi-a",
# "pesukone-en", "telefon-u", "mobil-em".
_ENDINGS = {
    "fi": frozenset("n a ta na ssa sta lla lta lle ksi in en t tta ja ineen iin ihin ien iden itten issa ista illa "
                    "ilta ille ina iksi".split()),
    "cs": frozenset("a u e y i ou em am ach ami ech ich imi ove ovi um ech".split()),
}


def _dictionary_form(word: str, language: str) -> str:
    """A noun in its dictionary form, kept as written when the dictionary's answer does not start as
    the word does (Finnish "lautasta", a plate, is not "lautta", a ferry), or when it is the word cut
    short by more than a case ending (a compound's first part: "espressokone" is not "espresso")."""
    lemma(word.lower(), language)  # loads the language's dictionary once, under its lock
    found = simplemma.lemmatize(word.lower(), lang=language)
    other = _nen_reading(word.lower()) if language == "fi" else None
    if other and other != found and _is_goods(other, language) and not _is_goods(found, language):
        # "lautasta" reads as "lautta" (a ferry, elative) or "lautanen" (a plate, partitive): the
        # reading the goods words know is the goods.
        found = other
    if len(found) < 3 or _gradeless(fold(found))[:4] != _gradeless(fold(word.lower()))[:4]:
        return word
    rest = fold(word.lower())[len(fold(found)):] if fold(word.lower()).startswith(fold(found)) else ""
    if rest and rest not in _ENDINGS.get(language, ()):
        return word  # "espressokone" is not "espresso": a compound cut short, not a case ending
    return found if word[:1].islower() else found[:1].upper() + found[1:]


# The case endings of a Finnish noun in -nen, after its stem's "s": "lautasta", "lautasen", "lautaset".
_NEN_CASES = ("sta", "sen", "set", "sia", "sessa", "sesta", "seen", "selle", "sella", "silla", "siin", "sine")


def _nen_reading(word: str) -> Optional[str]:
    """The -nen noun a Finnish word may be a case of ("lautasta" → "lautanen"), when the dictionary
    knows it."""
    for ending in _NEN_CASES:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            candidate = word[:-len(ending)] + "nen"
            return candidate if simplemma.is_known(candidate, lang="fi") else None
    return None


def _is_goods(word: str, language: str) -> bool:
    """Whether a word is one of the `goods` family's words in the language ("lautanen", "kenkä")."""
    said = tokens(word)
    turn = Turn(1, None, None, word, language, 1.0, said)
    return any(m.family == GOODS for m in load_patterns("feedback").find(turn, families=(GOODS,),
                                                                        languages=(language,)))


def _gradeless(word: str) -> str:
    """A word with its doubled letters single: Finnish consonant gradation ("takki", "takin") keeps
    the stem's first letters apart by one letter, not by meaning."""
    return re.sub(r"(.)\1", r"\1", word)


def _listed_price(said, contrast: bool = True) -> bool:
    """Whether a sentence sets the shop's listed price (its site, shelf or price tag) against the money
    it took, with two amounts and no advert named ("FB ad showed £9.99, site charged £14.99" is the
    advert's); with contrast, a word setting one amount against the other too ("but", "tapi", "ale"),
    which a sentence no phrase heard needs to be billing."""
    return (any(_CHARGED.match(t.folded) for t in said) and any(_LISTING.match(t.folded) for t in said)
            and not any(_ADVERT.match(t.folded) for t in said)
            and sum(any(c.isdigit() for c in t.folded) for t in said) >= 2
            and (not contrast or any(t.folded in _CONTRAST for t in said)))


def _error_codes(turn: Turn, found: list[Match]) -> list[Match]:
    """A product fault for each error code the goods show ("it shows error F06", "píše chybu E4",
    "antaa virheen E3") in a clause no phrase of a category was heard in."""
    said = turn.tokens
    heard = {said[m.start].clause for m in found if m.family in CATEGORIES}
    return [Match(turn.index, turn.language or "en", "product", "error code", f"{said[i].folded} {said[i + 1].folded}",
                  i, i + 2)
            for i in range(len(said) - 1)
            if _ERROR_WORD.match(said[i].folded) and _ERROR_CODE.match(said[i + 1].folded)
            and any(c.isdigit() for c in said[i + 1].folded) and said[i].clause not in heard]


def _in_the_box(said, start: int) -> bool:
    """Whether the word at start is the place of a relative clause: "that came in the box", "co byla
    v balení", "yang ada dalam kotak" — "in" (an article may stand between) after "that", "co",
    "yang", "care" in the same clause. "A crack in the packaging" names no such thing."""
    clause = said[start].clause
    before = start - 1
    while before >= 0 and said[before].folded in _ARTICLES and said[before].clause == clause:
        before -= 1
    if before < 0 or said[before].folded not in _IN_THE_BOX or said[before].clause != clause:
        return False
    return any(said[i].folded in _RELATIVE and said[i].clause == clause
               for i in range(max(0, before - _RELATIVE_REACH), before))


def _which_goods(told: list[frozenset[str]], said: Optional[frozenset[str]]) -> int:
    """Which of the goods told for an issue a sentence is about (new goods are added); a sentence
    naming none is about the latest."""
    if said:
        for index, key in enumerate(told):
            if key & said:
                return index
        told.append(said)
    return max(0, len(told) - 1)


def _helpers(lexicon, turn: Turn, found: list[Match], languages
             ) -> tuple[list[Match], bool, list[tuple[str, Optional[frozenset[str]]]], bool, Optional[str]]:
    """The sentence's matches after its praise, questions and packing faults are read, and the goods
    it names: (name, key), the key the words' first letters for goods ("blen" for "blenderul") and
    None for a service; whether it lists several goods together; and the bill it names, if any.

    Praise or a plain question leaves no one-word topic match; a seal missing or a part the
    packer forgot makes the sentence's missing-part phrases packaging.
    """
    helpers = lexicon.find(turn, families=(SEAL, NEUTRAL, GOODS, SERVICE, ERROR_CODE, BILL, OPT_OUT, WATCHING),
                           languages=languages)
    bill = next((_goods_name(turn, m) for m in helpers if m.family == BILL and m.language == (turn.language or m.language)), None)
    codes = [m for m in helpers if m.family == ERROR_CODE]
    if codes:
        found = [replace(m, family="product") if m.family == "marketing" and any(c.start <= m.start < c.end for c in codes)
                 else m for m in found]
    watching = [m for m in helpers if m.family == WATCHING]
    if watching:
        found = [m for m in found if not (m.family == "marketing" and _weight(m) == 1
                                          and any(w.start <= m.start < w.end for w in watching))]
    if any(m.family == OPT_OUT for m in helpers):
        # "nu mă pot dezabona, linkul nu merge": what does not work beside the opt-out is the opt-out.
        found = [replace(m, family="marketing") if m.family == "product" else m for m in found]
    # Goods are named in the sentence's own language (an English "oven" is not read into Finnish);
    # services after goods.
    named = [m for m in helpers if m.family in (GOODS, SERVICE) and m.language == (turn.language or m.language)]
    # "TV ad", "reclama de la televizor", "v televizi jede reklama": where the advert ran, not the goods.
    # The advert is told in words of its own: a marketing phrase that is the medium's word alone
    # ("tv") does not count.
    advertised = [m for m in found if m.family == "marketing"]
    named = [m for m in named if not (m.end - m.start == 1 and _MEDIA.match(turn.tokens[m.start].folded) and any(
        turn.tokens[a.start].clause == turn.tokens[m.start].clause and not a.start <= m.start < a.end
        for a in advertised))]
    goods = [(_goods_name(turn, m), frozenset(w[:3] for w in m.said.split()) if m.family == GOODS else None)
             for m in sorted(named, key=lambda m: m.family != GOODS)]
    # Goods listed together, "the blender and the toaster", "kettle, toaster": several goods.
    listed = any(a.family == b.family == GOODS and _listed(turn.tokens, a, b) for a, b in zip(named, named[1:]))
    neutral = [m for m in helpers if m.family == NEUTRAL]
    if neutral:
        # A topic phrase opening inside a neutral one is no complaint either: "bukan nak komplen …
        # rider" (a compliment follows), "dah pulangkan … sebab saiz tak muat" (why a return was made).
        found = [m for m in found if m.family not in CATEGORIES
                 or (_weight(m) > 1 and not any(n.start <= m.start < n.end for n in neutral))]
    # A seal phrase is said within one clause: "tak koyak, seal pun ada" is a box not torn and a seal there.
    seals = [m for m in helpers if m.family == SEAL and turn.tokens[m.start].clause == turn.tokens[m.end - 1].clause]
    if not seals:
        return found, False, goods, listed, bill
    found = [m for m in found if not (m.family == "product" and _MISSING.search(m.said))]
    return found + [replace(m, family="packaging") for m in seals], True, goods, listed, bill


def _listed(said, first: Match, second: Match) -> bool:
    """Whether two goods are listed together: only "and", "or" or a comma between them."""
    between = {t.folded for t in said[first.end:second.start]} - _ARTICLES
    comma = said[second.start].clause != said[first.end - 1].clause
    return first.end <= second.start and len(between) <= 1 and (comma or bool(between & _AND))


def _name_like(word: str) -> bool:
    """A word only a name is written as: letters with digits ("X5", "10000mAh") or a capital inside
    ("FreshKit", "BebeLapte")."""
    if _QUANTITY.match(word):
        return False
    with_digits = any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
    return with_digits or (any(c.isupper() for c in word[1:]) and not word.isupper())


def _brands(sentence: str, language: Optional[str] = None) -> list[tuple[str, bool]]:
    """The names in a sentence that no goods word stands beside: capitalised words, numbers and model
    words written next to each other ("Nova 12", "Little Oaks First Milk", "Pölyhaukka 3000"), two or
    more with a capitalised word among them, or one word only a name is written as ("FreshKit").
    Greetings, people greeted ("Hi Chris"), platforms, abbreviations, quantities ("3x") and batch
    numbers ("L2317", "GD-2304") are no such name."""
    out: list[str] = []
    run: list[tuple[str, int, int]] = []
    words = list(_WORD.finditer(sentence))

    def anchor(word: str) -> bool:  # a word that makes a run a name: "Nova", "Oaks", "FreshKit"
        return fold(word) not in _NOT_NAMES and word[0].isupper() and any(c.islower() for c in word)

    def amount(index: int) -> bool:  # "20 %", "189 euroa", "23:40", "1. faktuře"
        return words[index].group().isdigit() and bool(_UNIT_AFTER.match(sentence, words[index].end()))

    def close() -> None:
        if any(_OFFER_WORD.match(fold(w.lower())) for w, _, _ in run):
            # "Beli 1 Percuma 1", "Buy 2 Get 1", "Kup 2 zaplať 1": an offer's name, not the goods'.
            run.clear()
            return
        if (len(run) > 1 and any(anchor(w) for w, _, _ in run)) or (
                len(run) == 1 and _name_like(run[0][0]) and anchor(run[0][0])):
            name = sentence[run[0][1]:run[-1][2]][:_MAX_PRODUCT]
            # A name opening the sentence carries a make only by its own spelling: "Fix 24", "Set 6",
            # "Vráceno 3" are a capitalised word before a number.
            out.append((name, _made(run[0][0] if run[0][1] == words[0].start() else name, language == "fi")))
        run.clear()

    for index, m in enumerate(words):
        word = m.group()
        adjacent = bool(run) and sentence[run[-1][2]:m.start()] in (" ", "-")
        following = words[index + 1].group() if index + 1 < len(words) else ""
        capital = word[0].isupper() and fold(word) not in _NOT_NAMES and (
            index > 0 or following[:1].isdigit() or _name_like(following))
        if run and not adjacent:
            close()
        # "Tassu-talvikengät", "Terra-ruukkua": a make joined by a hyphen to the goods' own word.
        # Finnish only: elsewhere "Brno-střed", "Praha-západ" are places.
        compound = (language == "fi" and bool(run) and sentence[run[-1][2]:m.start()] == "-"
                    and run[-1][0][0].isupper())
        if amount(index) or _MONEY_WORD.match(word):
            close()
        elif capital or _name_like(word) or (run and (word.isdigit() or word[0].isupper() or compound)):
            run.append((word, m.start(), m.end()))
        else:
            close()
    close()
    return out


def _header(sentence: str, lexicon, turn: Turn, languages) -> Optional[str]:
    """The goods a summary names before its colon ("Crispo XL air fryer: …", "Huawei Band 8: (1) …",
    "Koivu-kirjahylly: …"): up to six words, the first capitalised, with a make or model among them
    (a capital after the first word, a word of letters and digits, a capitalised make joined by a
    hyphen) or a goods word; a label ("Customer:", "Feature request:", "Palaute:", "Cust 3 isu:",
    "Tilaus 66120:") is none."""
    found = _HEAD.match(sentence)
    if not found:
        return None
    head = found.group(1).strip()
    words = _WORD.findall(head)
    if not words or len(words) > _HEAD_WORDS or not words[0][:1].isupper():
        return None
    if any(fold(w.lower()) in _NOT_NAMES or fold(w.lower()) in _LABELS or _OFFER_WORD.match(fold(w.lower()))
           for w in words):
        return None
    made = (any(w[:1].isupper() for w in words[1:]) or any(_name_like(w) for w in words)
            or (len(words) > 1 and words[1].isdigit()) or _made(head))
    if not made:
        end = len(tokens(head))
        made = any(m.family == GOODS and m.end <= end for m in lexicon.find(turn, families=(GOODS,), languages=languages))
    return head[:_MAX_PRODUCT] if made else None


def _lone_names(sentence: str, language: Optional[str], after_goods=None) -> list[str]:
    """Single capitalised words inside a sentence ("… sanoa et Moccamaster tuli ruttuun", "your Voltix
    rechargeable AA batteries"): in most languages only a name is written so there; the call's last
    resort for a product. Not the sentence's first word, nor one after a greeting or thanks ("Hi Leo"),
    nor words no goods are named by (platforms, days, titles)."""
    out = []
    words = list(_WORD.finditer(sentence))
    for index, m in enumerate(words):
        word = m.group()
        if index == 0 or not word[:1].isupper() or len(word) < 3 or word.isupper():
            continue
        before = sentence[words[index - 1].end():m.start()]
        if any(c in before for c in ".!?:;\"'„“”«»(") or fold(words[index - 1].group().lower()) in _GREETINGS:
            continue
        neighbours = [words[i].group() for i in (index - 1, index + 1) if 0 <= i < len(words)]
        if any(n[:1].isupper() or any(c.isdigit() for c in n) for n in neighbours):
            continue  # part of a longer name: _brands reads those
        folded = fold(word.lower())
        if (folded in _NOT_NAMES or folded in _LABELS or _OFFER_WORD.match(folded) or _ADVERT.match(folded)
                or _PLATFORM.match(folded) or fold(words[index - 1].group().lower()) in _PLACE_BEFORE):
            continue
        # A word the dictionary knows is a month, a person, a place or a common word written with a
        # capital ("Jan", "Mei", "Olomouc", "Domnului"), not a make.
        if any(_known(word.lower(), code) for code in dict.fromkeys((language, "en")) if code in LANGUAGES) and not (
                after_goods and after_goods(sentence[:words[index - 1].end()])):
            continue  # … unless it follows a goods word: "regál Oskar", "šampon Bylinka"
        out.append(word[:_MAX_PRODUCT])
    return out


def _ends_with_goods(lexicon, text: str, language: Optional[str], languages) -> bool:
    """Whether a text ends with a goods word ("skládám regál", "vytekl tam šampon")."""
    said = tokens(text)
    turn = Turn(1, CUSTOMER, None, text, language, 1.0, said)
    return any(m.end == len(said) for m in lexicon.find(turn, families=(GOODS, SERVICE), languages=languages))


def _known(word: str, language: str) -> bool:
    """Whether the language's dictionary (simplemma's) knows a word."""
    lemma(word, language)  # loads the language's dictionary once, under its lock
    return simplemma.is_known(word, lang=language)


def _goods_name(turn: Turn, match: Match) -> str:
    """The goods as the customer wrote them, with the make or model written beside them: words with
    a digit or a capital (the sentence's first only if a name, "CrispMaster 5 air fryer"), "the Oslo
    desk", "blender BL-600"."""
    spans = [m.span() for m in _WORD.finditer(turn.text)]
    if len(spans) != len(turn.tokens):  # a word that lower case splits differently: the goods alone
        return match.said[:_MAX_PRODUCT]

    def model(i: int) -> bool:
        word = turn.text[spans[i][0]:spans[i][1]]
        if word.isdigit() and _UNIT_AFTER.match(turn.text, spans[i][1]):  # "nabíječka 25 W": an amount
            return False
        if _MONEY_WORD.match(word):  # "voucher RM20", "baucar RM50": an amount, not a model
            return False
        if _OFFER_WORD.match(fold(word.lower())) or fold(word.lower()) in _DAYS:
            return False  # "de Black Friday trotineta": the sale's name

        # The sentence's first word only when no ordinary word is written so: "CrispMaster 5 air fryer".
        return (_name_like(word) if i == 0 else
                any(c.isdigit() for c in word) or (word[0].isupper() and len(word) > 1))

    def attached(a: int, b: int) -> bool:  # one clause, or one word written "1.7L", "BL-600"
        return (turn.tokens[a].clause == turn.tokens[b].clause
                or (spans[b][0] - spans[a][1] == 1 and turn.text[spans[a][1]] in ".-/"))

    start, end = match.start, match.end
    while start > max(0, match.start - _MODEL_WORDS) and model(start - 1) and attached(start - 1, start):
        start -= 1
    while end < min(len(spans), match.end + _MODEL_WORDS) and model(end) and attached(end - 1, end):
        end += 1
    # Malay puts the goods' kind after the goods word and the make after both: "beg tangan Elena",
    # "kasut sukan Adidas", "set pinggan Corelia". A word in lower case between the goods and a make
    # belongs to the name.
    if (turn.language == "ms" and end == match.end and end + 1 < len(spans) and model(end + 1)
            and turn.tokens[end].folded.isalpha() and turn.tokens[end].folded not in _AFTER_GOODS
            and attached(end - 1, end) and attached(end, end + 1)):
        end += 2
        while end < min(len(spans), match.end + 1 + _MODEL_WORDS) and model(end) and attached(end - 1, end):
            end += 1
    # "2 hrnce", "3 mugs": a count before the goods, unless a make stands before it ("Nopsa 14 -kannettava").
    while start < match.start and turn.text[spans[start][0]:spans[start][1]].isdigit():
        start += 1
    core = turn.text[spans[match.start][0]:spans[match.end - 1][1]]
    if turn.language in ("cs", "fi"):
        # "kahvinkeittimen" → "kahvinkeitin", "Sointu-sohvan" → "Sointu-sohva", "pračku" → "pračka": the
        # goods in their dictionary form, as a department writes them.
        last = spans[match.end - 1]
        word = turn.text[last[0]:last[1]]
        core = core[:len(core) - len(word)] + _dictionary_form(word, turn.language)
    if start == match.start == 0 and not core[:2].isupper():  # "Blender 1.5L saya bocor": not a name, the sentence's capital
        core = core[:1].lower() + core[1:]
    left = turn.text[spans[start][0]:spans[match.start][0]]
    right = turn.text[spans[match.end - 1][1]:spans[end - 1][1]]
    return (left + core + right)[:_MAX_PRODUCT]


def _suggestions(heard: list[_Heard], named: list[str], brands: list[tuple[str, bool]],
                 fuller: list[tuple[str, frozenset[str]]] = (), language: Optional[str] = None,
                 bought: list[str] = (), sound: set = frozenset()) -> list[FeedbackSuggestion]:
    """One suggestion per issue: per category, as many as the customer's account or the summary
    separates it into, each with the customer's own sentence as evidence where there is one."""
    if sound:
        # Only within the issue the goods are said fine in: "Satu lagi, kotak … penyek, barang dalam
        # okay je" leaves the overheating told before it alone.
        # "The headphones work fine. But the plastic pack won't open": with the goods said sound, what
        # "won't open" or "came apart" in a clause naming the packing is the packing.
        # A part missing is no fault of the goods' working ("the cable wasn't in the box, the phone
        # is fine"): it stays.
        heard = [replace(h, category="packaging") if h.category == "product" and not h.in_use
                 and not _part_missing(h) and h.in_packing and (h.source, h.issue[0]) in sound else h
                 for h in heard]
    packed = {(h.source, h.issue[0]) for h in heard if h.category == "packaging"}
    if sound and packed:
        # "The box was crushed … they seem fine, I've tested them": the goods said sound, the complaint
        # is the packing; what a product phrase heard there ("nu se deschide" of a blister) is the
        # packing's too. A fault that came with use, and a part missing, stay.
        heard = [h for h in heard if not (h.category == "product" and not h.in_use and not _part_missing(h)
                                          and (h.source, h.issue[0]) in packed)]
    if any(h.category == "packaging" for h in heard):
        # Goods broken in a crushed box are the packaging issue wherever in the call it is told.
        heard = [h for h in heard if not (h.category == "product" and not h.in_use
                                          and all(_TRANSIT_DAMAGE.search(m) for m in h.matched))]
    if any(h.packing_fault for h in heard):
        # "There's no bag of bolts … whoever packed it forgot": the missing part is the packing's; and
        # with a seal missing or broken, what spilled or tore ("the shampoo had leaked into the box",
        # "one's torn across, the other peeled back") is that seal's fault, not a defect of the goods.
        heard = [h for h in heard if not (h.category == "product" and not h.in_use and all(
            _MISSING.search(m) or _TRANSIT_DAMAGE.search(m) or _SPILLED.search(m) for m in h.matched))]
    if any(h.category == "packaging" for h in heard):
        # "No allergen label on the wrapper … my daughter is allergic": the allergy says why the label
        # matters; it is no reaction to the goods.
        heard = [h for h in heard if not (h.category == "product" and all(_ALLERGY.search(m) for m in h.matched))]
    if any(h.category == "billing" for h in heard):
        # "The refund hasn't come … and the website says 14 days": the terms are cited for the late
        # money, not an advert's claim (a period with a price or a discount is still the offer's).
        heard = [h for h in heard if not (h.category == "marketing" and _PERIOD.search(h.sentence)
                                          and not _PRICE.search(h.sentence))]
        # "Lasku on melkein sata euroa liian iso", "the bill is far too high", "suma e prea mare": a size
        # said of the bill or an amount is the billing complaint's, not the goods'.
        heard = [h for h in heard if not (h.category == "product" and all(_SIZE.search(m) for m in h.matched)
                                          and _AMOUNT_SAID.search(fold(h.sentence.lower())))]
        # "I sent the dress back, it was the wrong size, and the money hasn't come": the size is why the
        # goods went back, the complaint is the money.
        if any(_returned(h.sentence) for h in heard):
            heard = [h for h in heard if not (h.category == "product" and all(_SIZE.search(m) for m in h.matched))]
    heard = _returns_merged(heard)
    out: list[tuple[int, FeedbackSuggestion]] = []
    for category in CATEGORIES:
        items = [h for h in heard if h.category == category]
        if not items:
            continue
        issues = {source: sorted({h.issue for h in items if h.source == source})
                  for source in ("customer", "summary")}
        count = max(len(issues["customer"]), len(issues["summary"]))
        # The customer's words are the evidence; the summary's stand in for issues the customer's
        # account does not separate.
        groups = [[h for h in items if h.source == "customer" and h.issue == n] for n in issues["customer"]]
        groups += [[h for h in items if h.source == "summary" and h.issue == n]
                   for n in issues["summary"]][len(groups):]
        summary_heard = bool(issues["summary"])
        for group in groups[:count]:
            evidence = group[0]
            words = sum(len(h.matched) for h in group)
            both = summary_heard and any(h.source == "customer" for h in items)
            confidence = min(0.95, 0.45 + 0.15 * words + (0.15 if both else 0.0))
            # The goods named where the issue is told, else where its category is, else the call's
            # first (a defect, a damaged box or a charge is of the goods the call is about).
            # A billing item of a call that names no goods or service is about the bill it names ("the
            # invoice for paper and toner is made out to another firm"); goods named win, as the bill
            # is most often of them ("on the invoice the kettle is 189").
            # A make or model beats a bare goods word told beside it ("my NutriBlend 600 came without
            # a lid … the jug"): the issue's own sentences first, then the category's, then the call's.
            product = _product(group, items, named if category in ("product", "packaging", "billing") else [],
                               brands, fuller, language, bought)
            out.append((evidence.position, FeedbackSuggestion(
                category=category, text=evidence.sentence[:_MAX_EVIDENCE], product=product,
                matched=tuple(dict.fromkeys(m for h in group for m in h.matched)),
                evidence=evidence.sentence[:_MAX_EVIDENCE], confidence=round(confidence, 2))))
    return [suggestion for _, suggestion in sorted(out, key=lambda pair: pair[0])]


def _missing_apart(heard: list[_Heard]) -> list[_Heard]:
    """A part said missing from the box after a fault of the goods told in an earlier sentence of one
    issue is a second issue ("the outside gets too hot … The grill plate wasn't in the box"): one is an
    omission in the box, the other the goods' working. Told in one sentence ("the charger wasn't in the
    box, so it can't charge") they stay one."""
    faults: dict = {}
    for h in heard:
        if h.category == "product" and not all(_PART_GONE.search(m) for m in h.matched):
            faults.setdefault((h.source, h.issue), h.position)
    out = []
    for h in heard:
        fault_at = faults.get((h.source, h.issue))
        if h.category == "product" and fault_at is not None and fault_at < h.position and _gone(h):
            h = replace(h, issue=(h.issue[0], _APART))
        out.append(h)
    return out


def _parts_gone(lexicon, turn: Turn, found: list[Match], languages, advert_before: bool = False) -> list[Match]:
    """A product fault for each part said missing from the box ("the grill plate wasn't in the box", "v
    krabici chyběla tryska", "paketista puuttui", "în cutie nu era", "takde dalam kotak"; the `part_gone`
    family) where no phrase of a category was heard: unless what is missing, in that clause, is the
    padding or the printed matter (the packing's: "laatikossa ei ollut mitään pehmusteita", "în cutie
    lipsea manualul"), or an advert named in the sentence or the one before promised it (the advert's:
    "Am comandat după reclama … «cască cadou». Cască nu e în colet.")."""
    said = turn.tokens
    if advert_before or any(_ADVERT.match(t.folded) for t in said):
        return []
    heard = {i for m in found if m.family in CATEGORIES for i in range(m.start, m.end)}
    out = []
    for m in lexicon.find(turn, families=(PART_GONE,), languages=languages):
        clauses = {said[m.start].clause, said[m.end - 1].clause}
        if heard & set(range(m.start, m.end)) or _NOT_A_PART.search(
                " ".join(t.folded for t in said if t.clause in clauses)):
            continue
        out.append(replace(m, family="product"))
    return out


def _gone(heard: _Heard) -> bool:
    """Whether a product item is only a part missing from the box: every phrase heard says something was
    not in the box ("wasn't in the box", "v krabici chyběla", "în cutie nu era")."""
    return bool(heard.matched) and all(_PART_GONE.search(m) and _BOX_PLACE.search(m) for m in heard.matched)


def _part_missing(heard: _Heard) -> bool:
    """Whether a product item tells a part missing ("kabel pengecas takde", "lipsesc balamalele")."""
    return any(_MISSING.search(m) for m in heard.matched) or bool(_MISSING.search(fold(heard.sentence.lower())))


def _made(name: Optional[str], compound: bool = True) -> bool:
    """Whether a name carries a make or model: a digit, a word in camel case ("NutriBlend", "iPhone";
    not "SMSce"), or a capitalised make joined by a hyphen to a word in lower case ("Tassu-talvikengät")."""
    if not name:
        return False
    if any(c.isdigit() for c in name):
        return True
    if any(a.islower() and b.isupper() for word in _WORD.findall(name) for a, b in zip(word, word[1:])):
        return True
    return compound and any(a[:1].isupper() and b[:1].islower() for a, b in _HYPHENED.findall(name))


def _product(group: list[_Heard], items: list[_Heard], named: list[str], brands: list[tuple[str, bool]],
             fuller=(), language: Optional[str] = None, bought: list[str] = ()) -> Optional[str]:
    """The product of one issue, as the customer named it: goods with their make or model, from the
    issue's sentences, then the category's, then the call's; goods named bare are the same goods
    named with a make elsewhere in the call ("the Siivo X2 robot vacuum" … "the vacuum's battery"),
    or take the make the issue's sentences name beside them ("my NutriBlend 600 came without a
    lid" … "jug, base, blade"); a bill named where the issue is told; lastly any name the call gives."""
    if group and all(_gone(h) or _part_missing(h) for h in group) and not any(_made(h.goods) for h in group):
        # "nici încărcătorul nu e în cutie", "kabel USB-C … takde": the part named is not the product;
        # the goods the call names with a make are.
        made = next((n for n in named if _made(n)), None)
        if made:
            return made
    for heard in (group, items):
        made = next((h.goods for h in heard if _made(h.goods)), None)
        if made:
            return made
        brand = next((h.brand for h in heard if h.brand), None)
        bare = next((h for h in heard if h.goods), None) or (
            next((h for h in items if h.goods), None) if brand else None)
        if bare and bare.goods_key:
            same = next((name for name, key in fuller if key & bare.goods_key), None)
            if same:
                return same
            # "Bila charge phone, dia jadi panas" with the summary's "power bank PowerMax 20000mAh panas
            # melampau": a bare goods word beside the fault that the category's other sentences (the
            # summary's, most often) tell of goods named with a make is what the goods touched or came
            # with ("phone", "meja", "charger"); those goods are the product.
            if heard is group and not brand:
                told = next((name for h in items if h.goods_key for name, key in fuller
                             if key & h.goods_key), None)
                if told:
                    return told
        if brand and bare and fold(bare.goods) not in fold(brand):
            both = f"{brand} {bare.goods}" if language in ("en", "fi") else f"{bare.goods} {brand}"
            return both[:_MAX_PRODUCT]
        if brand or bare:
            return brand or bare.goods
    return (next((n for n in named if _made(n)), None) or next((b for b, made in brands if made), None)
            or (_named_in_full(named[0], named) if named else None) or next((h.bill for h in group if h.bill), None)
            or next((b for b, made in brands if made is not None), None) or (bought[0] if bought else None)
            or next((b for b, made in brands if made is None), None))


def _named_in_full(bare: str, named: list[str]) -> str:
    """The goods named bare ("beg") as the call names them in full elsewhere, with a make after them
    ("beg tangan Elena"); else as they are."""
    return next((n for n in named if fold(n.lower()).startswith(fold(bare.lower()) + " ")
                 and any(w[:1].isupper() for w in n.split()[1:])), bare)


def _returns_merged(heard: list[_Heard]) -> list[_Heard]:
    """A category the customer comes back to inside an issue opened about another ("Second thing: the
    ad said -30 % … And do put the bottles in a bag next time") is the earlier issue of that category
    told again, not a new one: it takes that issue's number."""
    opened: dict[tuple[str, int], int] = {}  # (source, issue) -> where its first category was heard
    for h in heard:
        key = (h.source, h.issue[0])
        opened[key] = min(opened.get(key, h.position), h.position)
    out = []
    for h in heard:
        if h.position > opened[(h.source, h.issue[0])]:
            earlier = [e.issue for e in heard if e.source == h.source and e.category == h.category
                       and e.issue[0] < h.issue[0]]
            if earlier:
                h = replace(h, issue=max(earlier))
        out.append(h)
    return out
