from django.contrib import admin

from aitalent.notifications.models import Announcement, DigestRun, Notification, Preference, Watch


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipient",
        "verb",
        "actor",
        "email_channel",
        "read_at",
        "emailed_at",
        "digested_at",
    ]
    list_filter = ["module", "verb", "email_channel"]
    search_fields = ["recipient__handle", "verb", "key"]
    raw_id_fields = ["recipient", "actor"]
    list_select_related = ["recipient", "actor"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "verb", "email", "in_app"]
    list_filter = ["email", "verb"]
    raw_id_fields = ["user"]


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    list_display = ["user", "target_type", "target_id", "level", "created_at"]
    list_filter = ["level", "target_type"]
    raw_id_fields = ["user"]


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "period", "item_count", "sent_at"]
    list_filter = ["frequency"]
    raw_id_fields = ["user"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "audience", "recipient_count", "sent_at", "created_at"]
    raw_id_fields = ["author"]
