"""Logging in through the real login form, for conftest.py's `auth` fixture and for tests that drive
several browsers (clients) at once."""

PASSWORD = "correct horse battery"  # what make_user gives everyone


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user, password=PASSWORD):
        return self._client.post("/login", data={"email": user.email, "password": password})

    def logout(self):
        return self._client.post("/logout")


def browser_login(page, email, password=PASSWORD):
    """Sign in through the login page in a real browser (Playwright's `page`)."""
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")


def serious_violations(axe, page):
    """axe-core's serious and critical violations on the page, each with up to three of its nodes."""
    return [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")]
