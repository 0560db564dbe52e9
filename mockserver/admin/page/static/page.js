// The live page of webex-mockserver: reads the admin API's JSON and renders it.
// Every value is put on the page as text (textContent, text nodes), never parsed as HTML: a request can hold anything.
"use strict";

const POLL_MS = 1500;          // the journal is read this often
const OVERVIEW_EVERY = 4;      // and the meetings every this many polls (at once after new calls)
const FIRST_PAGE = 100;        // calls loaded when the page opens or a filter changes
const KEPT = 500;              // calls kept in the list at most

const state = {
  namespace: new URLSearchParams(location.search).get("namespace") || "default",
  calls: new Map(),            // id -> journal entry
  lastId: null,                // the newest id read (the next poll asks for what came after)
  total: null,                 // matching entries the journal held at the last read
  selected: null,              // {kind: "call"|"meeting", id}
  applied: "{}",               // the filters the list was loaded with (JSON)
  shownSites: null,            // the sites as last drawn (JSON): redrawn only when they change
  ticks: 0,
  generation: 0,               // bumped by a reload, so that late answers of an older one are dropped
  operations: new Set(),
};

const $ = (id) => document.getElementById(id);

// -- building elements ---------------------------------------------------------------------------------

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("data-") || name === "aria-label") node.setAttribute(name, String(value));
    else if (name === "onclick") node.addEventListener("click", value);
    else node[name] = value;  // className, title, type, value, colSpan: plain properties, never HTML
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function section(title, ...content) {
  return el("section", {className: "block"}, el("h3", {}, title), ...content);
}

function empty(text) {
  return el("p", {className: "empty"}, text);
}

function clock(epochSeconds) {
  const d = new Date(epochSeconds * 1000);
  return d.toLocaleTimeString([], {hour12: false}) + "." + String(d.getMilliseconds()).padStart(3, "0");
}

function hms(epochSeconds) {
  return new Date(epochSeconds * 1000).toLocaleTimeString([], {hour12: false});
}

// the namespace's mock time when the call started, when the clock was set away from real time (docs/time.md); a
// call's own latency is no difference worth showing
function mockTime(entry) {
  const mock = entry.mock_time;
  if (typeof mock !== "number" || Math.abs(mock - entry.time) < 2) return null;
  return new Date(mock * 1000).toLocaleString();
}

function shortOperation(name) {
  return name ? name.split(".").pop() : "?";
}

// -- pretty XML: tags and text laid out one element a line, built as elements (never parsed as HTML) ---------
// A tokenizer, not an XML parser: requests may use prefixes they never declare, and kept bodies may be clipped.

const TOKENS = /(<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[^>]*>)/;
const TAG = /^<(\/?)([^\s>\/]+)([\s\S]*?)(\/?)>$/;
const ATTRIBUTE = /([^\s=]+)(\s*=\s*)("[^"]*"|'[^']*')/g;

function xmlView(text) {
  const pre = el("pre", {className: "xml"});
  if (!text) {
    pre.textContent = "(empty)";
    return pre;
  }
  const tokens = text.split(TOKENS).filter((t) => t.trim());
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i].trim();
    const tag = token.startsWith("<") && !token.startsWith("<!") && !token.startsWith("<?") ? TAG.exec(token) : null;
    const pad = "  ".repeat(depth);
    if (!tag) {  // text, a comment, a declaration or CDATA: a line of its own
      pre.append(pad, span(token.startsWith("<") ? "c" : "x", token), "\n");
    } else if (tag[1]) {  // an end tag
      depth = Math.max(0, depth - 1);
      pre.append("  ".repeat(depth), tagSpan(tag), "\n");
    } else if (tag[4]) {  // self-closed
      pre.append(pad, tagSpan(tag), "\n");
    } else {
      const inner = tokens[i + 1], closing = tokens[i + 2] && TAG.exec(tokens[i + 2].trim());
      if (inner !== undefined && !inner.trim().startsWith("<") && closing && closing[1] && closing[2] === tag[2]) {
        pre.append(pad, tagSpan(tag), span("x", inner.trim()), tagSpan(closing), "\n");  // <a>text</a>
        i += 2;
      } else {
        pre.append(pad, tagSpan(tag), "\n");
        depth++;
      }
    }
  }
  return pre;
}

function span(className, text) {
  return el("span", {className}, text);
}

function tagSpan(tag) {
  const [, end, name, rest, selfClosed] = tag;
  const out = el("span", {}, span("t", "<" + end + name));
  let last = 0;
  for (const found of rest.matchAll(ATTRIBUTE)) {
    out.append(rest.slice(last, found.index), span("a", found[1]), found[2], span("v", found[3]));
    last = found.index + found[0].length;
  }
  out.append(rest.slice(last), span("t", selfClosed + ">"));
  return out;
}

// -- talking to the mock ------------------------------------------------------------------------------------

async function getJson(path, params) {
  const query = new URLSearchParams(params || {});
  query.set("namespace", state.namespace);
  const response = await fetch(path + "?" + query, {credentials: "same-origin", headers: {Accept: "application/json"}});
  if (response.status === 401) {
    location.reload();  // the session ended: the server shows its login form
    throw new Error("signed out");
  }
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.error || response.statusText);
    error.refused = response.status === 400;  // e.g. a filter naming no WebEx operation: the server says why
    throw error;
  }
  return body;
}

function down(error) {
  setLive(false, (error.refused ? "" : "offline: ") + error.message);
}

function filters() {
  const wanted = {};
  for (const name of ["operation", "result", "user"]) {
    const value = $("filter-" + name).value.trim();
    if (value) wanted[name] = value;
  }
  return wanted;
}

function liveNow() {
  setLive(true, "live · " + new Date().toLocaleTimeString([], {hour12: false}));
}

function setLive(ok, text) {
  const live = $("live");
  live.className = ok ? "live ok" : "live down";
  live.textContent = text;
}

// -- meetings -------------------------------------------------------------------------------------------------

async function loadOverview() {
  const generation = state.generation;
  const data = await getJson("/_mock/page/overview");
  if (generation !== state.generation) return;
  renderNamespaces(data.namespaces, data.namespace);
  $("fidelity").textContent = "fidelity: " + data.fidelity;
  const clockPill = $("clock");  // shown only when the namespace's clock is not real time
  clockPill.hidden = !data.clock || data.clock.mode === "real";
  if (data.clock) clockPill.textContent = "mock time: " + new Date(data.clock.nowMs).toLocaleString() +
    (data.clock.frozen ? " (frozen)" : "");
  const sent = await getJson("/_mock/webhooks/deliveries");
  if (generation !== state.generation) return;
  const drawn = JSON.stringify([data.sites, sent.deliveries]);
  if (drawn === state.shownSites) return;
  state.shownSites = drawn;
  const list = $("site-list");
  list.replaceChildren(...data.sites.map(siteCard));
  if (!data.sites.length) list.append(empty("No sites in this namespace."));
  $("deliveries").replaceChildren(...deliveriesList(sent.deliveries));
}

// the webhook deliveries the namespace's events made (docs/webhooks.md), newest first
const DELIVERIES_SHOWN = 20;
function deliveriesList(deliveries) {
  if (!deliveries.length) return [];
  const newest = deliveries.slice(-DELIVERIES_SHOWN).reverse();
  const line = (d) => el("li", {"data-delivery": d.id, "data-outcome": d.outcome},
    el("span", {className: "outcome " + d.outcome}, d.outcome), " " + d.resource + " " + d.event + " → " + d.targetUrl,
    el("small", {}, " · " + d.attempts.length + " attempt(s)" + (d.reason ? " · " + d.reason : "")));
  return [el("h3", {}, "Webhook deliveries ", el("small", {}, deliveries.length + " kept")),
          el("ul", {className: "deliveries"}, newest.map(line))];
}

function renderNamespaces(names, current) {
  const select = $("namespace");
  const all = names.includes(current) ? names : [...names, current];
  if (select.options.length === all.length && Array.from(select.options).every((o, i) => o.value === all[i])) {
    select.value = current;
    return;
  }
  select.replaceChildren(...all.map((name) => el("option", {value: name}, name)));
  select.value = current;
}

function yesNo(value) {
  if (value === null || value === undefined) return "";
  return String(value).toLowerCase() === "true" ? "yes" : "no";
}

// the meetings table's columns: header and class (page.css gives each but the name its width)
const MEETING_COLUMNS = [["key", "m-key"], ["confName · host", "m-name"], ["start", "m-start"], ["E2EE", "m-flag"], ["rec", "m-flag"]];
function siteCard(site) {
  const rows = site.meetings.map((m) => {
    const selected = state.selected && state.selected.kind === "meeting" && state.selected.id === site.siteName + "/" + m.key;
    return el("tr", {className: selected ? "selected" : "", "data-key": m.key, "data-site": site.siteName,
                     onclick: () => showMeeting(site.siteName, m.key)},
      el("td", {className: "num"}, m.key),
      el("td", {className: "name", title: m.host}, m.confName || "", el("small", {}, m.host)),
      el("td", {className: "dim when"}, (m.startDate || "").replace(" ", "\n")),
      el("td", {className: "flag"}, yesNo(m.supportE2E)), el("td", {className: "flag"}, yesNo(m.autoRecord)));
  });
  const table = el("table", {className: "meetings"},
    el("thead", {}, el("tr", {}, MEETING_COLUMNS.map(([h, className]) => el("th", {className}, h)))),
    el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", {colSpan: 5, className: "empty"}, "no meetings"))));
  return el("div", {className: "site", "data-site": site.siteName},
    el("h3", {}, site.siteName, " ", el("small", {}, "siteID " + site.siteID)),
    table, site.more ? empty(site.more + " more not shown") : null, recordingsList(site.recordings || []));
}

// the recordings ended meetings left (newest first); one the lists do not show yet says from when
function recordingsList(recordings) {
  if (!recordings.length) return null;
  return el("ul", {className: "recordings"}, recordings.map((r) =>
    el("li", {"data-recording": r.recordingID},
      "● ", r.topic, el("small", {}, " meeting " + r.meetingKey + " · " + Math.round(r.durationSeconds / 60) +
        " min · " + (r.sizeBytes / 1048576).toFixed(1) + " MB · " + (r.shown ? "made " : "listed from ") +
        new Date(r.createTime * 1000).toLocaleString([], {hour12: false})))));
}

// a meeting's instances (docs/time.md): each its state and when it ran
function instancesSection(instances) {
  if (!instances.length) return [];
  const line = (i) => el("li", {}, (i.state || "not yet") + ": " + i.startedAt + (i.endedAt ? " – " + i.endedAt : "") +
    (i.attendees ? " · " + i.attendees + " attendee(s)" : ""));
  return [section("Instances (started by a test, or as scheduled)", el("ul", {}, instances.map(line)))];
}

async function showMeeting(site, key) {
  state.selected = {kind: "meeting", id: site + "/" + key};
  markSelected();
  const view = await getJson("/_mock/page/sites/" + encodeURIComponent(site) + "/meetings/" + key);
  const name = (view.meeting.data.metaData || {}).confName || "";
  $("detail-title").textContent = "Meeting " + view.key + (name ? " · " + name : "");
  $("detail-body").replaceChildren(
    el("p", {className: "dim"}, "site " + view.site + ", host " + view.meeting.host),
    el("p", {className: "state", "data-state": view.happened.state}, "state " + view.happened.state +
       " · XML " + view.happened.xmlStatus + (view.happened.runAsScheduled ? " · runs as scheduled" : "")),
    ...instancesSection(view.happened.instances),
    section("GetMeeting answer (as the host would get it now)", xmlView(view.getMeeting)),
    section("Stored data", el("pre", {className: "json"}, JSON.stringify(view.meeting, null, 2))));
}

// -- calls ------------------------------------------------------------------------------------------------------

async function loadCalls(fresh = true) {
  const generation = fresh ? ++state.generation : state.generation;
  const wanted = filters();
  state.applied = JSON.stringify(wanted);
  const page = await getJson("/_mock/journal", {...wanted, limit: FIRST_PAGE});
  if (generation !== state.generation) return;
  state.calls.clear();
  state.lastId = null;
  addCalls(page.entries, false);
  state.total = page.total;
  renderCalls();
}

async function pollCalls() {
  if (JSON.stringify(filters()) !== state.applied) {
    await loadCalls();  // a filter changed (and its input event was missed)
    return true;
  }
  const generation = state.generation;
  const params = {...JSON.parse(state.applied), limit: 200};
  if (state.lastId !== null) params.after = state.lastId;
  const page = await getJson("/_mock/journal", params);
  if (generation !== state.generation) return false;
  if (state.total !== null && page.total < state.total && !page.entries.length) {
    await loadCalls();  // the journal was cleared or the namespace reset
    return true;
  }
  state.total = page.total;
  if (!page.entries.length) return false;
  addCalls(page.entries, true);
  renderCalls();
  return true;
}

function addCalls(entries, fresh) {
  for (const entry of entries) {
    entry.fresh = fresh;
    state.calls.set(entry.id, entry);
    if (state.lastId === null || entry.id > state.lastId) state.lastId = entry.id;
    if (entry.operation) state.operations.add(shortOperation(entry.operation));
  }
  const ids = Array.from(state.calls.keys()).sort((a, b) => a - b);
  for (const id of ids.slice(0, Math.max(0, ids.length - KEPT))) state.calls.delete(id);
}

function badges(entry) {
  const out = [];
  if (Array.isArray(entry.rules) && entry.rules.length) {
    out.push(el("span", {className: "badge rules", title: entry.rules.map((r) => r.reason).join("\n")},
      entry.rules.length + (entry.rules.length === 1 ? " rule" : " rules")));
  }
  if (entry.notes && entry.notes.length) {
    out.push(el("span", {className: "badge notes", title: entry.notes.map((n) => n.kind + ": " + n.text).join("\n")},
      entry.notes.length + (entry.notes.length === 1 ? " note" : " notes")));
  }
  if (entry.fault) out.push(el("span", {className: "badge fault"}, entry.fault));
  if (entry.stub) out.push(el("span", {className: "badge stub"}, entry.stub));
  return out;
}

function callRow(entry) {
  const selected = state.selected && state.selected.kind === "call" && state.selected.id === entry.id;
  const row = el("tr", {className: (selected ? "selected " : "") + (entry.fresh ? "fresh" : ""), "data-id": entry.id,
                        onclick: () => showCall(entry.id)},
    el("td", {className: "num"}, entry.id),
    el("td", {className: "dim num", title: clock(entry.time)}, hms(entry.time),
      mockTime(entry) ? el("small", {className: "mock-time", title: "mock time " + mockTime(entry)}, " ⏱") : null),
    el("td", {className: "op", title: entry.operation || ""}, shortOperation(entry.operation),
      entry.site ? el("small", {}, "@" + entry.site) : null),
    el("td", {className: "dim user", title: entry.user || ""}, entry.user || ""),
    el("td", {}, el("span", {className: "result " + entry.result, title: entry.reason || ""}, entry.result),
      entry.exception_id ? el("small", {}, " " + entry.exception_id) : null),
    el("td", {}, badges(entry)), el("td", {className: "num dim"}, entry.latency_ms.toFixed(1)));
  entry.fresh = false;
  return row;
}

function renderCalls() {
  const entries = Array.from(state.calls.values()).sort((a, b) => b.id - a.id);
  const body = $("call-table").tBodies[0];
  body.replaceChildren(...entries.map(callRow));
  if (!entries.length) body.append(el("tr", {}, el("td", {colSpan: 7, className: "empty"}, "no calls yet")));
  $("call-count").textContent = state.total === null ? "" : state.total + " in the journal" +
    (Object.keys(filters()).length ? " (filtered)" : "");
  const list = $("operations");
  if (list.options.length !== state.operations.size) {
    list.replaceChildren(...Array.from(state.operations).sort().map((name) => el("option", {value: name})));
  }
}

function rulesList(rules) {
  if (!rules.length) return empty("No rule changed this call's data.");
  return el("ol", {className: "rules"}, rules.map((r) => el("li", {"data-rule": r.rule},
    el("div", {}, el("strong", {}, r.reason || r.rule)),
    el("div", {className: "dim"},
      el("code", {}, r.element || ""), " ", r.before === null ? el("em", {className: "dim"}, "(not sent)") : el("span", {className: "before"}, r.before),
      " → ", r.after === null ? el("em", {className: "dim"}, "(removed)") : el("span", {className: "after"}, r.after),
      " · ", r.rule, r.source ? " · " + r.source : ""))));
}

function notesList(notes) {
  return el("ul", {className: "notes"}, notes.map((n) => el("li", {className: n.kind},
    el("span", {className: "badge " + n.kind}, n.kind), " ", n.element ? el("code", {}, n.element) : null, " ", n.text)));
}

function facts(entry) {
  const pairs = [["time", new Date(entry.time * 1000).toLocaleString()], ["mock time", mockTime(entry)],
    ["namespace", entry.namespace],
    ["site", entry.site], ["user", entry.user], ["result", entry.result], ["exceptionID", entry.exception_id],
    ["reason", entry.reason], ["meetingKey", entry.meeting_key], ["HTTP status", entry.http_status],
    ["latency", entry.latency_ms.toFixed(1) + " ms"]];
  return el("dl", {className: "facts"}, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))]));
}

function showCall(id) {
  const entry = state.calls.get(id);
  if (!entry) return;
  state.selected = {kind: "call", id};
  markSelected();
  $("detail-title").textContent = "Call #" + entry.id + " · " + (entry.operation || "?");
  const parts = [facts(entry)];
  if (entry.meeting_key && entry.site) {
    parts.push(el("p", {}, el("button", {type: "button", onclick: () => showMeeting(entry.site, entry.meeting_key)},
      "open meeting " + entry.meeting_key)));
  }
  if (Array.isArray(entry.rules)) parts.push(el("div", {id: "call-rules"}, section("Rules that fired", rulesList(entry.rules))));
  if (entry.fault) parts.push(section("Fault", el("p", {}, "Answered by fault rule ", el("code", {}, entry.fault), ".")));
  if (entry.stub) parts.push(section("Stub", el("p", {}, "Answered by stub ", el("code", {}, entry.stub), ".")));
  parts.push(section("Fidelity notes", entry.notes && entry.notes.length ? notesList(entry.notes)
    : empty("None: the call was answered as documented.")));
  parts.push(section("Request", xmlView(entry.request)));
  parts.push(section("Answer", xmlView(entry.response)));
  $("detail-body").replaceChildren(...parts);
}

function markSelected() {
  for (const row of document.querySelectorAll("tr.selected")) row.classList.remove("selected");
  if (!state.selected) return;
  const selector = state.selected.kind === "call" ? `#call-table tr[data-id="${state.selected.id}"]`
    : `#site-list tr[data-key="${state.selected.id.split("/").pop()}"]`;
  const row = document.querySelector(selector);
  if (row) row.classList.add("selected");
}

// -- the loop -------------------------------------------------------------------------------------------------

async function tick() {
  try {
    const changed = await pollCalls();
    if (changed || ++state.ticks % OVERVIEW_EVERY === 0) await loadOverview();
    liveNow();
  } catch (error) {
    down(error);
  }
  setTimeout(tick, POLL_MS);
}

async function reloadAll() {
  state.selected = null;
  state.shownSites = null;
  $("detail-title").textContent = "Details";
  $("detail-body").replaceChildren(empty("Click a call or a meeting."));
  state.generation++;
  await Promise.all([loadOverview(), loadCalls(false)]);
}

function start() {
  let typing = null;
  const refilter = () => {
    clearTimeout(typing);
    typing = setTimeout(() => loadCalls().catch(down), 250);
  };
  $("filters").addEventListener("input", refilter);
  $("filters").addEventListener("change", refilter);
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); refilter(); });
  $("namespace").addEventListener("change", () => {
    state.namespace = $("namespace").value;
    history.replaceState(null, "", "?namespace=" + encodeURIComponent(state.namespace));
    reloadAll().then(liveNow, down);
  });
  reloadAll().then(liveNow, down).finally(() => setTimeout(tick, POLL_MS));
}

start();
