from django.urls import path

from fullpicture.chronology import views

app_name = "chronology"
urlpatterns = [
    path("people/<uuid:person_id>/", views.whole_picture, name="whole_picture"),
    path("people/<uuid:person_id>/events/add/", views.event_add, name="event_add"),
    path("people/<uuid:person_id>/print/", views.chronology_print, name="print"),
    path("events/<uuid:event_id>/", views.event_detail, name="event_detail"),
    path("events/<uuid:event_id>/correct/", views.event_correct, name="event_correct"),
]
