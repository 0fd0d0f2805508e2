"""Domain errors: each carries a message a facilitator (or a participant) understands.

The message is kept as an English template with its parameters, so it can be shown in the language of
whoever reads it: ``str(error)`` uses the current language, ``error.message("cs")`` a given one.
"""

from __future__ import annotations

from typing import Any

from cocity_workshop.i18n import _, ngettext, use_language


class DomainError(Exception):
    """A rule of the workshop was broken; nothing was changed."""

    #: A short machine-readable name, used by the phone API and in tests.
    code = "rule"

    def __init__(self, template: str, /, *, plural: str | None = None, count: int = 1, **params: Any) -> None:
        """``template`` is the English message with ``{name}`` fields; with ``plural``, the form is chosen
        by ``count`` (also available to the message as ``{count}``)."""
        self.template = template
        self.plural = plural
        self.count = count
        self.params = {"count": count, **params}
        super().__init__(self.message("en"))

    def message(self, language: str | None = None) -> str:
        """The message in ``language`` (or the current language when ``None``)."""
        if language is None:
            return self._render()
        with use_language(language):
            return self._render()

    def _render(self) -> str:
        plural = self.plural
        text = ngettext(self.template, plural, self.count) if plural is not None else _(self.template)
        return text.format(**self.params)

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its template and parameters (and a subclass's own fields), so the participant
        server's process can still say it in each phone's language (``Exception`` would keep only the
        English text, and fail for subclasses whose ``__init__`` takes other arguments)."""
        return (_restored, (type(self), self.args, self.__dict__))


def _restored(kind: type[DomainError], args: tuple[Any, ...], state: dict[str, Any]) -> DomainError:
    """A pickled ``DomainError`` made again without calling its ``__init__``."""
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class RuleViolation(DomainError):
    """The request breaks a workshop rule (budget, cap, round state...)."""

    code = "rule"


class NotFound(DomainError):
    """The thing referred to does not exist (or is not visible to the asker)."""

    code = "not_found"


class Conflict(DomainError):
    """The request clashes with an earlier one (e.g. an idempotency key reused for something else)."""

    code = "conflict"


class InvalidInput(DomainError):
    """A value is missing, too long or malformed."""

    code = "invalid"
