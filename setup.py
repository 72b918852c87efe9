"""Packages of the CRM; metadata and dependencies are in setup.cfg.

The Alembic migrations stay in the top-level migrations/ folder of the layout and are mapped into
the installed package as `crm.migrations`, where crm/__init__.py finds them with importlib.resources.

The translations are kept as .po files (crm/translations/<locale>/LC_MESSAGES/messages.po); building
compiles them into the .mo files Flask-Babel reads: into the wheel, or beside the .po files for an
editable install (`pip install -e .`). Nothing is compiled at run time.
"""
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
TRANSLATIONS = Path("crm") / "translations"


class BuildPyWithCatalogues(build_py):
    """build_py, then compile every message catalogue (babel.messages, a build requirement)."""

    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((HERE / TRANSLATIONS).glob("*/LC_MESSAGES/messages.po")):
            relative = po.relative_to(HERE).with_suffix(".mo")
            # An editable install reads the package from the checkout, so the .mo goes beside the .po.
            target = HERE / relative if getattr(self, "editable_mode", False) else Path(self.build_lib) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalogue = read_po(source, locale=po.parent.parent.name)
            with target.open("wb") as out:
                write_mo(out, catalogue, use_fuzzy=False)

    def get_outputs(self, include_bytecode=True):
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            outputs += [str(Path(self.build_lib) / po.relative_to(HERE).with_suffix(".mo"))
                        for po in sorted((HERE / TRANSLATIONS).glob("*/LC_MESSAGES/messages.po"))]
        return outputs


setup(
    # Namespace packages too: templates/, static/, the lexicons and translations are folders of package data.
    packages=find_namespace_packages(include=["crm", "crm.*"]) + ["crm.migrations", "crm.migrations.versions"],
    package_dir={"crm.migrations": "migrations"},
    cmdclass={"build_py": BuildPyWithCatalogues},
)
