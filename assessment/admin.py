from django.contrib import admin

from assessment.models import CriteriaSet, Criterion


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ("code", "title", "area", "order", "source", "edited_by_admin")
    readonly_fields = ("edited_by_admin",)
    extra = 1


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "official_codes", "edited_by_admin")
    fields = ("year", "title", "source", "official_codes", "edited_by_admin")
    readonly_fields = ("edited_by_admin",)
    inlines = [CriterionInline]

    def save_model(self, request, obj, form, change) -> None:
        # load_par_criteria never overwrites what an administrator saved.
        obj.edited_by_admin = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        for item in formset.save(commit=False):
            item.edited_by_admin = True
            item.save()
        for item in formset.deleted_objects:
            item.delete()
        formset.save_m2m()


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "area", "criteria_set", "edited_by_admin")
    list_filter = ("criteria_set", "area")
    search_fields = ("code", "title")
    fields = ("criteria_set", "code", "title", "area", "order", "source", "edited_by_admin")
    readonly_fields = ("edited_by_admin",)

    def save_model(self, request, obj, form, change) -> None:
        obj.edited_by_admin = True
        super().save_model(request, obj, form, change)
