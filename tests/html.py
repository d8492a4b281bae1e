"""Readers of rendered pages on Django's own parser (django.test.html.parse_html): elements by
tag, attributes, text, tables."""

from __future__ import annotations

from collections.abc import Iterator

from django.test.html import Element, parse_html

CELLS = ("th", "td")


def elements(node: Element, name: str | None = None) -> Iterator[Element]:
    """The elements under node, in document order, with that tag if one is given."""
    for child in node.children:
        if isinstance(child, Element):
            if name is None or child.name == name:
                yield child
            yield from elements(child, name)


def attribute(element: Element, name: str) -> str | None:
    return dict(element.attributes).get(name)


def text(node: Element | str) -> str:
    """The text of a node, its pieces joined by one space (parse_html strips each piece)."""
    if isinstance(node, str):
        return node
    return " ".join(" ".join(text(child) for child in node.children).split())


def table(html: str, table_id: str) -> Element | None:
    document = parse_html(html)
    return next((t for t in elements(document, "table") if attribute(t, "id") == table_id), None)


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The text of each cell, row by row (header rows included), of <table id=table_id>."""
    found = table(html, table_id)
    assert found is not None, f"no table {table_id!r}"
    return [
        [
            text(cell)
            for cell in row.children
            if isinstance(cell, Element) and cell.name in ("th", "td")
        ]
        for row in elements(found, "tr")
    ]
