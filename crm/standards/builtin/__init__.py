"""The built-in service standards, each module a plugin registered like any third-party one."""
