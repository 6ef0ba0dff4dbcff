"""A server process freezes what start-up loaded, so full garbage collections stay short."""

import gc
import importlib

from django.urls import clear_url_caches, get_resolver

from fullpicture.config.startup import startup_heap_freeze


def test_the_heap_is_frozen_with_the_url_patterns_and_so_every_view_loaded():
    clear_url_caches()
    gc.unfreeze()
    try:
        startup_heap_freeze()
        assert "url_patterns" in vars(get_resolver())  # resolved before the freeze
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()


def test_the_wsgi_module_freezes_the_heap_once_the_application_is_loaded():
    gc.unfreeze()
    try:
        wsgi = importlib.reload(importlib.import_module("fullpicture.config.wsgi"))
        assert callable(wsgi.application)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
