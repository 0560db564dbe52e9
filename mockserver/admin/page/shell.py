"""The page's HTML: the shell the script fills in, and the login form. No data and no inline script or style."""

from __future__ import annotations

from html import escape

#: every page answer is confined to the mock's own origin: no external assets, no inline code, no framing.
#: Referrer-Policy same-origin, not no-referrer: under no-referrer a browser sends ``Origin: null`` with the login
#: form, which the Origin rule refuses.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
           "Cache-Control": "no-store"}

_HEAD = ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
         "<meta name='viewport' content='width=device-width, initial-scale=1'>"
         "<title>{title}</title><link rel='icon' href='data:,'>"
         "<link rel='stylesheet' href='/_mock/static/page.css'></head>")

_SHELL = """<body>
<header class='bar'>
  <h1>webex-mockserver</h1>
  <label>namespace <select id='namespace' aria-label='namespace'></select></label>
  <span id='fidelity' class='pill' title='fidelity mode'></span>
  <span id='clock' class='pill' title="the namespace's clock" hidden></span>
  <span id='live' class='live' title='the journal is read every 1.5 s'>connecting…</span>
  <span class='spacer'></span>
  <a href='/_mock/openapi.json'>admin API</a>
  {logout}
</header>
<main>
  <section id='sites' class='pane'><h2>Meetings</h2><div id='site-list'><p class='empty'>loading…</p></div>
    <div id='deliveries'></div></section>
  <section id='calls' class='pane'>
    <h2>Calls <small id='call-count'></small></h2>
    <form id='filters' class='filters'>
      <input id='filter-operation' name='operation' list='operations' placeholder='operation' aria-label='operation'>
      <datalist id='operations'></datalist>
      <select id='filter-result' name='result' aria-label='result'>
        <option value=''>any result</option><option>SUCCESS</option><option>FAILURE</option><option>FAULT</option>
      </select>
      <input id='filter-user' name='user' placeholder='user' aria-label='user'>
    </form>
    <div class='scroll'><table id='call-table'><thead><tr><th class='c-id'>#</th><th class='c-time'>time</th>
      <th class='c-op'>operation</th><th class='c-user'>user</th><th class='c-result'>result</th>
      <th class='c-explains'>explains</th><th class='c-ms'>ms</th></tr></thead><tbody></tbody></table></div>
  </section>
  <section id='detail' class='pane'><h2 id='detail-title'>Details</h2>
    <div id='detail-body'><p class='empty'>Click a call or a meeting.</p></div></section>
</main>
<script src='/_mock/static/page.js'></script>
</body></html>"""

_LOGOUT = "<form method='post' action='/_mock/logout'><button type='submit'>log out</button></form>"

_LOGIN = """<body class='login'>
<form method='post' action='/_mock/login' class='card'>
  <h1>webex-mockserver</h1>
  <p>This server has an admin token. Enter it to open the page; a session cookie
  (HttpOnly, SameSite=Strict) keeps you signed in for this browser session.</p>
  {problem}
  <label>admin token <input type='password' name='token' autocomplete='current-password' autofocus required></label>
  <button type='submit'>sign in</button>
</form>
</body></html>"""


def page(logout: bool) -> str:
    """The page's shell; ``logout``: the server has an admin token, so a log-out button is shown."""
    return _HEAD.format(title="webex-mockserver") + _SHELL.format(logout=_LOGOUT if logout else "")


def login(problem: str | None = None) -> str:
    """The login form, with why the last attempt failed."""
    shown = f"<p class='problem' role='alert'>{escape(problem)}</p>" if problem else ""
    return _HEAD.format(title="webex-mockserver: sign in") + _LOGIN.format(problem=shown)
