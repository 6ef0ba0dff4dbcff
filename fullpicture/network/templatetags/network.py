"""`{% network_summary person %}` on the whole-picture page: a link to the people around
the child, the hidden adults LC09 holds open, and a handover waiting for this user."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def network_summary(context, person) -> SafeString:
    from fullpicture.checks.models import Alert
    from fullpicture.checks.selectors import alerts_visible_to
    from fullpicture.network.selectors import pending_handover

    user = context["request"].user
    hidden = (
        alerts_visible_to(user, Alert.objects.filter(person=person, code="LC09", active=True))
        .exclude(status="dismissed")
        .count()
    )
    return render_to_string(
        "network/_summary.html",
        {
            "person": person,
            "hidden": hidden,
            "handover": pending_handover(person=person, user=user),
        },
    )
