"""Packages of the CRM; metadata and dependencies are in setup.cfg.

The Alembic migrations stay in the top-level migrations/ folder of the layout and are mapped into
the installed package as `crm.migrations`, where crm/__init__.py finds them with importlib.resources.
"""
from setuptools import find_namespace_packages, setup

setup(
    # Namespace packages too: templates/, static/ and the lexicons are folders of package data.
    packages=find_namespace_packages(include=["crm", "crm.*"]) + ["crm.migrations", "crm.migrations.versions"],
    package_dir={"crm.migrations": "migrations"},
)
