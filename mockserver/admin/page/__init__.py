"""The live page at ``/_mock/``: a namespace's sites and meetings and its call journal, updating as calls arrive.

The page is a static HTML shell (:mod:`.shell`) with its script and style sheet under ``static/`` beside it; the
script reads the admin API's JSON (the journal, and the two page views in :mod:`.views`) and renders every value
with ``textContent``. Nothing is loaded from elsewhere: every answer carries a Content-Security-Policy of
``default-src 'self'``. With an admin token the page first shows a login form (see :mod:`mockserver.admin.guard`).
"""

from .views import PageViews

__all__ = ["PageViews"]
