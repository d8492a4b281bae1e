"""Who a user is in the portal: a role and the unit the user acts for."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from localities.models import AdministrativeUnit


class Membership(models.Model):
    """Who a user is in the portal: a commune official, a provincial reviewer, an administrator,
    bound to the administrative unit they act for."""

    class Role(models.TextChoices):
        COMMUNE_OFFICIAL = "commune_official", _("Cán bộ cấp xã")
        PROVINCIAL_REVIEWER = "provincial_reviewer", _("Chuyên viên thẩm định Sở Nội vụ")
        ADMINISTRATOR = "administrator", _("Quản trị viên")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(_("vai trò"), max_length=24, choices=Role)
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("đơn vị"),
        help_text=_("Xã của cán bộ cấp xã; tỉnh của chuyên viên thẩm định."),
    )
    #: The language of the e-mails the portal sends this user.
    language = models.CharField(
        _("ngôn ngữ thư"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )

    class Meta:
        verbose_name = _("vai trò người dùng")
        verbose_name_plural = _("vai trò người dùng")
        constraints = [
            # Officials and reviewers act for a unit; the review queue filters on it.
            models.CheckConstraint(
                condition=Q(role="administrator") | Q(unit__isnull=False),
                name="membership_unit_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def clean(self) -> None:
        levels: dict[str, int] = {
            self.Role.COMMUNE_OFFICIAL: AdministrativeUnit.Level.COMMUNE,
            self.Role.PROVINCIAL_REVIEWER: AdministrativeUnit.Level.PROVINCE,
        }
        expected = levels.get(self.role)
        if expected and (self.unit is None or self.unit.level != expected):
            raise ValidationError(
                {
                    "unit": _(
                        "Cán bộ cấp xã phải gắn với một xã; chuyên viên thẩm định với một tỉnh."
                    )
                }
            )


def preferred_language(user) -> str:
    """The language the user reads the portal's e-mails in: "vi" unless their role says else."""
    membership = getattr(user, "membership", None) if user is not None else None
    try:
        return membership.language if membership is not None else "vi"
    except Membership.DoesNotExist:  # pragma: no cover - reverse one-to-one without a row
        return "vi"
