from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aitalent.people import selectors


@require_GET
def profile(request: HttpRequest, handle: str) -> HttpResponse:
    found = selectors.get_profile_for_viewer(viewer=request.user, handle=handle)
    return render(request, "people/profile.html", {"profile": found, "member": found.user})
