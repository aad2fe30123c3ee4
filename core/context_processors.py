from django.utils.functional import SimpleLazyObject

from core.access import can_access_admin
from core.client import wechat_browser
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


def browser(request):
    """``wechat``: WeChat's in-app browser (which cannot download or print) and its phone, or None."""
    return {"wechat": wechat_browser(request)}
