from django.urls import path

from fullpicture.checks import views

app_name = "checks"
urlpatterns = [
    path("alerts/", views.dashboard, name="dashboard"),
    path("alerts/<uuid:alert_id>/", views.alert_detail, name="alert"),
    path("checks/", views.partnership, name="partnership"),
    path("checks/<str:code>/", views.check_detail, name="check"),
    path("people/<uuid:person_id>/replay/", views.replay, name="replay"),
]
