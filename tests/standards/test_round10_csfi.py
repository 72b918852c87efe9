"""Czech and Finnish, round 10: the families the ninth writer's misses belong to, each met by
sentences other agents would say for the same act (other verbs, persons, tenses, word order,
colloquial and no-diacritics spellings, code-switching) and by near misses written for it that must
stay clean: polite offers in the same conditional, the company's own fault, sympathy, reassurance."""
import pytest


def families(check, contact, line, language):
    agent, customer = ("Operátorka", "Zákazník") if language == "cs" else ("Asiakaspalvelija", "Asiakas")
    departures = check("courtesy.positive_language",
                       contact(transcript=f"{agent}: {line}\n{customer}: Aha.", language=language))
    return {m["family"] for d in departures for m in d.evidence["matched"]}


CZECH = [
    # counterfactual blame with the pluperfect "býval", and "you'd know if you had read it"
    ("Kdybyste si ten návod býval přečetl, věděl byste to.", "blame"),
    ("Kdybys to byval zkontroloval, nemusel jsi volat.", "blame"),
    ("Kdybyste se tam bejvala podívala, tak to víte.", "blame"),
    ("Kdybyste si to přečetla, věděla byste, kde to je.", "blame"),
    # "we wouldn't have to waste time", "you're wasting my time"
    ("Nemuseli bychom tu oba ztrácet čas.", "blame"),
    ("Ztrácíte můj čas.", "blame"),
    # "I could have told you at the start, had you said …"
    ("Mohl jsem vám to říct hned, kdybyste uvedla číslo smlouvy.", "blame"),
    ("To sem ti mohla poradit rovnou, kdybys napsal model.", "blame"),
    # "people keep getting it wrong" said of the caller
    ("Lidi to pořád zadávají špatně.", "blame"),
    ("Lidi to vecne zapojujou obracene.", "blame"),
    # "others manage" in the other word order
    ("Pokud to zvládnou ostatní, zvládnete to i vy.", "blame"),
    ("Jestli to umí všichni ostatní, tak to není chyba aplikace.", "blame"),
    # "next time check first", "you'll save time for yourself and us"
    ("Příště si to nejdřív zkontrolujte.", "blame"),
    ("Priste se prvne podivejte do aplikace.", "blame"),
    ("Nejdřív se podívejte na kabely, než zase zavoláte.", "blame"),
    ("Ušetříte tím čas sobě i nám.", "blame"),
    # "I'm not dealing with that"
    ("To já fakt neřeším.", "not_mine"),
    ("Tohle vubec neresime.", "not_mine"),
    ("To mě vůbec nezajímá.", "not_mine"),
    # "tough luck" as a verdict, not as sympathy
    ("No smůla, no.", "cannot_help"),
    ("To je prostě vaše smůla.", "cannot_help"),
    ("Holt smula.", "cannot_help"),
    # discouraging: "don't expect much", "don't get your hopes up"
    ("Moc si od toho neslibujte.", "shrug"),
    ("Necekej od toho nic.", "shrug"),
    ("Nedělejte si velké naděje.", "shrug"),
    # "nobody will bother for one customer"
    ("Kvůli jednomu zákazníkovi to nikdo řešit nebude.", "shrug"),
    ("Kvuli vam to nikdo menit nebude.", "shrug"),
    ("To nikdo opravovat nebude.", "shrug"),
    ("Zázraky děláme až ve čtvrtek.", "shrug"),
    # doubting the customer, rushing, threatening to hang up, mock thanks
    ("To tvrdí každej.", "sarcasm"),
    ("To povídají všichni.", "sarcasm"),
    ("Ještě něco, nebo už můžu jít?", "sarcasm"),
    ("Pokud budete nadávat, hovor ukončím.", "sarcasm"),
    ("Jestli na mě budete křičet, tak zavěsím.", "sarcasm"),
    ("Přestaňte, jinak to položím.", "sarcasm"),
    ("Jasně, my tady nic jiného na práci nemáme.", "sarcasm"),
    ("Jako kdybychom tu neměli nic jinýho na práci.", "sarcasm"),
    ("Tak to vám teda pěkně děkuju.", "sarcasm"),
    ("Díky, že jsem s vámi půl hodiny ztratil.", "sarcasm"),
    # "surely it's not that hard", "that wasn't so hard, was it", "slowly so that you get it"
    ("To přece není tak těžké.", "condescension"),
    ("Vzdyt to neni az tak slozity.", "condescension"),
    ("Nebylo to tak těžké, že?", "condescension"),
    ("Vysvětlím vám to pomalu, abyste to pochopila.", "condescension"),
    ("Řeknu to ještě jednou polopaticky, ať to konečně pochopíte.", "condescension"),
    ("To snad ví každý.", "condescension"),
    ("To přece zvládne kdokoli.", "condescension"),
    ("Tak zlatíčko, teď zmáčkněte zelené tlačítko.", "condescension"),
    # "nobody reads it", "that's your building's problem, not ours", mock thanks for what was not done
    ("Podmínky si nikdo nečte, to je ten problém.", "blame"),
    ("To je problém vašeho routeru, ne náš.", "not_mine"),
    ("Děkuju, že jste to včas nenahlásila.", "sarcasm"),
    ("Diky, ze ste si to neprecetl.", "sarcasm"),
    # "that should have occurred to you", "ask elsewhere", "surely that's obvious"
    ("To vás mělo napadnout hned.", "blame"),
    ("Zeptejte se někde jinde.", "not_mine"),
    ("Je to snad jasné, ne?", "condescension"),
]

CZECH_CLEAN = [
    "Kdybyste si chtěl návod projít, pošlu vám ho e-mailem.",
    "Kdybyste se podíval do aplikace, najdete tam stav objednávky.",
    "Nemuseli bychom vás zdržovat, pošlu vám to rovnou.",
    "Nechci ztrácet váš čas, takže to shrnu.",
    "Mohl bych vám to poslat, kdybyste chtěl.",
    "Měl jsem vám to říct hned na začátku, omlouvám se.",
    "Lidi to často zadávají jinak, tak to raději ověřím.",
    "Ostatní zákazníci hlásí stejný problém, pracujeme na tom.",
    "Zvládnou to kolegové z technické podpory, přepojím vás.",
    "Příště vám pošleme potvrzení dřív.",
    "Nejdřív se podívám do systému a hned vám řeknu.",
    "V aplikaci si ušetříte čas s placením.",
    "To neřešíme my, ale banka; dám vám jejich číslo.",
    "Nezajímá mě, kdo to zavinil, hlavně to opravíme.",
    "To mě mrzí, to je smůla, hned vám pošleme nový kus.",
    "Jé, to je smůla, to se nemělo stát.",
    "Neslibuju vám nic, co nemůžu splnit, ale udělám maximum.",
    "Kvůli vám to prověříme ještě dnes.",
    "Nikdo vám nic účtovat nebude.",
    "Zázraky neumíme, ale výměnu zařídím hned.",
    "To tvrdí i náš technik, máte pravdu.",
    "Chcete to poslat poštou, nebo můžu zavolat zpátky?",
    "Potřebujete ještě něco, nebo můžu ukončit hovor a zavolat vám zpátky?",
    "Teď to položím a hned vám zavolám zpátky.",
    "Nemám teď nic jiného na práci, takže se na to podívám hned.",
    "Tak to vám moc děkuju, že jste počkal.",
    "Děkuju, že jste si na nás udělal čas.",
    "Snad to nebude tak složité, podívám se na to.",
    "Není to tak složité, provedu vás tím.",
    "Řeknu vám to pomalu, ať si to stihnete zapsat.",
    "To snad ví kolega z techniky, zeptám se ho.",
    "Je to na vás, jestli chcete vrácení peněz, nebo výměnu.",
    "Nikdo vám nic neúčtoval, to je jen předautorizace.",
    "To je problém na naší straně, ne váš, omlouvám se.",
    "Děkuju, že jste nezavěsil a počkal.",
    "To vás nemuselo napadnout, je to schované hluboko v nastavení.",
    "Zeptám se jinde a ozvu se vám.",
    "Je to jasné, pošlu vám to ještě e-mailem.",
]

FINNISH = [
    # "it's the orderer's / buyer's / user's responsibility"
    ("Tilaajan vastuulla on antaa oikeat tiedot.", "blame"),
    ("Se on ostajan omalla vastuulla.", "blame"),
    # "well, maybe it would have paid off"
    ("No, ehkä olisi kannattanut.", "blame"),
    ("Kai ois kannattanu lukea ne ehdot.", "blame"),
    # "that's something you should know yourself", "check before calling"
    ("Kyllä tollanen pitäis osata itekin.", "blame"),
    ("Sellainen pitäisi tietää ilman meitä.", "blame"),
    ("Se kannattaa tsekata ennen ku soittaa.", "blame"),
    ("Sitä pitäis vähän tarkistaa ennen kuin soitatte.", "blame"),
    # "next time fill in all the fields", "listen more carefully"
    ("Ensi kerralla täyttäkää kaikki kentät.", "blame"),
    ("Ens kerral vähän huolellisemmin.", "blame"),
    ("Kannattais kuunnella vähän tarkemmin.", "blame"),
    ("Teidän kannattaa lukea huolellisemmin.", "blame"),
    # "everyone else copes", "other customers pay on time"
    ("Kaikilla muillakin se toimii ihan normaalisti.", "blame"),
    ("On muitakin asiakkaita, jotka maksavat ajallaan.", "blame"),
    ("On muitaki ihmisiä jotka osaa lukea.", "blame"),
    # "nothing can be done about that now", in no-diacritics and colloquial forms
    ("Ei sille nyt voi mitaan.", "cannot_help"),
    ("Ei tälle kukaan mahda mitään.", "cannot_help"),
    # "no point asking us", "don't even bother asking"
    ("Ihan turha kysyä meiltä.", "shrug"),
    ("Turha ees soittaa.", "shrug"),
    ("Ei siitä kannata edes valittaa.", "shrug"),
    ("Jos ette usko, niin soittakaa sinne itse.", "shrug"),
    # "as was already said"
    ("Kuten jo sanottiin, huolto on käynnissä.", "repeat"),
    ("Niinku jo eilen kerrottiin.", "repeat"),
    # mock thanks, counting repeats, "fancy that", "so you didn't know", "well, you again"
    ("Kiitos vaan, että soitatte nyt neljännen kerran.", "sarcasm"),
    ("Viides kerta tällä viikolla, jos oikein lasken.", "sarcasm"),
    ("Kas kummaa, nyt se toimii.", "sarcasm"),
    ("Sä et sitten huomannut sitä viestiä.", "sarcasm"),
    ("Jaahas, sä taas.", "sarcasm"),
    ("Maksatte sitten kun sattuu huvittamaan.", "sarcasm"),
    ("Hoitakaa se netissä, niin ei tarvii soitella.", "sarcasm"),
    # "once more, really slowly", "it's right there", "it wasn't anything more than that"
    ("Käydään se vielä kerran hitaasti läpi.", "condescension"),
    ("Kerron uudestaan, ihan hitaasti.", "condescension"),
    ("Selitän sen teille nyt hitaasti.", "condescension"),
    ("No niin, ei se ollut sen ihmeempää.", "condescension"),
    ("Kai sen nyt tietää jokainen.", "condescension"),
    ("Aikuisena te kai ymmärrätte sen.", "condescension"),
    ("Kultaseni, painakaa nyt sitä nappia.", "condescension"),
    # counterfactual blame in the passive, "that would have paid to know", "nobody else complains"
    ("Jos oisitte tullut ajoissa, ni ei oltais tässä.", "blame"),
    ("Tollanen olis kannattanu tarkistaa etukäteen.", "blame"),
    ("Ei kukaan muu oo tästä valittanut.", "blame"),
    ("Jos ei kelpaa, niin tehkää valitus.", "shrug"),
    ("No kiitti vaan taas.", "sarcasm"),
    ("Kiitos, että soititte jo taas.", "sarcasm"),
    # "check it yourself online", "this conversation is over", "stop calling here"
    ("Katsokaa ite netistä.", "not_mine"),
    ("Nyt loppuu tää keskustelu.", "policy"),
    ("Älkää soitelko tänne joka päivä.", "sarcasm"),
    # code-switching agent
    ("Se lukee ihan manuaalissa, pitäis osata itekin tsekata ennen ku soittaa supporttiin.", "blame"),
]

FINNISH_CLEAN = [
    "Asiakkaan ei tarvitse maksaa mitään, se on meidän vastuulla.",
    "Meidän olisi kannattanut ilmoittaa siitä aiemmin, pahoittelen.",
    "Olisi kannattanut, mutta ei se teidän vika ole.",
    "Kyllä tämä hoituu, ei teidän tarvitse osata sitä itse.",
    "Soittakaa ihan milloin vain, ennen kuin tilaatte.",
    "Ensi kerralla lähetämme vahvistuksen heti.",
    "Ensi kerralla kannattaa tilata verkosta, siellä on tarjous.",
    "Sitä kannattaa katsoa tarkemmin, tarkistan sen itse.",
    "Kaikilla muillakin on sama vika tänään, korjaamme sen.",
    "Muillakin asiakkailla on ollut sama vika, korjaamme sen.",
    "Valitettavasti emme voi hyvittää, mutta voin tarjota alennuskoodin.",
    "Ei ole turha kysyä, hyvä että soititte.",
    "Ei teidän kannata huolehtia, hoidan sen.",
    "Jos ette usko, voin lähettää teille kuvan.",
    "Kuten sähköpostissa kerrottiin, tilaus on matkalla.",
    "Kiitos, että soititte uudelleen, pahoittelen vaivaa.",
    "Kiitos vaan ja hyvää päivänjatkoa.",
    "Jos oikein muistan, tilaus tehtiin maanantaina.",
    "Kas, nyt se näkyy minullakin.",
    "Te taas saatte hyvityksen automaattisesti.",
    "Ei teidän tarvitse soittaa uudestaan, hoidan sen.",
    "Käydään se rauhassa läpi yhdessä.",
    "Näkyy ihan selvästi, että maksu on tullut, kiitos.",
    "Kyllä se on siinä ihan selvästi, että teillä on oikeus hyvitykseen.",
    "Ei se ollut mikään vaiva, mielelläni autoin.",
    "Aikuisten lippu maksaa kymmenen euroa.",
    "Jos olisitte halunnut, niin oltais voitu vaihtaa aika.",
    "Meidän olisi kannattanut tarkistaa se, pahoittelen.",
    "Ei kukaan muu ole vielä ilmoittanut, tarkistan asian.",
    "Jos ette halua odottaa, voin tehdä valituksen puolestanne.",
    "Kiitos taas kerran luottamuksesta, hyvää päivää.",
    "Voitte myös tarkistaa sen itse netistä, jos haluatte.",
    "Katson sen itse ja palaan asiaan.",
    "Tämä keskustelu tallennetaan laadun varmistamiseksi.",
    "Älkää huoliko, soitan teille huomenna.",
]


@pytest.mark.parametrize("line,family", CZECH)
def test_a_czech_dismissive_family_is_flagged_as_that_family(check, contact, line, family):
    assert family in families(check, contact, line, "cs")


@pytest.mark.parametrize("line", CZECH_CLEAN)
def test_a_czech_near_miss_stays_clean(check, contact, line):
    assert families(check, contact, line, "cs") == set()


@pytest.mark.parametrize("line,family", FINNISH)
def test_a_finnish_dismissive_family_is_flagged_as_that_family(check, contact, line, family):
    assert family in families(check, contact, line, "fi")


@pytest.mark.parametrize("line", FINNISH_CLEAN)
def test_a_finnish_near_miss_stays_clean(check, contact, line):
    assert families(check, contact, line, "fi") == set()


@pytest.mark.parametrize("transcript,language", [
    ("Technik: Dobrý den.\nZákazník: Nejde mi internet.\nTechnik: Díky, že jsem tu s vámi dvacet minut musel hledat kabel.\n"
     "Zákazník: Promiňte.", "cs"),
    ("Poradkyně: No tak to vám teda pěkně děkuju.\nZákaznice: Za co?", "cs"),
    ("CSR: Kiitos vaan, että soititte nyt kolmannen kerran.\nCaller: Anteeksi.", "fi"),
    ("Asiakasneuvoja: Kiitti, et soitatte jo neljännen kerran.\nAsiakas: No joo.", "fi"),
    ("Poradce: Děkuju, že jste si ty podmínky nepřečetla.\nKlientka: Promiňte.", "cs"),
    ("Advisor: Kiitos vaan taas tästä.\nClient: Anteeks?", "fi"),
])
def test_mock_thanks_are_no_thanks_and_are_dismissive(flagged, transcript, language):
    assert flagged("courtesy.thanks", transcript, language)
    assert flagged("courtesy.positive_language", transcript, language)


@pytest.mark.parametrize("transcript,language", [
    ("Poradkyně: Děkuju, že jste počkal, už to mám.\nZákaznice: Díky.", "cs"),
    ("Z: Dobrý den.\nA: Děkuji, že jste zavolala, jak vám můžu pomoct?", "cs"),
    ("Asiakasneuvoja: Kiitos, että soititte uudelleen, nyt asia on hoidossa.\nAsiakas: Kiitti.", "fi"),
    ("Consultant: Kiitos kun jaksoitte odottaa.\nClient: Ei mitään.", "fi"),
])
def test_sincere_thanks_under_real_labels_count(flagged, transcript, language):
    assert not flagged("courtesy.thanks", transcript, language)
    assert not flagged("courtesy.positive_language", transcript, language)


@pytest.mark.parametrize("transcript", [
    "Operátorka: Je tu poznámka od kolegy, cituju: 'Zákazníkovi poděkováno za trpělivost.'\nZákazník: Aha.",
    "Operátorka: Technik si do poznámky napsal, že vám děkuje za klíč.\nZákaznice: Jo.",
])
def test_thanks_read_out_from_a_note_are_not_the_agent_thanking(flagged, transcript):
    assert flagged("courtesy.thanks", transcript, "cs")


@pytest.mark.parametrize("transcript,language", [
    ("Zákaznice: To zvládnou ostatní, ne?\nOperátorka: Vůbec ne, pomůžu vám s tím.", "cs"),
    ("Jana: Dobrý den, Jana, čím pomohu?\nNovák: Nikdo to řešit nebude?\nJana: Ale bude, předám to dnes.", "cs"),
    ("Asiakas: Turha kai teiltä on kysyä?\nAdvisor: Ei ollenkaan, katsotaan yhdessä.", "fi"),
])
def test_the_customer_saying_the_words_is_not_the_agent(flagged, transcript, language):
    assert not flagged("courtesy.positive_language", transcript, language)


# Feedback: what the customer raised, one item per issue. Each family by other words for the same
# fault, and near misses that must not add a category.
FEEDBACK = [
    # parts missing from a kit are a product fault
    ("cs", "Zákazník: V krabici chyběla dvě kolečka a jeden držák, nejde to smontovat.", ["product"]),
    # every piece in its own plastic bag, heaps of bags, "put it in one paper one"
    ("cs", "Zákaznice: Každá součástka byla ve vlastním igelitovém sáčku, zbytečně moc plastu.", ["packaging"]),
    ("cs", "Zákazník: Nešlo by to balit do jednoho papírového sáčku? Mám tu hromadu pytlíků.", ["packaging"]),
    # an oversized box told by what would fit in it, a lone item in a kilo of paper
    ("cs", "Zákaznice: Přišlo to v krabici, do které by se vešla mikrovlnka. Jeden krém a kilo papíru.", ["packaging"]),
    # sent in a bare bubble envelope, no box; it leaked into the whole parcel
    ("cs", "Zákazník: Parfém přišel jen v bublinkové obálce, žádná krabice, a vyteklo to do celého balíku.", ["packaging"]),
    # a popped safety button on a jar lid is a broken seal
    ("cs", "Zákaznice: Pojistka na víčku už byla vyskočená, a když jsem otvírala, vůbec necvaklo.", ["packaging"]),
    # the shipping fee charged although delivery was free; a refund that never came
    ("cs", "Zákazník: Naúčtovali jste mi dopravné 99 korun, i když mám dopravu zdarma.", ["billing"]),
    ("cs", "Zákaznice: Zboží jsem vrátila bez vady, ale 2 400 Kč mi pořád nepřišlo, peníze nikde.", ["billing"]),
    # leaked all over the parcel because there was no bag
    ("fi", "Asiakas: Hoitoaine oli valunut koko pakettiin, eikä pullo ollut edes pussissa.", ["packaging"]),
    # the receipt shows what was not chosen; charged euros for an add-on
    ("fi", "Asiakas: Laskulla on kotiinkuljetus 19,90, vaikka mä valitsin noudon myymälästä.", ["billing"]),
    ("fi", "Asiakas: Multa on veloitettu 49 euroa jostain lisäpalvelusta.", ["billing"]),
    # a part snapped in use
    ("fi", "Asiakas: Imurin varsi katkesi ekalla käyttökerralla.", ["product"]),
    ("fi", "Asiakas: Se harja katkesi keskeltä kahtia.", ["product"]),
]

FEEDBACK_CLEAN = [
    # the whole box wet is no intact box; a box that came whole is
    ("cs", "Zákazník: Krabice přišla celá a hrnky byly v pořádku, děkuju.", []),
    # goods returned "bez vady" are no product fault
    ("cs", "Zákaznice: Vracím to bez vady, jen se mi to nehodí.", []),
    # a customer's own bag, a box that fits, shipping paid as agreed
    ("cs", "Zákazník: Zaplatil jsem dopravné, jak bylo v košíku, to je v pořádku.", []),
    ("fi", "Asiakas: Paketti oli hyvin pakattu, kaikki purkit omissa pusseissaan.", []),
    ("fi", "Asiakas: Kuitilla on kaikki niin kuin tilasin.", []),
    # "bag them next time" restates the packaging issue told before: no second item of its own
    ("fi", "Asiakas: Laittakaa ne purkit jatkossa johonkin suojapussiin.", []),
]


@pytest.mark.parametrize("language,transcript,categories", FEEDBACK)
def test_a_feedback_family_gives_its_category(heard, language, transcript, categories):
    assert heard.categories(transcript, language) == categories


@pytest.mark.parametrize("language,transcript,categories", FEEDBACK_CLEAN)
def test_a_feedback_near_miss_gives_no_complaint(heard, language, transcript, categories):
    assert heard.categories(transcript, language) == categories


def test_a_wet_whole_envelope_is_the_packaging_issue_and_the_charge_another(heard):
    transcript = ("Operátor: Dobrý den.\n"
                  "Zákaznice: Přišla mi kosmetika a celá obálka byla mokrá, krém prasklý.\n"
                  "Operátor: To mě mrzí.\n"
                  "Zákaznice: A ještě: strhli jste mi poštovné, přestože jsem objednala nad limit.")
    assert sorted(heard.categories(transcript, "cs")) == ["billing", "packaging"]


def test_goods_that_never_came_are_no_billing_complaint_for_their_price(heard):
    assert "billing" not in heard.categories("Zákazník: Objednal jsem dárek za 500 korun a nepřišlo nic.", "cs")
