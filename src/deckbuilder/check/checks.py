"""The checks' former single module, kept so ``check.checks.validate`` and its neighbours stay
importable: each name now lives in the module of its concern (validate, content, figures, dates,
glyphs, contrast, geometry)."""

from deckbuilder.check.content import ALWAYS, SHOWN_BY_KIND, unshown_content
from deckbuilder.check.contrast import check_contrast, contrast, is_large, luminance
from deckbuilder.check.dates import as_of_month, as_of_start, months_between
from deckbuilder.check.validate import CheckResult, run_checks, validate

__all__ = [
    "ALWAYS",
    "SHOWN_BY_KIND",
    "CheckResult",
    "as_of_month",
    "as_of_start",
    "check_contrast",
    "contrast",
    "is_large",
    "luminance",
    "months_between",
    "run_checks",
    "unshown_content",
    "validate",
]
