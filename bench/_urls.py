"""The project's URLs plus a hello-world view: the baseline of bench/register.py."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hej världen")


urlpatterns = [path("bench-hello/", hello), *project_urlpatterns]
