"""The words of problem codes and labels, through a wording the faces install.

The domain names a problem by a code and its parameters (:mod:`domain.problems`) and a
label by a key (``status_done``, ``class_done_late``, ``role_lead``,
``dir_action_directive``); it reads no file. The words are in the gettext catalogues of
the :mod:`texts` package, which installs itself here (:func:`use`) when imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

LOCALES = ("vi", "en")

Wording = Callable[[str, str], "str | None"]
"""The template of a code or label key in a locale (falling back to Vietnamese), or None."""

_wording: list[Wording] = []


def use(wording: Wording) -> None:
    """Take the words from ``wording`` from now on."""
    _wording[:] = [wording]


def template(code: str, locale: str = "vi") -> str | None:
    """The words of ``code`` in ``locale`` before formatting, or ``None``."""
    return _wording[0](code, locale) if _wording else None


def render(code: str, locale: str = "vi", /, **params: Any) -> str:
    """The message for ``code`` in ``locale`` (falls back to Vietnamese, then the code)."""
    words = template(code, locale)
    if words is None:
        return f"{code}: {params}" if params else code
    words = _placed(words, locale, params)
    try:
        return words.format(**params)
    except (KeyError, IndexError):
        return words


def _placed(words: str, locale: str, params: dict[str, Any]) -> str:
    """``words`` naming a line of a converted document by where it was ("đoạn 12")
    instead of "dòng 37": a parameter with a ``wording`` (a place) replaces its phrase."""
    phrase = None
    for key, value in params.items():
        wording = getattr(value, "wording", None)
        if wording is not None:
            phrase = phrase or template("place_line", locale) or ""
            line = phrase.replace("{line}", "{" + key + "}")
            if line and line in words:
                words = words.replace(line, render(wording[0], locale, **wording[1]))
    return words


K = TypeVar("K", bound=str)


class Labels(Mapping[str, Mapping[K, str]], Generic[K]):
    """``labels[locale][key]``: the label of each of ``keys`` (a ``StrEnum`` or strings),
    looked up as ``<prefix>_<key>`` whenever read."""

    def __init__(self, prefix: str, keys: tuple[K, ...]) -> None:
        self.prefix = prefix
        self.keys_ = keys

    def __getitem__(self, locale: str) -> Mapping[K, str]:
        if locale not in LOCALES:
            raise KeyError(locale)
        return _LocaleLabels(self, locale)

    def __iter__(self) -> Iterator[str]:
        return iter(LOCALES)

    def __len__(self) -> int:
        return len(LOCALES)


class _LocaleLabels(Mapping[K, str]):
    def __init__(self, labels: Labels[K], locale: str) -> None:
        self.labels = labels
        self.locale = locale

    def __getitem__(self, key: K) -> str:
        if key not in self.labels.keys_:
            raise KeyError(key)
        return render(f"{self.labels.prefix}_{key}", self.locale)

    def __iter__(self) -> Iterator[K]:
        return iter(self.labels.keys_)

    def __len__(self) -> int:
        return len(self.labels.keys_)
