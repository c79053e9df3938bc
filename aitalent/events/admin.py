from django.contrib import admin

from aitalent.events.models import RSVP, Event, Group, GroupMembership, Message, Question, Series


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "is_online", "join_policy", "member_count"]
    search_fields = ["name"]
    inlines = [MembershipInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "timezone", "format", "city", "status", "capacity"]
    list_filter = ["status", "format", "visibility"]
    search_fields = ["title"]
    raw_id_fields = ["created_by", "group", "series"]
    inlines = [QuestionInline]


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "status", "guests", "checked_in_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "user"]


admin.site.register(Series)
admin.site.register(Message)
