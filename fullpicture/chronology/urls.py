from django.urls import path

app_name = "chronology"
urlpatterns: list = []
