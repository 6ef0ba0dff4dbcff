"""Administrators manage agencies and users here. Person data is deliberately not registered:
it is read only through the scoped, audited pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from fullpicture.core.models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "agency", "role", "is_active")
    list_filter = ("role", "agency", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Agency and role", {"fields": ("agency", "role", "job_title")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Agency and role", {"fields": ("agency", "role", "job_title")}),
    )
