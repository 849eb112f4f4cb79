from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_http_methods

from remiss.accounts import views as account_views
from remiss.api import views as api_views
from remiss.api.endpoints import api
from remiss.cases import public_views
from remiss.cases import views as case_views
from remiss.consultations import mail_views, publishing_views
from remiss.consultations import views as consultation_views
from remiss.core import health
from remiss.core import views as core_views
from remiss.core.forms import LoginForm
from remiss.documents import views as document_views
from remiss.meetings import views as meeting_views
from remiss.referrals import views as referral_views
from remiss.referrals import workflow_views
from remiss.search import views as search_views

cases_patterns = (
    [
        path("", case_views.case_list, name="list"),
        path("registrera-remiss/", referral_views.referral_register_view, name="register_referral"),
        path("<str:prefix>/<int:year>/<int:serial>/", case_views.case_detail, name="detail"),
        path(
            "<str:prefix>/<int:year>/<int:serial>/handlingar/ny/",
            case_views.record_add_view,
            name="record_add",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/handlingar/<int:record_serial>/sekretess/",
            case_views.record_secrecy_view,
            name="record_secrecy",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/remissvar.<str:fmt>",
            case_views.reply_download,
            name="reply",
        ),
        path("<str:prefix>/<int:year>/<int:serial>/remittera/", workflow_views.refer, name="refer"),
        path(
            "<str:prefix>/<int:year>/<int:serial>/promemoria/",
            workflow_views.memo_edit,
            name="memo",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/promemoria/klar/",
            workflow_views.memo_ready,
            name="memo_ready",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/promemoria/version/<int:number>/",
            workflow_views.memo_compare,
            name="memo_compare",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/organ/<str:stage>/",
            meeting_views.decide,
            name="decide",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/skicka/",
            document_views.reply_send,
            name="reply_send",
        ),
        path("<str:prefix>/<int:year>/<int:serial>/avsluta/", workflow_views.close, name="close"),
        path(
            "<str:prefix>/<int:year>/<int:serial>/publicera/",
            publishing_views.publish_case_document,
            name="publish",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/publicera/svar/<int:pk>/",
            publishing_views.publish_received_reply,
            name="publish_reply",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/publicering/<int:pk>/aterkalla/",
            publishing_views.withdraw_publication,
            name="publication_withdraw",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/remissen/",
            referral_views.referral_edit,
            name="referral_edit",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/avsluta-utan-svar/",
            workflow_views.close_without_reply,
            name="close_without_reply",
        ),
        path("remitteringar/<int:pk>/svara/", workflow_views.answer, name="answer"),
        path("remitteringar/<int:pk>/avsta/", workflow_views.decline, name="decline"),
        path("sammantraden/<int:pk>/justera/", meeting_views.approve, name="approve"),
        path("sammantraden/", meeting_views.calendar, name="meetings"),
        path("sammantraden/<int:pk>/", meeting_views.agenda, name="agenda"),
        path(
            "sammantraden/<int:pk>/punkt/<int:item>/ta-bort/",
            meeting_views.agenda_item_delete,
            name="agenda_item_delete",
        ),
        path(
            "sammantraden/<int:pk>/punkt/<int:item>/flytta/",
            meeting_views.agenda_item_move_view,
            name="agenda_item_move",
        ),
        path("sammantraden/<int:pk>/ta-bort/", meeting_views.meeting_delete, name="meeting_delete"),
        path(
            "sammantraden/<int:pk>/foredragningslista.pdf",
            meeting_views.agenda_pdf,
            name="agenda_pdf",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/tilldelning/",
            case_views.case_assign_view,
            name="assign",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/ta-arendet/",
            case_views.case_take_view,
            name="take",
        ),
        path(
            "<str:prefix>/<int:year>/<int:serial>/arkivpaket/",
            case_views.archive_export_view,
            name="archive_export",
        ),
        path("arkivpaket/<int:pk>/", case_views.archive_download, name="archive_download"),
        path("filer/<int:pk>/", case_views.file_download, name="file"),
        path("filer/<int:pk>/lasning/", document_views.file_reading, name="file_reading"),
        path("svar/<int:pk>/skicka-igen/", document_views.reply_resend, name="reply_resend"),
    ],
    "cases",
)

_outgoing = "<str:prefix>/<int:year>/<int:serial>/"
consultation_patterns = (
    [
        path("", consultation_views.referral_list, name="list"),
        path("ny/", consultation_views.referral_create, name="create"),
        path(_outgoing, consultation_views.referral_detail, name="detail"),
        path(f"{_outgoing}mottagare/", consultation_views.recipients_edit, name="recipients"),
        path(f"{_outgoing}skicka/", consultation_views.referral_send, name="send"),
        path(f"{_outgoing}andra/", consultation_views.referral_change, name="change"),
        path(
            f"{_outgoing}mottagare/<int:pk>/ta-bort/",
            consultation_views.recipient_remove,
            name="recipient_remove",
        ),
        path(f"{_outgoing}missiv.<str:fmt>", consultation_views.covering_letter, name="letter"),
        path(f"{_outgoing}svar/ladda-upp/", consultation_views.replies_upload, name="upload"),
        path(f"{_outgoing}svar/<int:pk>/", consultation_views.reply_confirm, name="reply"),
        path(
            f"{_outgoing}svar/<int:pk>/avvisa/",
            consultation_views.reply_reject,
            name="reply_reject",
        ),
        path(
            f"{_outgoing}svar/<int:pk>/ta-tillbaka-avvisning/",
            consultation_views.reply_reinstate,
            name="reply_reinstate",
        ),
        path(
            f"{_outgoing}sammanstallning/",
            consultation_views.compilation_view,
            name="compilation",
        ),
        path(
            f"{_outgoing}sammanstallning.<str:fmt>",
            consultation_views.compilation_download,
            name="compilation_download",
        ),
        path(
            f"{_outgoing}sammanstallning/fil/<int:pk>/",
            consultation_views.export_status,
            name="export",
        ),
        path(
            f"{_outgoing}sammanstallning/fil/<int:pk>/hamta/",
            consultation_views.export_file,
            name="export_file",
        ),
    ],
    "consultations",
)

urlpatterns = [
    path("", core_views.start, name="start"),
    # For operators and load balancers, without log-in (remiss.core.health).
    path("health", health.health, name="health"),
    path("ready", health.ready, name="ready"),
    path("metrics", core_views.metrics, name="metrics"),  # operators' bearer token only
    path("tillganglighet/", core_views.accessibility, name="accessibility"),  # public
    path("remissinstanser/<int:pk>/", consultation_views.body_detail, name="body_detail"),
    # The public register (offentligt diarium): no log-in, through remiss.cases.public only.
    path("diarium/", public_views.register_index, name="public_index"),
    path("diarium/<int:org>/", public_views.register_list, name="public_list"),
    path(
        "diarium/<int:org>/<str:prefix>/<int:year>/<int:serial>/",
        public_views.register_case,
        name="public_case",
    ),
    path("diarium/<int:org>/publicerat/", public_views.published_list, name="public_published"),
    path(
        "diarium/<int:org>/publicerat/<int:pk>/filer/<int:file_pk>/",
        public_views.published_download,
        name="public_published_file",
    ),
    path(
        "diarium/<int:org>/flode/<str:name>.atom",
        public_views.organisation_feed,
        name="public_feed",
    ),
    path(
        "diarium/<int:org>/kalender.ics",
        public_views.organisation_calendar,
        name="public_calendar",
    ),
    # Replies by e-mail: the organisation's incoming mail and the queue of those not matched.
    path("epost/", mail_views.mail_list, name="mail_list"),
    path("epost/<int:pk>/", mail_views.mail_detail, name="mail_detail"),
    path("epost/<int:pk>/meddelande/", mail_views.mail_file, name="mail_file"),
    path("kalender/", account_views.calendar_page, name="calendar"),
    # The REST API (docs/api.md): public operations and a person's keys.
    path("api/", api_views.index, name="api_index"),
    path("api/v1/", api.urls),
    path("api/nycklar/", api_views.token_list, name="api_tokens"),
    path("api/nycklar/<int:pk>/aterkalla/", api_views.token_revoke, name="api_token_revoke"),
    # A calendar program fetches without log-in: the secret in the address is the key.
    path("kalender/<str:token>.ics", account_views.calendar_feed, name="calendar_feed"),
    path(
        "logga-in/",
        require_http_methods(["GET", "POST"])(
            auth_views.LoginView.as_view(
                redirect_authenticated_user=True,
                authentication_form=LoginForm,
                extra_context={"oidc_enabled": settings.OIDC_ENABLED},
            )
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("arenden/", include(cases_patterns)),
    path("sok/", search_views.search_page, name="search"),
    path("remisser/", include(consultation_patterns)),
    # The personal reply link of a body that does not use Remiss: no log-in, the token is the key.
    path("svar/<str:token>/", consultation_views.reply_link, name="reply_link"),
    # How a body's reply was read, once the compilation is published: the token is the key.
    path("aterkoppling/<str:token>/", consultation_views.feedback_page, name="feedback"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
