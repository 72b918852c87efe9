"""The desk pages."""
