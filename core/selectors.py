from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from core.models import ReadingPreference


def wants_large_text(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return ReadingPreference.objects.filter(user=user, large_text=True).exists()


def image_for_media_path(*, path: str):
    """The Wagtail image whose original (original_images/…) or rendition (images/…) file is at `path`, or None.

    Only image files are served from /media/; documents go through Wagtail's /documents/<id>/<name> view.
    """
    from wagtail.images import get_image_model

    image_model = get_image_model()
    if path.startswith("original_images/"):
        return image_model.objects.select_related("collection").filter(file=path).first()
    if path.startswith("images/"):
        rendition = (
            image_model.get_rendition_model().objects.select_related("image__collection").filter(file=path).first()
        )
        return rendition.image if rendition else None
    return None


def collection_refuses(*, collection, request) -> bool:
    """Whether the collection's view restrictions (CollectionViewRestriction, as for documents) refuse the request."""
    return any(not restriction.accept_request(request) for restriction in collection.get_view_restrictions())
