"""The team lead's review pages."""
