"""Trigram index for the catalogue search (PostgreSQL only) and the eight PAR areas."""

from django.db import migrations

AREAS = [
    ("chi-dao-dieu-hanh", "Công tác chỉ đạo, điều hành CCHC", "Direction and management of reform"),
    ("cai-cach-the-che", "Cải cách thể chế", "Institutional reform"),
    ("cai-cach-tthc", "Cải cách thủ tục hành chính", "Administrative procedure reform"),
    ("cai-cach-to-chuc-bo-may", "Cải cách tổ chức bộ máy hành chính nhà nước",
     "Reform of the state administrative apparatus"),
    ("cai-cach-che-do-cong-vu", "Cải cách chế độ công vụ", "Civil service reform"),
    ("cai-cach-tai-chinh-cong", "Cải cách tài chính công", "Public finance reform"),
    ("chinh-quyen-dien-tu-so", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
     "E-government and digital government"),
    ("tac-dong-cchc", "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH",
     "Impact of reform on people, organisations and socio-economic development"),
]


def create_trigram_index(apps, schema_editor):
    # ``search_text LIKE '% words %'`` uses this index on PostgreSQL; SQLite scans (tested).
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS initiative_search_trgm "
        "ON initiatives_initiative USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS initiative_search_trgm")


def create_areas(apps, schema_editor):
    ReformArea = apps.get_model("initiatives", "ReformArea")
    for order, (code, name_vi, name_en) in enumerate(AREAS, start=1):
        ReformArea.objects.update_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "order": order}
        )


def delete_areas(apps, schema_editor):
    apps.get_model("initiatives", "ReformArea").objects.filter(
        code__in=[a[0] for a in AREAS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initiative_catalogue")]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(create_areas, delete_areas),
    ]
