"""A pytest plugin: courtesy.positive_language with the tone model on (at each language's threshold), to see
which tests would fail were it on by default:

    PYTHONPATH=bench .venv/bin/python -m pytest -q -p no:cacheprovider -p tone_on tests/standards

Not collected by pytest unless named with -p; tests never load it."""
import crm.standards.builtin.courtesy as courtesy

_original = courtesy.check_positive_language


def _on(facts, params, ctx):
    return _original(facts, {**params, "tone_model": True}, ctx)


courtesy.check_positive_language = _on
