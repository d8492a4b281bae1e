from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from accounts.models import Membership


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = True
    autocomplete_fields = ["unit"]
    verbose_name_plural = Membership._meta.verbose_name_plural


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Accounts are managed here: each with its role and the unit it acts for."""

    inlines = [*UserAdmin.inlines, MembershipInline]
    # The stubs type list_display per instance; the class attribute is a plain tuple.
    list_display = [*UserAdmin.list_display, "membership"]  # type: ignore[misc]
    list_select_related = ["membership__unit"]
