"""Dashboards for team leads (their team) and admins (every team): compliance, targets, recognition."""
