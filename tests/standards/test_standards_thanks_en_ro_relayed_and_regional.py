"""Thanks the agent relays from someone else ("he sends his thanks") is not the agent thanking the
customer, the company's thanks ("our thanks") passed on is; a regional
thanks inside an English call (Welsh "diolch") counts. Sentences written for this test (round 9)."""
import pytest


def thanked(check, contact, line, language):
    return not check("courtesy.thanks", contact(transcript=f"Agent: {line}\nCustomer: ok", language=language))


@pytest.mark.parametrize("line,language", [
    ("The engineer asked me to pass on his thanks for the coffee.", "en"),
    ("She said to say thank you for the cake.", "en"),
    ("The driver sends his thanks for the tea.", "en"),
    ("Colegul mi-a zis că v-a transmis mulțumiri pentru cafea.", "ro"),
    ("Tehnicianul v-a transmis mulțumiri.", "ro"),
])
def test_relayed_thanks_is_not_the_agent_thanking(check, contact, line, language):
    assert not thanked(check, contact, line, language)


@pytest.mark.parametrize("line,language", [
    ("That's all sorted now. Diolch, have a good day.", "en"),
    ("Thanks for telling me, I'll pass that on to the engineer.", "en"),
    ("Mi-a zis colegul că e rezolvat. Mulțumesc mult pentru răbdare!", "ro"),
    # the company's thanks passed on by the agent is the agent thanking
    ("The manager asked me to pass on our thanks for your feedback.", "en"),
    ("Directorul m-a rugat să vă transmit mulțumirile noastre pentru sesizare.", "ro"),
])
def test_the_agent_s_own_thanks_counts(check, contact, line, language):
    assert thanked(check, contact, line, language)
