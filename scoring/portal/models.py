"""The portal's own table: which role an account has and, for a unit account, which unit it is."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    UNIT = "unit", "Đơn vị"
    APPRAISER = "appraiser", "Thẩm định"
    OFFICE = "office", "Văn phòng (quản trị)"
    LEADER = "leader", "Lãnh đạo"


class Account(models.Model):
    """A portal account: the Django user, its role and (units only) the roster unit code."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dvk")
    role = models.CharField("vai trò", max_length=16, choices=Role.choices)
    unit_code = models.CharField("mã đơn vị", max_length=64, blank=True, db_index=True)
    unit_name = models.CharField("tên đơn vị", max_length=255, blank=True)
    unit_type = models.CharField("loại đơn vị", max_length=64, blank=True)

    class Meta:
        verbose_name = "tài khoản"
        constraints = [models.CheckConstraint(
            condition=~models.Q(role="unit") | ~models.Q(unit_code=""), name="unit_account_has_unit")]

    def __str__(self) -> str:
        return f"{self.user.username} ({self.get_role_display()})"
