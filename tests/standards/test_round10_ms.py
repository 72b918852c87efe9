"""Round 10, Malay: the families of speech a ninth writer's calls showed, each written for other
subjects, spellings and word orders than the writer's (no sentence of bench/heldout/ms-k.json is
copied), with polite near-misses that use the same words and must stay clean.

- speaker labels Malay transcripts use for the agent (Admin, Kerani, Juruteknik, Penyelia, CSO …)
  and the customer (Pembeli, Penumpang, Pesakit, Pemohon …), when the customer speaks first;
- "I've told you already / I've repeated it three times / I hope you get it this time";
- "read the message above", "do the sum yourself", "call your own plumber";
- ironic praise ("wah, hebat", "rajin betul encik komplen", "encik ni semua benda tahu");
- lectures ("jangan tunggu sampai kena potong baru nak bayar", "lain kali … dulu sebelum beli",
  notices the customer ignored) and "every customer says that";
- thanks in dialect and typed short ("terimo kasih", "trm ksh", "syukran");
- three kind sentences the lexicon used to flag ("saya faham masalah encik", a choice offered with
  "terpulang pada encik", calming a frightened customer).
"""
import pytest

from crm.standards.base import Hold


def flagged(check, contact, transcript, code="courtesy.positive_language"):
    return bool(check(code, contact(transcript=transcript, language="ms")))


def agent(line: str) -> str:
    return f"Ejen: {line}\nPelanggan: ok"


DISMISSIVE = [
    # told already, repeated already
    "Saya dah bagitau tadi, encik kena tunggu 14 hari.",
    "Sy dh bgtau awal2 kan.",
    "Kami dah terang banyak kali benda ni.",
    "Saya dah ulang tiga kali dah.",
    "Sy ulangi buat kali keempat: kod dia 1234.",
    "Jangan sampai saya kena ulang lagi ya.",
    "Berapa kali lagi saya kena terangkan?",
    # this time, properly
    "Dengar elok-elok kali ni ya.",
    "Harap kali ni puan faham.",
    "Harapnya kali ini jelas la.",
    # read what I wrote
    "Baca la mesej saya tadi.",
    "Scroll la balik chat atas tu.",
    # know-it-all, do it yourself then
    "Encik ni semua benda tahu kan.",
    "Puan dah tahu segala benda, buat la sendiri.",
    "Kalau dah pandai sangat, settle la sendiri.",
    "Apsal tak tukar sendiri je?",
    "Buat apa call kami kalau dah tahu?",
    "Cari sendiri la nombor tu.",
    "Upah tukang paip sendiri.",
    # ironic praise
    "Amboi, hebat.",
    "Fuyoh terer la.",
    "Rajin sangat encik komplen ye.",
    "Hebat betul puan ni.",
    "Syabas, rekod baru.",
    # every customer says that; lectures
    "Semua pelanggan cakap benda sama.",
    "Jgn tunggu smpai expired baru nk renew.",
    "Dah lambat baru nak bayar.",
    "Surat peringatan tu puan buat tak tahu je.",
    "Encik abaikan semua notis kami.",
    "Lain kali semak saiz dulu sebelum order.",
    "Tu semua sebab encik tak bayar ikut tarikh.",
    "Ni semua pasal puan sendiri lupa tukar kata laluan.",
    # of course it's slow; what did you expect
    "Memang la lama, musim cuti.",
    "Apa yang encik harapkan, esok sampai?",
]

POLITE = [
    "Saya dah bagitau pasukan teknikal, mereka akan call encik.",
    "Saya ulang semula alamat encik: No 8 Jalan Kenari.",
    "Saya dah ulang hantar emel tu ke alamat baru.",
    "Saya ulang sekali lagi ya, nombor rujukan TN-558.",
    "Tak perlu saya ulang lagi nombor tu, saya dah SMS kepada encik.",
    "Saya catat betul-betul kali ni, maaf tadi tersilap.",
    "Nanti encik baca mesej saya tadi ya, ada pautan.",
    "Encik tak perlu tahu semua benda, saya uruskan.",
    "Saya tak tahu semua benda, tapi saya boleh tanya pakar kami.",
    "Kalau dah tahu caranya, encik boleh buat sendiri lain kali.",
    "Wah, hebat, encik dah berjaya log masuk!",
    "Rajin betul puan, semua resit puan simpan, senang saya semak.",
    "Sistem dah cipta rekod baru untuk encik.",
    "Ramai pelanggan cakap macam tu juga, memang saiz kami kecil sikit.",
    "Jangan tunggu sampai tarikh akhir ya, nanti sistem sesak.",
    "Bila dah tamat tempoh baru boleh renew.",
    "Maaf, notis tu tak sampai ke alamat baru puan.",
    "Ini semua sebab encik tak pernah dimaklumkan, saya minta maaf.",
    "Ini semua sebab encik tak terima SMS tu, saya hantar semula.",
    "Mungkin emel tu tak dibaca sebab masuk folder spam, saya hantar semula.",
    "Encik abaikan je SMS tu, itu scam.",
    "Maaf, mesej puan dibiarkan tanpa jawapan minggu lepas.",
    "Lain kali boleh semak dulu sebelum datang, lebih jimat masa.",
    "Lain kali, saya sarankan cuba dulu sebelum beli.",
    "Encik boleh semak sendiri la kat app, senang je.",
    "Encik boleh cari tukang sendiri, kami akan bayar balik kosnya.",
    "Memang lambat sikit musim raya, maaf ya encik.",
    "Memang la lambat sikit musim raya, saya follow up sekarang.",
    "Apa yang puan harapkan, ganti terus atau refund?",
    "Ya, tak susah pun. Saya tunjukkan langkah dia.",
    # kind sentences the lexicon used to flag
    "Saya faham masalah encik, saya bantu sekarang.",
    "Boleh terangkan masalah puan?",
    "Terpulang pada encik, nak tukar unit baru atau nak bayaran balik penuh.",
    "Bertenang dulu ya encik, tak perlu panik, akaun encik selamat.",
    "Relaks dulu ya puan, ambil masa, saya tunggu di talian.",
]


# Families no writer has shown yet, written from how Malay agents lose patience: exasperation, names
# for the customer, "it's the bank's problem", "don't blame us", "I'm not your maid", "even the
# manager will say the same", "accept it", "it's a small thing", putting it off.
SWEEP = [
    "Encik kena la faham, kami bukan boleh buat sesuka hati.",
    "Puan ingat saya ni apa?",
    "Tu la, lain kali jangan beli barang murah.",
    "Apa susah sangat nak ikut arahan ni?",
    "Cik ni cerewet la.",
    "Jgn nak salahkan kami pulak.",
    "Ikut suka puan la.",
    "Redha je la encik.",
    "Macam budak kecik la puan ni.",
    "Kami pun banyak kerja lain, puan.",
    "Cepat la sikit, saya takde masa la.",
    "Itu masalah kurier la, bukan kami.",
    "Gi tanya seller sendiri.",
    "Benda senang pun tak reti.",
    "Dah nama pun barang promo.",
    "Tak perlu nak ugut-ugut saya.",
    "Penyelia pun cakap sama je.",
    "Perkara kecil je tu, tak payah la kecohkan.",
    "Sy bukan orang gaji encik.",
    "Esok-esok la saya tengok.",
    "Penat la nak explain dengan abang ni.",
    "Orang lain reti je guna, takkan encik tak reti.",
    "Sy malas nak layan benda ni.",
]

SWEEP_POLITE = [
    "Apa yang susah sangat untuk encik buat? Saya boleh bantu.",
    "Susah nak cakap dengan encik tadi sebab talian putus.",
    "Saya ada kerja lain yang perlu disiapkan, saya call balik encik petang ni.",
    "Saya tak ada masa yang tepat, tapi anggaran 3 hari.",
    "Encik ingat saya tak? Saya yang bantu minggu lepas.",
    "Saya faham encik penat nak ulang cerita.",
    "Encik tak perlu risau, tiada siapa ugut encik.",
    "Pengurus pun setuju encik layak dapat pampasan.",
    "Nanti saya check ya, encik.",
    "Printer ni degil la sikit, kena tekan dua kali.",
    "Saya faham encik bukan degil, cuma risau.",
    "Anak encik masih budak-budak, jadi akaun perlu nama penjaga.",
    "Encik perlu faham terma ni sebelum tandatangan, saya terangkan.",
    "Kalau itu pun tak boleh, kami tawarkan refund penuh.",
    "Saya pun tak tahu pasal tu, saya tanya penyelia dulu.",
    "Saya ni pun tak tahu sangat pasal tu, saya tanya penyelia dulu.",
    "Kita redha la dengan ketentuan-Nya, puan. Takziah dari kami semua.",
    "Lain kali jangan kongsi OTP dengan sesiapa ya.",
    "Lain kali jangan klik link macam tu ya, itu scam.",
    "Ni hal kecil je, saya boleh settle sekarang.",
    "Salah bank, bukan salah encik, saya minta maaf.",
    "Encik boleh pergi tanya bank untuk pengesahan.",
    "Jangan salahkan diri sendiri, puan.",
    "Saya bukan robot, saya faham perasaan encik.",
    "Ikut suka encik la, nak pagi atau petang.",
    "Orang lain boleh je guna baucar ni, saya semak kenapa encik tak boleh.",
]


@pytest.mark.parametrize("line", SWEEP)
def test_dismissive_families_no_writer_has_shown_yet_are_heard(check, contact, line):
    assert flagged(check, contact, agent(line))


@pytest.mark.parametrize("line", SWEEP_POLITE)
def test_their_words_said_kindly_stay_clean(check, contact, line):
    assert not flagged(check, contact, agent(line))


@pytest.mark.parametrize("line", DISMISSIVE)
def test_dismissive_families_of_the_ninth_writer_are_heard(check, contact, line):
    assert flagged(check, contact, agent(line))


@pytest.mark.parametrize("line", POLITE)
def test_the_same_words_said_kindly_stay_clean(check, contact, line):
    assert not flagged(check, contact, agent(line))


def test_the_lecture_and_the_take_it_or_leave_it_still_count(check, contact):
    assert flagged(check, contact, agent("Itu dah jadi tanggungjawab encik la."))
    assert flagged(check, contact, agent("Nak sambung ke tak, terpulang pada puan."))
    assert flagged(check, contact, agent("Bertenang encik. Jangan menjerit."))


@pytest.mark.parametrize("agent_label, customer_label", [
    ("Admin", "Nisa"), ("Kerani", "Pemohon"), ("Juruteknik", "Pak Ali"), ("Penyelia", "Pembeli"),
    ("CSO", "Penumpang"), ("Juruwang", "Pesakit"), ("Pentadbir", "Tetamu"), ("Eksekutif", "Dato Rahim"),
    ("Juruperunding", "Pemegang Polisi"),
])
def test_malay_labels_decide_who_speaks_when_the_customer_opens(check, contact, agent_label, customer_label):
    transcript = (f"{customer_label}: slm, sy nk tanya status refund. Jangan tunggu sampai saya marah.\n"
                  f"{agent_label}: Sy dh bgtau td kan, 14 hari bekerja.\n"
                  f"{customer_label}: ok.\n"
                  f"{agent_label}: ok.")
    assert flagged(check, contact, transcript)
    polite = transcript.replace("Sy dh bgtau td kan, 14 hari bekerja.", "Terima kasih, refund masuk dalam 14 hari.")
    assert not flagged(check, contact, polite), "the customer's words are not the agent's"
    assert not flagged(check, contact, polite, "courtesy.thanks")


@pytest.mark.parametrize("line", [
    "Samo-samo. Terimo kasih jugok pakcik sebab telefon.",
    "Trimo kaseh deh, jago diri.",
    "ok trm ksh ya cik",
    "Syukran encik, nanti saya emel.",
    "ok thx cik, dah settle.",
    "Thks cik, nanti sy update.",
    "Trmksh, selamat petang.",
    "Ksh ya encik.",
])
def test_thanks_in_dialect_and_typed_short_count(check, contact, line):
    assert not flagged(check, contact, agent(line), "courtesy.thanks")


def test_a_word_of_thanks_used_otherwise_is_no_thanks(check, contact):
    assert flagged(check, contact, agent("Kasih sayang keluarga tu penting, encik. Saya semak akaun."),
                   "courtesy.thanks")


def call(line: str) -> str:
    return f"Ejen: Selamat pagi, boleh saya bantu?\nPelanggan: {line}\nEjen: Baik, saya catat."


@pytest.mark.parametrize("line, categories", [
    # a part missing from the box is the goods incomplete; the packer forgetting it, or a leaflet, is packaging
    ("Saya buka kotak, tapi skru untuk kaki meja takde.", ["product"]),
    ("Kabel pengecas tak ada dalam kotak.", ["product"]),
    ("Rasanya orang gudang terlupa masukkan pengecas dalam kotak.", ["packaging"]),
    ("Tiada manual dalam kotak.", ["packaging"]),
    ("Takde siapa bagitau arahan debit tu dah tamat, lepas tu saya kena caj lewat RM10.", ["billing"]),
    # the label unreadable is the packing; a device that cannot read a card is the goods
    ("Label tarikh luput kat botol tu pudar, tak boleh baca langsung.", ["packaging"]),
    ("Mesin tu tak boleh baca kad saya.", ["product"]),
    # a fault that came with use beside a dented box is a second issue; broken on arrival is the box's
    ("Kotak sampai kemek. Lepas seminggu guna, engsel penutup laptop tu patah.", ["packaging", "product"]),
    ("Kotak kemek teruk, skrin pecah masa sampai.", ["packaging"]),
    # charged for what was never subscribed; never subscribed to promotions is marketing
    ("Bil bulan ni ada caj RM15 untuk servis muzik yang saya tak pernah langgan.", ["billing"]),
    ("Saya dapat emel promosi tiap hari walaupun saya tak pernah langgan newsletter.", ["marketing"]),
    # telemarketing, a catalogue's price, a promotion asked about
    ("Tiap hari ada orang call tawarkan pelan insurans, saya dah cakap tak nak.", ["marketing"]),
    ("Ada orang call saya semalam pasal penghantaran, terima kasih.", []),
    ("Katalog tulis harga RM49, tapi kat kaunter RM69.", ["marketing"]),
    ("Saya beli ikut katalog, barang sampai elok, terima kasih.", []),
    ("Promosi raya untuk mesin basuh tu masih ada tak?", []),
    ("Promosi raya tu kata diskaun 30%, tapi masa bayar tak dapat pun.", ["marketing"]),
    # a swollen battery is a defect; a swollen foot is not feedback
    ("Bateri powerbank tu dah kembung lepas sebulan.", ["product"]),
    ("Kaki saya bengkak sebab jalan jauh ke kedai, tapi tak apa.", []),
    # complaints no writer has shown yet: goods that do not do their job, size, screen marks,
    # goods sent unwrapped, a bill gone up without notice
    ("Aircond baru tu tak sejuk langsung.", ["product"]),
    ("Seluar tu ketat sangat walaupun saiz L.", ["product"]),
    ("Saiz kasut tu tak sama dengan carta saiz.", ["product"]),
    ("Saiz baju tu betul, saya suka.", []),
    ("Monitor tu ada tompok putih kat tengah.", ["product"]),
    ("Pinggan tu sampai retak sebab tak dibalut langsung.", ["packaging"]),
    ("Bil internet saya naik RM30 tiba-tiba tanpa makluman.", ["billing"]),
    ("Bil naik sikit bulan ni sebab saya guna lebih, saya faham.", []),
])
def test_malay_feedback_families_of_round_10(heard, line, categories):
    assert heard.categories(call(line), "ms") == categories


def test_the_summary_and_the_call_telling_one_unsubscribed_charge_give_one_item(heard):
    summary = "Caj add-on muzik RM9 (Mac & Apr) yg plg x pernah langgan. Batal + kredit RM18."
    transcript = ("Pegawai: Selamat pagi.\nPelanggan: Bil saya bulan April ada satu caj RM9 untuk muzik. "
                  "Saya tak pernah langgan benda tu.\nPegawai: Baik, saya batalkan.")
    assert heard.categories(transcript, "ms", summary) == ["billing"]


def test_sarcastic_thanks_for_the_trouble_is_no_thanks_but_casual_thanks_is(check, contact):
    assert flagged(check, contact, agent("Terima kasih la sebab tambah kerja saya."), "courtesy.thanks")
    assert not flagged(check, contact, agent("Terima kasih la sebab sudi tunggu."), "courtesy.thanks")


@pytest.mark.parametrize("line, apologised", [
    ("Mf lama, encik.", True),
    ("Mf, tapi permohonan encik ditolak.", False),
])
def test_an_apology_typed_short_counts_for_the_hold(check, contact, line, apologised):
    transcript = f"Ejen: Sekejap ya, saya semak.\n[hold 60 s]\nEjen: {line}\nPelanggan: ok"
    facts = contact(transcript=transcript, language="ms", holds=(Hold(60, False),))
    assert bool(check("hold.apology", facts)) is not apologised
