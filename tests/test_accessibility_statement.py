"""The accessibility statement (lagen (2018:1937) om tillgänglighet till digital offentlig
service): public, in Swedish by default and in English, with where to write and the
supervisory authority."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_statement_names_the_law_the_gaps_the_contact_and_the_supervisor(client, settings):
    settings.REMISS_ACCESSIBILITY_CONTACT = "tillganglighet@sala.se"
    response = client.get(reverse("accessibility"))  # without log-in
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Tillgänglighetsredogörelse för Remiss</h1>" in page
    assert "lagen (2018:1937) om tillgänglighet till digital offentlig service" in page
    assert "delvis förenlig med lagen" in page
    assert '<a href="mailto:tillganglighet@sala.se">tillganglighet@sala.se</a>' in page
    assert "https://www.digg.se/tdosanmalan" in page
    assert "uppdaterades senast den 4 december 2026" in page


def test_without_a_contact_the_statement_refers_to_the_registry(client, settings):
    settings.REMISS_ACCESSIBILITY_CONTACT = ""
    page = client.get(reverse("accessibility")).content.decode()
    assert "mailto:" not in page
    assert "kontakta registraturen hos den organisation som driver" in page


def test_the_statement_in_english_and_linked_from_the_log_in_page(client):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("accessibility")).content.decode()
    assert "<h1>Accessibility statement for Remiss</h1>" in page
    client.cookies["django_language"] = "sv"
    login = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("accessibility")}"' in login
