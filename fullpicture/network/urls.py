from django.urls import path

from fullpicture.network import views

app_name = "network"
urlpatterns = [
    path("people/<uuid:person_id>/network/", views.network, name="network"),
    path("people/<uuid:person_id>/network/print/", views.network_print, name="print"),
    path(
        "people/<uuid:person_id>/network/relationships/add/",
        views.relationship_add,
        name="relationship_add",
    ),
    path(
        "people/<uuid:person_id>/network/relationships/end/",
        views.relationship_end,
        name="relationship_end",
    ),
    path("people/<uuid:person_id>/network/team/", views.named_worker, name="named_worker"),
    path("people/<uuid:person_id>/network/handover/", views.handover, name="handover"),
]
