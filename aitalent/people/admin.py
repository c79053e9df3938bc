from django.contrib import admin

from aitalent.people.models import Endorsement, Profile, ProfileSkill, Report


class ProfileSkillInline(admin.TabularInline):
    model = ProfileSkill
    raw_id_fields = ["topic"]
    readonly_fields = ["evidenced_level", "evidence_score"]
    extra = 0


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "headline", "country", "visibility", "in_directory", "created_at"]
    list_filter = ["visibility", "in_directory", "country"]
    search_fields = ["user__handle", "user__email", "headline"]
    raw_id_fields = ["user"]
    filter_horizontal = ["domains"]
    inlines = [ProfileSkillInline]
    list_select_related = ["user"]
    exclude = ["search_vector"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The staff queue of member reports."""

    list_display = ["created_at", "reported", "reason", "reporter", "status"]
    list_filter = ["status", "reason"]
    list_editable = ["status"]
    raw_id_fields = ["reporter", "reported"]
    search_fields = ["reported__handle", "reporter__handle", "detail"]
    list_select_related = ["reported", "reporter"]


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["created_at", "endorser", "skill", "is_hidden"]
    raw_id_fields = ["endorser", "skill"]
    list_select_related = ["endorser", "skill__topic"]
