from django.contrib import admin

from aitalent.messaging.models import Conversation, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    # Message bodies are private: staff see who talks, not what they say.
    list_display = ["id", "title", "is_group", "created_at", "last_message_at"]
    inlines = [ParticipantInline]
    raw_id_fields = ["created_by"]
