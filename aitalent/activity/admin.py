from django.contrib import admin

from aitalent.activity.models import Interaction


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "verb", "target_type", "target_id", "weight"]
    list_filter = ["verb", "target_type"]
    search_fields = ["actor__handle"]
    list_select_related = ["actor"]
    raw_id_fields = ["actor"]
    date_hierarchy = "created_at"
