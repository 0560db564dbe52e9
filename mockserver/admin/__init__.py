"""The admin API under ``/_mock/`` (``api``, with its stub routes in ``stubs``), the rules that keep web pages
out of it (``guard``: Host, Origin, the admin token or the page's session cookie), and the live page (``page/``).
"""
