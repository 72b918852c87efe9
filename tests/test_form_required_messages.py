"""A required field left blank is answered beside it in the reader's language and in the words every
other field error uses ("is required"), on every form a user meets: WTForms' own message has no Malay."""
import re

import pytest

MALAY_REQUIRED = "wajib diisi"


def errors_of(page: str, field_id: str) -> list[str]:
    block = page[page.index(f'id="{field_id}"'):].split("</div>")[0]
    return re.findall(r'<small class="error" id="[^"]+">([^<]+)</small>', block)


@pytest.mark.parametrize("locale, expected", [("ms", MALAY_REQUIRED), ("en", "is required"), ("cs", "je povinné")])
def test_a_new_customer_without_a_name_is_refused_in_the_readers_language(client, auth, make_user, locale, expected):
    auth.login(make_user("agent"))
    client.post("/account/language", data={"locale": locale, "next": "/desk"})
    response = client.post("/customers/new", data={"name": "  ", "phones": "+60 12-345 6789"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert errors_of(page, "name") == [expected]
    assert "+60 12-345 6789" in page  # what was typed stays


def test_a_token_without_a_purpose_is_refused_in_malay_for_a_malay_reader(client, auth, make_user):
    auth.login(make_user("agent"))
    client.post("/account/language", data={"locale": "ms", "next": "/desk"})
    page = client.post("/account/tokens", data={"name": ""}).get_data(as_text=True)
    assert errors_of(page, "name") == [MALAY_REQUIRED]


def test_the_login_form_says_which_field_is_missing_in_the_browsers_language(client):
    page = client.post("/login", data={"email": "agent@example.com", "password": ""},
                       headers={"Accept-Language": "ms"}).get_data(as_text=True)
    assert errors_of(page, "password") == [MALAY_REQUIRED]


@pytest.mark.parametrize("url, data, field_id", [
    ("/admin/teams", {"name": ""}, "name"),
    ("/admin/users", {"email": "", "name": "", "password": "a-long-password-1", "role": "agent"}, "name"),
    ("/admin/departments", {"slug": "returns", "name": ""}, "name"),
])
def test_the_admin_forms_say_a_field_is_required_in_the_readers_language(client, auth, make_user, url, data,
                                                                          field_id):
    auth.login(make_user("admin"))
    client.post("/account/language", data={"locale": "ms", "next": "/admin/"})
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert errors_of(response.get_data(as_text=True), field_id) == [MALAY_REQUIRED]
