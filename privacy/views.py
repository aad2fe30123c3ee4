"""The person's own data: a page that says what the file holds (GET), and the download (POST). Thin."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from privacy import services
from privacy.services import ExportFile, PrivacyError


def file_response(exported: ExportFile) -> HttpResponse:
    """The file as a download that no cache keeps."""
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=exported.filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "POST"])
def my_data(request):
    if request.method == "POST":
        try:
            exported = services.export_own_data(
                user=request.user, request=request, file_format=request.POST.get("format", "xlsx")
            )
        except PrivacyError as error:
            messages.error(request, error.messages[0])
            return redirect("privacy:my_data")
        return file_response(exported)
    response = render(request, "privacy/my_data.html")
    patch_cache_control(response, private=True, no_store=True)
    return response
