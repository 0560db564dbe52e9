"""The domain: what a WebEx site is and does, whatever face a call came through (docs/architecture.md).

``sites`` (sites, users, settings and their JSON checks), ``store`` (one namespace's state, thread-safe) with
``records`` (a stored meeting, a session ticket), ``sortedentries`` (listing indexes) and ``changes`` (what a
change touched, for the state file), ``auth`` (who calls), ``rules`` (WebEx's meeting rules and defaults) and
``explain`` (the rules that fired), ``listing`` (scope, filters, order, paging), ``links`` (URLs shaped like a
real site's), ``timezones`` (the timeZoneID table, instants, DST). It never imports a face.
"""
