from django.contrib import admin

from aitalent.core.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_zh", "kind", "parent", "depth"]
    list_filter = ["kind", "depth"]
    search_fields = ["slug", "name_en", "name_zh", "aliases"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["prerequisites"]
    list_select_related = ["parent"]
