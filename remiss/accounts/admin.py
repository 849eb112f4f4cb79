from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "role", "organisation", "is_active")
    list_filter = ("role", "organisation", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Remiss"), {"fields": ("role", "organisation", "unit", "manages_unit", "person")}),
    )
