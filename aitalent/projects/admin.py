from django.contrib import admin

from aitalent.projects.models import Offer, Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "stage", "visibility", "created_at"]
    list_filter = ["stage", "visibility"]
    search_fields = ["name", "pitch"]
    raw_id_fields = ["created_by"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "deadline"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["offered_by"]
