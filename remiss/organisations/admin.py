from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from remiss.organisations.models import (
    Body,
    BodyMember,
    Organisation,
    Party,
    Person,
    Registry,
    Unit,
)
from remiss.organisations.services import organisation_approve


class UnitInline(admin.TabularInline[Unit, Organisation]):
    model = Unit
    extra = 0


class RegistryInline(admin.TabularInline[Registry, Organisation]):
    model = Registry
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "email", "uses_remiss", "approved", "proposed_by")
    list_filter = ("approved", "kind", "uses_remiss")
    search_fields = ("name", "short_name")
    inlines = [UnitInline, RegistryInline]
    actions = ["approve"]

    @admin.action(description=_("Approve the proposed bodies"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        for organisation in queryset.filter(approved=False):
            organisation_approve(actor=request.user, organisation=organisation)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ("name", "kind", "organisation")
    list_filter = ("kind", "organisation")
    search_fields = ("name",)


@admin.register(Registry)
class RegistryAdmin(admin.ModelAdmin[Registry]):
    list_display = ("prefix", "name", "organisation")


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin[Party]):
    list_display = ("abbreviation", "name")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ("name", "title", "party", "organisation")
    list_filter = ("party", "organisation")
    search_fields = ("name",)


class BodyMemberInline(admin.TabularInline[BodyMember, Body]):
    model = BodyMember
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin[Body]):
    list_display = ("name", "kind", "organisation")
    inlines = [BodyMemberInline]
