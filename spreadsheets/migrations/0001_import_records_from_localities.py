"""ImportRecord, moved here from localities with its rows (the table was renamed there).

The content type follows, so permissions granted on import records stay granted."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old: str = "localities", new: str = "spreadsheets"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="importrecord").exists():
        ContentType.objects.using(db).filter(app_label=old, model="importrecord").update(
            app_label=new
        )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="spreadsheets", new="localities")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("localities", "0003_import_records_moved_to_spreadsheets"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("scores", "Điểm chỉ số"), ("initiatives", "Sáng kiến"), ("aliases", "Tên gọi khác của đơn vị")], max_length=16, verbose_name="loại dữ liệu")),
                        ("file_name", models.CharField(max_length=255, verbose_name="tên tệp")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="lúc")),
                        ("new", models.PositiveIntegerField(default=0, verbose_name="mới")),
                        ("changed", models.PositiveIntegerField(default=0, verbose_name="thay đổi")),
                        ("unchanged", models.PositiveIntegerField(default=0, verbose_name="không đổi")),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name="người nhập")),
                    ],
                    options={
                        "verbose_name": "lần nhập dữ liệu",
                        "verbose_name_plural": "các lần nhập dữ liệu",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
