from django.urls import path

from fullpicture.linkage import views

app_name = "linkage"
urlpatterns = [
    path("review/", views.review_queue, name="queue"),
    path("review/<uuid:pair_id>/", views.pair_review, name="pair"),
    path("decisions/<uuid:decision_id>/", views.decision_detail, name="decision"),
    path("decisions/<uuid:decision_id>/undo/", views.decision_undo, name="undo"),
]
