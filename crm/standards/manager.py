"""The plugin manager: hook specifications, built-in plugins and installed entry points."""
from __future__ import annotations

import importlib
import logging

import pluggy

from . import hookspecs
from .base import Standard

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "crm.standards"

# Built-in plugins, registered exactly like third-party ones.
DEFAULT_PLUGINS = (
    "crm.standards.builtin.holds",
    "crm.standards.builtin.transfers",
    "crm.standards.builtin.queue",
    "crm.standards.builtin.documentation",
    "crm.standards.builtin.courtesy",
    "crm.standards.builtin.resolution",
    "crm.standards.builtin.authority",
    "crm.standards.builtin.response",
    "crm.standards.builtin.classifier",
)


def make_plugin_manager(load_entry_points: bool = True) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("crm")
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if load_entry_points:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    return pm


class DuplicateStandard(Exception):
    pass


def collect_standards(pm: pluggy.PluginManager) -> dict[str, Standard]:
    """Every standard the registered plugins provide, by code."""
    found: dict[str, Standard] = {}
    for provided in pm.hook.crm_standards():
        for standard in provided or ():
            if standard.code in found:
                raise DuplicateStandard(f"two plugins provide the standard {standard.code!r}")
            found[standard.code] = standard
    return dict(sorted(found.items()))
