from django.contrib import admin

from aitalent.courses.models import (
    Certificate,
    Competency,
    Course,
    Enrolment,
    LearningPath,
    Module,
    PathStep,
    TopicRequirement,
)


class CompetencyInline(admin.TabularInline):
    model = Competency
    raw_id_fields = ["topic"]
    extra = 0


class RequirementInline(admin.TabularInline):
    model = TopicRequirement
    raw_id_fields = ["topic"]
    extra = 0


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "language", "status", "enrolment_count", "published_at"]
    list_filter = ["status", "level", "language"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["created_by", "instructors", "prerequisite_courses", "topics"]
    inlines = [CompetencyInline, RequirementInline, ModuleInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["course", "user", "created_at", "completed_at"]
    raw_id_fields = ["course", "user", "last_lesson"]
    list_filter = ["course"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    # Answer keys live on questions, which are edited by instructors on the site, not here.
    list_display = ["course", "holder_name", "issued_at", "revoked_at"]
    search_fields = ["public_id", "holder_name"]
    raw_id_fields = ["user", "course", "enrolment", "revoked_by"]
    readonly_fields = ["public_id", "badge_salt", "competencies"]


class StepInline(admin.TabularInline):
    model = PathStep
    raw_id_fields = ["course"]
    extra = 1


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "is_published"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["created_by", "topics"]
    inlines = [StepInline]
