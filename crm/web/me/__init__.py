"""The person's own pages: notices, and for agents their findings, coaching and standing."""
