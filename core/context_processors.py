from django.utils.functional import SimpleLazyObject

from core.access import can_access_admin
from core.selectors import wants_large_text


def reading_preferences(request):
    # Lazy: pages that never render the base template pay no query.
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "large_text": SimpleLazyObject(lambda: wants_large_text(user=user)),
        "can_access_admin": SimpleLazyObject(lambda: can_access_admin(user)),
    }
