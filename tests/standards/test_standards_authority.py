"""authority.limit."""
from decimal import Decimal


def test_an_amount_within_the_agents_authority_is_fine(check, contact):
    assert check("authority.limit", contact(amount=Decimal("100.00"))) == []


def test_a_contact_without_an_amount_is_fine(check, contact):
    assert check("authority.limit", contact()) == []


def test_an_amount_above_the_limit_without_approval_is_a_departure(check, contact):
    [departure] = check("authority.limit", contact(amount=Decimal("250.00")))
    assert departure.message == (
        "An amount of 250.00 is above the agent's authority of 100.00 and has no approval from a team lead."
    )
    assert departure.evidence == {"amount": "250.00", "limit": "100.00", "approved_by_role": None}


def test_a_lead_or_admin_approval_covers_the_amount(check, contact):
    assert check("authority.limit", contact(amount=Decimal("250"), approved_by_role="lead")) == []
    assert check("authority.limit", contact(amount=Decimal("250"), approved_by_role="admin")) == []


def test_another_agents_approval_does_not(check, contact):
    assert len(check("authority.limit", contact(amount=Decimal("250"), approved_by_role="agent"))) == 1


def test_leads_and_admins_are_within_their_own_authority(check, contact):
    assert check("authority.limit", contact(amount=Decimal("900"), agent_role="lead")) == []
    assert check("authority.limit", contact(amount=Decimal("900"), agent_role="admin")) == []


def test_the_agents_own_limit_replaces_the_policy_parameter(check, contact):
    trusted = contact(amount=Decimal("250"), agent_authority_limit=Decimal("500"))
    assert check("authority.limit", trusted) == []
    new_starter = contact(amount=Decimal("80"), agent_authority_limit=Decimal("50"))
    [departure] = check("authority.limit", new_starter, agent_limit=1000)
    assert departure.evidence["limit"] == "50.00"


def test_the_limit_is_a_parameter(check, contact):
    assert check("authority.limit", contact(amount=Decimal("250")), agent_limit=300) == []
    [departure] = check("authority.limit", contact(amount=Decimal("100.11")), agent_limit=100.1)
    assert departure.evidence["limit"] == "100.10"


def test_a_credit_recorded_as_a_negative_amount_is_judged_by_its_size(check, contact):
    [departure] = check("authority.limit", contact(amount=Decimal("-250.00")))
    assert departure.evidence["amount"] == "250.00"
