from django import template
from django.utils.html import format_html

from tracker import once

register = template.Library()


@register.simple_tag(takes_context=True)
def form_once(context):
    """The hidden one-time token of a form that creates something (tracker.once)."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', once.FIELD, once.issue(context["request"])
    )
