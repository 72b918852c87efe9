"""Round 8 of the courtesy checks: the dismissive families added this round, each met by sentences
phrased unlike the benchmark's, with traps (kind use, a reassured sentence, a customer turn, a
neutral sense of the same words) that must stay clean."""
import pytest


DISMISSIVE = [
    # "I can't work miracles" / "I'm not a magician"
    ("Agent: Look, we can't perform miracles, it'll arrive when it arrives.\nCustomer: ok", "en"),
    ("Agent: I'm not a miracle worker, madam.\nCustomer: ok", "en"),
    ("Operátor: Paní, já nejsem kouzelnice.\nZákazník: Aha.", "cs"),
    ("Operátor: Já vám to nevykouzlím.\nZákazník: Aha.", "cs"),
    ("Asiakaspalvelija: Emmä oo mikään velho.\nAsiakas: Okei.", "fi"),
    ("Ejen: Kami tak boleh buat keajaiban puan.\nPelanggan: ok", "ms"),
    ("Operator: Nu putem face minuni, doamnă.\nClient: Bine.", "ro"),
    # "you're not the only customer"
    ("Agent: You are not our only caller today.\nCustomer: ok", "en"),
    ("Operátor: Nejste jedinej zákazník, musíte počkat.\nZákazník: Aha.", "cs"),
    ("Asiakaspalvelija: Et oo ainoo soittaja tänään.\nAsiakas: Okei.", "fi"),
    ("Ejen: Encik bukan seorang sahaja pelanggan kami.\nPelanggan: ok", "ms"),
    ("Operator: Nu ești singura clientă, așteaptă.\nClient: Bine.", "ro"),
    # "I don't make the rules / set the prices"
    ("Agent: We don't set the rates, sorry.\nCustomer: ok", "en"),
    ("Operátor: Já neurčuju ceny.\nZákazník: Aha.", "cs"),
    ("Asiakaspalvelija: Mä en tee sääntöjä.\nAsiakas: Okei.", "fi"),
    ("Ejen: Bukan kami yang tetapkan harga.\nPelanggan: ok", "ms"),
    ("Operator: Tarifele nu le stabilesc eu.\nClient: Bine.", "ro"),
    ("Operator: Ori luați pachetul așa ori renunțați.\nClient: Bine.", "ro"),
    # "if you don't like it, change supplier"
    ("Operator: Dacă nu îți place, schimbă operatorul.\nClient: Bine.", "ro"),
    # blame as a reading counterfactual
    ("Operator: Dacă citeai condițiile, știai de taxă.\nClient: Bine.", "ro"),
    ("Operator: Dacă vă uitați pe site, nu mai era nevoie de apel.\nClient: Bine.", "ro"),
    ("Ejen: Semua ada dalam email, baca lah dulu sebelum telefon.\nPelanggan: ok", "ms"),
    # fault put on the customer's side
    ("Asiakaspalvelija: Ongelma on sun päässä.\nAsiakas: Okei.", "fi"),
    ("Ejen: Ni salah daripada pihak puan.\nPelanggan: ok", "ms"),
    # brushing the customer's account aside, impatience, sarcasm
    ("Agent: It doesn't matter what you were told.\nCustomer: ok", "en"),
    ("Operator: Nu contează ce ați citit pe forum.\nClient: Bine.", "ro"),
    ("Agent: We heard you the first time.\nCustomer: ok", "en"),
    ("Agent: Do not get clever with me.\nCustomer: ok", "en"),
    ("Agent: Right, so the box must have grown legs.\nCustomer: ok", "en"),
    ("Operator: Desigur, comanda a plecat singură din depozit.\nClient: Bine.", "ro"),
    ("Asiakaspalvelija: En mä tiedä mitä te odotatte että mä teen.\nAsiakas: Okei.", "fi"),
]

TRAPS = [
    # kind use / a neutral sense of the same words
    ("Agent: This stain remover works miracles on carpets.\nCustomer: great", "en"),
    ("Operátor: Zázraky se dějí, balík je na cestě.\nZákazník: Super.", "cs"),
    ("Operator: Dacă nu vă place culoarea, o puteți schimba gratuit.\nClient: Bine.", "ro"),
    ("Operator: Dacă citiți contractul, veți vedea că aveți dreptul la retur.\nClient: Bine.", "ro"),
    ("Operator: Eroarea a dispărut singură după restart.\nClient: Bine.", "ro"),
    ("Operator: Masa are picioare reglabile.\nClient: Bine.", "ro"),
    ("Operator: Ori plătiți cu cardul ori cash, cum vă e mai comod.\nClient: Bine.", "ro"),
    ("Operator: Nu contează ce alegeți, prețul e același.\nClient: Bine.", "ro"),
    ("Agent: We don't set the delivery date, the courier does, but I'll chase them for you.\nCustomer: ok", "en"),
    ("Ejen: Salah tu dari pihak kami, maaf ye.\nPelanggan: ok", "ms"),
    ("Ejen: Puan boleh baca dulu sebelum sign.\nPelanggan: ok", "ms"),
    ("Asiakaspalvelija: Vika ei ole teidän päässä vaan meidän.\nAsiakas: Okei.", "fi"),
    # "not the only customer" said to reassure in the same sentence
    ("Agent: You're not the only customer affected, don't worry, we'll sort it.\nCustomer: ok", "en"),
    ("Operator: Nu sunteți singurul client afectat, nu vă faceți griji, o rezolvăm.\nClient: Bine.", "ro"),
    # the customer says it, not the agent
    ("Customer: you're not a magician, I know, and you're not the only one I've called\nAgent: Thank you for understanding.", "en"),
    ("Client: Știu că nu puteți face minuni.\nOperator: Vă mulțumesc pentru înțelegere.", "ro"),
]


@pytest.mark.parametrize("transcript,language", DISMISSIVE)
def test_a_brush_off_family_is_dismissive(transcript, language, flagged):
    assert flagged("courtesy.positive_language", transcript, language)


@pytest.mark.parametrize("transcript,language", TRAPS)
def test_a_brush_off_trap_stays_clean(transcript, language, flagged):
    assert not flagged("courtesy.positive_language", transcript, language)
