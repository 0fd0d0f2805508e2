"""Domain errors cross a process boundary whole: template, parameters and a subclass's own fields."""

from __future__ import annotations

import pickle

from cocity_workshop.core.errors import DomainError, RuleViolation


class _KindedError(DomainError):
    """Like the sync package's ``DeliveryError``: its ``__init__`` takes a kind before the template."""

    code = "kinded"

    def __init__(self, kind: str, template: str, /, **params: object) -> None:
        self.kind = kind
        super().__init__(template, **params)


def test_a_pickled_error_keeps_its_template_plural_and_fields() -> None:
    """The participant server's process says a writer's error in the phone's language, plural and all; a
    subclass whose ``__init__`` takes other arguments comes back with its fields, not a ``TypeError``."""
    error = RuleViolation(
        "An idea can have at most {count} photo.", plural="An idea can have at most {count} photos.", count=3
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is RuleViolation and copy.params == {"count": 3}
    assert str(copy) == "An idea can have at most 3 photos."
    assert copy.message("cs") == error.message("cs") != str(copy)
    kinded = pickle.loads(pickle.dumps(_KindedError("network", "{where} did not answer.", where="The server")))
    assert type(kinded) is _KindedError and kinded.kind == "network"
    assert str(kinded) == "The server did not answer." and kinded.code == "kinded"
