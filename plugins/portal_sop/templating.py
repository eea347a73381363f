"""The one Jinja2 environment for every HTML, Markdown and SVG template.

Autoescape is on for all templates: every text from data is escaped unless a
template marks a value as already-safe markup made by our own code.
"""
from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def markdown_inline(text: object) -> Markup:
    """Escape a data value for a Markdown line (a heading, a nav title):
    HTML-escape it, then backslash the characters Markdown would act on."""
    html = str(escape(str(text)))
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", html).replace("\n", " "))


_CODE_SPAN = re.compile(r"`([^`]+)`")


def code_spans(text: object) -> Markup:
    """Escape a text for HTML, then show its `backtick` spans as <code>: schema
    descriptions are written like Markdown but land inside HTML table cells,
    where Markdown is not processed."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(str(text)))))


_SLASH = re.compile(r"/(?=\w)")


def slash_breaks(text: object) -> Markup:
    """Escape a text for HTML and let lines break after a slash between words
    ("Publikasi/dokumentasi/pengarsipan"): browsers do not, and a phone column
    would otherwise split one of the words."""
    return Markup(_SLASH.sub("/<wbr>", str(escape(str(text)))))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("portal_sop", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_inline
    env.filters["code"] = code_spans
    env.filters["wbr"] = slash_breaks
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
