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
