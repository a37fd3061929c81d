"""The conclusions part of tracker's task-generation page: tracker's template
loads this tag, so tracker's code never imports conclusions."""

from django import template

from conclusions.models import Conclusion
from tracker.permissions import managed_agencies_q

register = template.Library()


@register.inclusion_tag("conclusions/partials/generation_sources.html")
def conclusions_to_generate(user):
    """The conclusions of the agencies whose work the user runs, each one
    click from its review page."""
    conclusions = Conclusion.objects.filter(
        managed_agencies_q(user, "issuing_unit")
    ).select_related("issuing_unit")
    return {"conclusions": conclusions}
