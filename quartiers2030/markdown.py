"""Staff-written Markdown, rendered to HTML that cannot run script or fetch anything."""

import markdown
import nh3
from django.utils.safestring import mark_safe

# No <img>: a page must never make a request to a host the visitor did not choose.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "a", "ul", "ol", "li", "blockquote",
    "h3", "h4", "h5", "h6", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def render_markdown(text: str, *, with_h2: bool = False) -> str:
    """`with_h2` for a text that is a page of its own under the page's <h1> (the legal
    pages); elsewhere staff text sits under the page's <h2> sections and starts at <h3>."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS | {"h2"} if with_h2 else ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )
