from django.contrib import admin

from aitalent.people.models import Profile, ProfileSkill


class ProfileSkillInline(admin.TabularInline):
    model = ProfileSkill
    raw_id_fields = ["topic"]
    extra = 0


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "headline", "country", "visibility", "created_at"]
    list_filter = ["visibility", "country"]
    search_fields = ["user__handle", "user__email", "headline"]
    raw_id_fields = ["user"]
    filter_horizontal = ["domains"]
    inlines = [ProfileSkillInline]
    list_select_related = ["user"]
