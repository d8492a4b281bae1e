"""Membership, moved here from initiatives with its rows (the table was renamed there).

The content type follows, so permissions granted on memberships stay granted."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old: str = "initiatives", new: str = "accounts"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="membership").exists():
        ContentType.objects.using(db).filter(app_label=old, model="membership").update(
            app_label=new
        )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="accounts", new="initiatives")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("localities", "0001_administrative_units"),
        ("initiatives", "0004_memberships_moved_to_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("role", models.CharField(choices=[("commune_official", "Cán bộ cấp xã"), ("provincial_reviewer", "Chuyên viên thẩm định Sở Nội vụ"), ("administrator", "Quản trị viên")], max_length=24, verbose_name="vai trò")),
                        ("unit", models.ForeignKey(blank=True, help_text="Xã của cán bộ cấp xã; tỉnh của chuyên viên thẩm định.", null=True, on_delete=django.db.models.deletion.PROTECT, to="localities.administrativeunit", verbose_name="đơn vị")),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="membership", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "vai trò người dùng",
                        "verbose_name_plural": "vai trò người dùng",
                        "constraints": [models.CheckConstraint(condition=models.Q(("role", "administrator"), ("unit__isnull", False), _connector="OR"), name="membership_unit_required")],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
