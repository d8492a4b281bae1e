"""Indexes of the catalogue at national scale: one per facet (GROUP BY read from the index) and
one per sort (ORDER BY … LIMIT read in index order); see Initiative.Meta.indexes."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0007_submission_tokens_and_pending_uploads'),
        ('localities', '0003_import_records_moved_to_spreadsheets'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='initiative',
            index=models.Index(fields=['status', 'current_province', 'province'], name='initiative_prov_facet'),
        ),
        migrations.AddIndex(
            model_name='initiative',
            index=models.Index(fields=['status', 'level'], name='initiative_level_facet'),
        ),
        migrations.AddIndex(
            model_name='initiative',
            index=models.Index(fields=['status', 'stage'], name='initiative_stage_facet'),
        ),
        migrations.AddIndex(
            model_name='initiative',
            index=models.Index(fields=['status', 'start_year'], name='initiative_year_facet'),
        ),
        migrations.AddIndex(
            model_name='initiative',
            index=models.Index(fields=['status', '-updated_at', '-id'], name='initiative_sort_updated'),
        ),
        migrations.AddIndex(
            model_name='initiative',
            index=models.Index(fields=['status', '-start_year', '-id'], name='initiative_sort_year'),
        ),
        migrations.AddIndex(
            model_name='initiative',
            index=models.Index(models.F('status'), django.db.models.functions.text.Substr('search_text', 1, 80), models.F('id'), name='initiative_sort_title'),
        ),
    ]
