from django.contrib import admin

from aitalent.competitions.models import Competition, DataFile, Participant, Submission, Team


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "host", "metric", "starts_at", "ends_at", "is_published"]
    list_filter = ["is_published", "metric", "visibility"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["host"]
    filter_horizontal = ["topics"]
    # the split secret and the ground truth's storage name stay out of the admin
    exclude = ["split_secret"]
    readonly_fields = ["truth_rows", "expected_columns", "finalized_at"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "competition", "member_count", "private_rank", "medal"]
    list_filter = ["medal"]
    search_fields = ["name"]
    raw_id_fields = ["competition"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "competition", "team", "status"]
    list_filter = ["status"]
    raw_id_fields = ["user", "competition", "team"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["public_id", "competition", "team", "status", "public_score", "created_at"]
    list_filter = ["status", "is_late", "is_host", "is_baseline"]
    raw_id_fields = ["competition", "team", "submitted_by"]
    readonly_fields = ["storage_name", "error_template", "error_params"]


admin.site.register(DataFile)
