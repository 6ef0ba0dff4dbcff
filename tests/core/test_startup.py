"""A server process freezes what start-up loaded, so full garbage collections stay short."""

import gc
import importlib
import sys


def test_the_wsgi_module_freezes_the_heap_with_every_view_module_loaded():
    gc.unfreeze()
    sys.modules.pop("fullpicture.linkage.views", None)
    try:
        wsgi = importlib.reload(importlib.import_module("fullpicture.config.wsgi"))
        assert callable(wsgi.application)
        assert gc.get_freeze_count() > 1000
        assert "fullpicture.linkage.views" in sys.modules  # loaded by the URLs, then frozen
    finally:
        gc.unfreeze()
