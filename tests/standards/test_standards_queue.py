"""queue.max_wait."""


def test_an_inbound_call_answered_in_time_is_fine(check, contact):
    assert check("queue.max_wait", contact(queue_wait_seconds=60)) == []


def test_an_inbound_call_left_waiting_is_a_departure(check, contact):
    [departure] = check("queue.max_wait", contact(queue_wait_seconds=95))
    assert departure.message == (
        "The customer waited 95 s in the queue; the standard is to answer within 60 s."
    )
    assert departure.evidence == {"queue_wait_seconds": 95, "max_seconds": 60}


def test_the_limit_is_a_parameter(check, contact):
    assert check("queue.max_wait", contact(channel="chat", queue_wait_seconds=95), max_seconds=120) == []
    assert len(check("queue.max_wait", contact(channel="chat", queue_wait_seconds=25), max_seconds=20)) == 1


def test_an_unmeasured_wait_or_an_outbound_call_is_not_judged(check, contact):
    assert check("queue.max_wait", contact(queue_wait_seconds=None)) == []
    assert check("queue.max_wait", contact(direction="outbound", queue_wait_seconds=300)) == []


def test_the_standard_applies_to_calls_and_chats(standards):
    standard = standards["queue.max_wait"]
    assert standard.applies_to_channel("phone") and standard.applies_to_channel("chat")
    assert not standard.applies_to_channel("email")
