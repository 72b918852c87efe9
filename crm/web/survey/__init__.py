"""The customer's survey page (no login)."""
