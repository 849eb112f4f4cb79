"""Middleware of our own."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve


class FriendlyNotFound:
    """The friendly 404 page also while developing (DEBUG): a person trying the demo sees the
    page they would see in production, not Django's list of URL patterns. REMISS_TECHNICAL_404
    turns Django's page back on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG and not settings.REMISS_TECHNICAL_404:
            try:  # an address no route knows never reaches a view's exception handling
                resolve(request.path_info)
            except Resolver404:
                return render(request, "404.html", status=404)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404) and not settings.REMISS_TECHNICAL_404:
            return render(request, "404.html", status=404)
        return None
