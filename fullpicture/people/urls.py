from django.urls import path

from fullpicture.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_search, name="search"),
]
