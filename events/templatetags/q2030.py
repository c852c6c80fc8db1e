from django import template

from quartiers2030.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.filter
def hour(value):
    """French hour notation as in the programmes: 9h30, 10h, 16h15."""
    if value is None:
        return ""
    return f"{value.hour}h{value.minute:02d}" if value.minute else f"{value.hour}h"


@register.filter
def bare_label(label):
    """A field's label without its closing punctuation, to go before " : " (error summary)."""
    return str(label).rstrip(" .:")
