"""transfer.warm and transfer.right_first_time."""
from crm.standards.base import Transfer


def test_a_warm_transfer_is_fine(check, contact):
    assert check("transfer.warm", contact(transfers=(Transfer("warm", "billing"),))) == []


def test_a_contact_without_transfers_is_fine(check, contact):
    assert check("transfer.warm", contact()) == []
    assert check("transfer.right_first_time", contact()) == []


def test_a_cold_transfer_is_a_departure(check, contact):
    transfers = (Transfer("warm", "billing"), Transfer("cold", "returns"))
    [departure] = check("transfer.warm", contact(transfers=transfers))
    assert departure.message == (
        "Transfer 2 (to returns) was cold; the standard is to stay on the line until the customer "
        "is connected."
    )
    assert departure.evidence == {"transfers": [{"index": 2, "to": "returns"}]}


def test_several_cold_transfers_are_one_departure(check, contact):
    [departure] = check("transfer.warm", contact(transfers=(Transfer("cold"), Transfer("cold", "billing"))))
    assert departure.message.startswith("Transfers 1 and 2 (to billing) were cold;")


def test_one_transfer_is_within_the_default(check, contact):
    assert check("transfer.right_first_time", contact(transfers=(Transfer("warm", "billing"),))) == []


def test_more_transfers_than_allowed_is_a_departure(check, contact):
    transfers = (Transfer("warm", "billing"), Transfer("warm", "returns"))
    [departure] = check("transfer.right_first_time", contact(transfers=transfers))
    assert departure.message == "The customer was transferred 2 times; the standard is at most 1."
    assert departure.evidence == {"transfers": 2, "max_transfers": 1, "to": ["billing", "returns"]}


def test_a_policy_can_allow_no_transfer_at_all(check, contact):
    facts = contact(transfers=(Transfer("warm", "billing"),))
    [departure] = check("transfer.right_first_time", facts, max_transfers=0)
    assert departure.message == "The customer was transferred 1 time; the standard is at most 0."
