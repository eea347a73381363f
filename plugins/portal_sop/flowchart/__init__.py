"""Flowcharts of an SOP: the layout (rows, lanes, routes) and its two
renderings, the web swimlane SVG and the official print table."""
from .svg import (
    FlowchartError,
    dot_source,
    dot_version,
    render_svg,
    render_svg_cached,
)
from .table import PrintPage, print_document_html, print_pages, print_table_html

__all__ = [
    "FlowchartError",
    "PrintPage",
    "dot_source",
    "dot_version",
    "print_document_html",
    "print_pages",
    "print_table_html",
    "render_svg",
    "render_svg_cached",
]
