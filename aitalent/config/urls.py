from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from aitalent.accounts import urls as accounts_urls
from aitalent.accounts import views as accounts_views
from aitalent.analytics import urls as analytics_urls
from aitalent.competitions import urls as competitions_urls
from aitalent.core import urls as core_urls
from aitalent.core import views as core_views
from aitalent.courses import urls as courses_urls
from aitalent.events import urls as events_urls
from aitalent.forum import urls as forum_urls
from aitalent.knowledge import urls as knowledge_urls
from aitalent.messaging import urls as messaging_urls
from aitalent.notifications import urls as notifications_urls
from aitalent.people import urls as people_urls
from aitalent.projects import urls as projects_urls
from aitalent.recommendations import urls as recommendations_urls
from aitalent.search import urls as search_urls

# The admin logs in through allauth, so its rate limits, MFA and audit log apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "AI Talent Exchange administration"

api_v1 = [
    path("", include((accounts_urls.api_urlpatterns, "accounts"), namespace="accounts-api")),
    path("", include((people_urls.api_urlpatterns, "people"), namespace="people-api")),
    path(
        "messages/",
        include((messaging_urls.api_urlpatterns, "messaging"), namespace="messaging-api"),
    ),
    path(
        "notifications/",
        include(
            (notifications_urls.api_urlpatterns, "notifications"), namespace="notifications-api"
        ),
    ),
    path("forum/", include((forum_urls.api_urlpatterns, "forum"), namespace="forum-api")),
    path(
        "knowledge/",
        include((knowledge_urls.api_urlpatterns, "knowledge"), namespace="knowledge-api"),
    ),
    path("search/", include((search_urls.api_urlpatterns, "search"), namespace="search-api")),
    path("events/", include((events_urls.api_urlpatterns, "events"), namespace="events-api")),
    path(
        "competitions/",
        include((competitions_urls.api_urlpatterns, "competitions"), namespace="competitions-api"),
    ),
    path(
        "projects/",
        include((projects_urls.api_urlpatterns, "projects"), namespace="projects-api"),
    ),
    path("courses/", include((courses_urls.api_urlpatterns, "courses"), namespace="courses-api")),
    path(
        "recommendations/",
        include(
            (recommendations_urls.api_urlpatterns, "recommendations"),
            namespace="recommendations-api",
        ),
    ),
    path(
        "analytics/",
        include((analytics_urls.api_urlpatterns, "analytics"), namespace="analytics-api"),
    ),
]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Ours first: the session list that also audits "sign out other sessions".
    path("accounts/sessions/", accounts_views.session_list, name="usersessions_list"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include(accounts_urls)),
    path("people/", include(people_urls)),
    path("messages/", include(messaging_urls)),
    path("notifications/", include(notifications_urls)),
    path("forum/", include(forum_urls)),
    path("resources/", include(knowledge_urls)),
    path("search/", include(search_urls)),
    path("events/", include(events_urls)),
    path("competitions/", include(competitions_urls)),
    path("projects/", include(projects_urls)),
    path("courses/", include(courses_urls)),
    path("recommendations/", include(recommendations_urls)),
    path("analytics/", include(analytics_urls)),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(core_urls)),
]

handler404 = "aitalent.core.views.error_404"
