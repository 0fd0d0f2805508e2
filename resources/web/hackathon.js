/* CoCity Workshop phone page: a hackathon's screens (#19), loaded by phone.js only in a hackathon or on a
   juror's phone. A team's phones register the team, join it by its code and edit its project; a juror's
   phone scores each project per criterion or declares a conflict of interest. Changes go through the
   page's outbox (same idempotency key on every retry); participant text is only ever set with textContent. */
(function () {
  "use strict";
  var P = window.CoCityPhone, $ = P.$, el = P.el, t = P.t, show = P.show, msg = P.msg;
  var mine = null, asked = false, row = "", dirty = false, jv = null, drafts = {}, opened = {}, sheetMsg = {};
  var juror = false, judging = null; // a juror's phone; the judging state the juror's view was last read in
  var TEAM = '<section id="s-team" class="card" hidden aria-labelledby="team-h"><h2 id="team-h" data-t="team_title"></h2>' +
    '<div id="team-new"><form id="team-form" novalidate><h3 data-t="team_register"></h3>' +
    '<label for="team-name" data-t="team_name"></label><input id="team-name" maxlength="60" autocomplete="off">' +
    '<label for="team-ch" data-t="team_challenge"></label><select id="team-ch"></select>' +
    '<label for="team-n" data-t="team_members"></label><input id="team-n" type="number" min="1" max="50" value="3" inputmode="numeric">' +
    '<button class="primary" type="submit" data-t="team_register_btn"></button></form>' +
    '<form id="code-form" novalidate><h3 data-t="team_join"></h3><label for="team-code" data-t="team_code"></label>' +
    '<input id="team-code" autocomplete="off" autocapitalize="characters" spellcheck="false">' +
    '<button type="submit" data-t="team_join_btn"></button></form>' +
    '<p id="team-msg" class="msg" role="status" aria-live="polite"></p></div>' +
    '<div id="team-in" hidden><p id="team-is" class="strong" dir="auto"></p><p class="hint" data-t="team_code_hint"></p>' +
    '<p id="team-show" class="code"></p><form id="proj-form" novalidate><h3 data-t="project_heading"></h3>' +
    '<label for="p-title" data-t="project_title"></label><input id="p-title" maxlength="140" autocomplete="off">' +
    '<label for="p-desc" data-t="project_desc"></label><textarea id="p-desc" rows="4" maxlength="2000"></textarea>' +
    '<label for="p-link" data-t="project_link"></label><input id="p-link" type="url" maxlength="300" autocomplete="off">' +
    '<div id="theirs" class="theirs" hidden><p class="hint" data-t="project_theirs"></p><p id="theirs-t" class="strong" dir="auto"></p>' +
    '<p id="theirs-d" class="d" dir="auto"></p></div><button class="primary" type="submit" data-t="project_save"></button>' +
    '<p id="proj-msg" class="msg" role="status" aria-live="polite"></p></form></div></section>' +
    '<section id="s-projects" class="card" hidden aria-labelledby="projects-h"><h2 id="projects-h" data-t="projects_title"></h2><div id="projects"></div></section>';
  var PITCH = '<section id="s-pitch" class="card pitch" hidden aria-labelledby="pitch-h"><h2 id="pitch-h" data-t="pitch_now"></h2>' +
    '<p id="pitch-team" class="t" dir="auto"></p><p id="pitch-project" dir="auto"></p><p id="pitch-clock" class="clock"></p>' +
    '<p id="pitch-next" class="hint" dir="auto"></p></section>';
  var JURY = '<div id="s-jury" hidden><section id="jury-join" class="card" hidden aria-labelledby="jj-h"><h2 id="jj-h" data-t="jury_join"></h2>' +
    '<form id="jury-form" novalidate><label for="jury-code" data-t="jury_ticket"></label>' +
    '<input id="jury-code" autocomplete="off" autocapitalize="off" spellcheck="false">' +
    '<button class="primary" type="submit" data-t="jury_join"></button><p id="jury-msg" class="msg" role="alert"></p></form></section>' +
    '<section id="jury-head" class="card" hidden aria-labelledby="jury-h"><h2 id="jury-h"></h2><p id="jury-state" class="hint"></p></section>' +
    '<div id="jury-list"></div></div>';

  function strings() {
    return P.api("GET", "/api/strings/" + encodeURIComponent(P.lang()) + "?part=hackathon").then(function (r) { P.add(r.data.strings || {}); });
  }
  function hk() { return P.view.hackathon; }
  function named(list, id) { for (var i = 0; i < (list || []).length; i++) if (list[i].id === id) return list[i]; return null; }
  function challengeTitle(id) { var c = named(hk() && hk().challenges, id); return c ? c.title : ""; }
  function link(parent, href) { // only web addresses (the server checks too), opened without a referrer
    if (!/^https?:\/\//i.test(href || "")) return;
    var p = el("p"), a = el("a", "", href);
    a.href = href; a.rel = "noopener noreferrer"; a.target = "_blank";
    p.appendChild(a); parent.appendChild(p);
  }
  function text(parent, tag, cls, value) { var e = el(tag, cls, value); e.dir = "auto"; parent.appendChild(e); return e; }

  /* ---- the pitch now: the team, its project, the pitch timer (on the server's clock) and who is next ---- */
  function renderPitch() {
    var h = hk(), p = h && h.pitch, team = p && named(h.teams, p.team);
    show("s-pitch", !!team);
    if (!team) return;
    var project = h.projects.filter(function (x) { return x.team === p.team; })[0], next = named(h.teams, p.next);
    $("pitch-team").textContent = team.name;
    $("pitch-project").textContent = project ? project.title : "";
    $("pitch-next").textContent = next ? t("pitch_next", { team: next.name }) : "";
    pitchClock();
  }
  function pitchClock() {
    var h = hk(), p = h && h.pitch;
    if (!p) return;
    var left = p.seconds - (P.now() / 1000 - p.started_at), s = Math.floor(Math.abs(left));
    var time = Math.floor(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
    $("pitch-clock").textContent = left < 0 ? t("time_over", { time: time }) : t("time_left", { time: time });
    $("pitch-clock").className = "clock" + (left < 0 ? " over" : "");
  }

  /* ---- a team's phones ---- */
  function loadTeam() {
    asked = true;
    return P.api("GET", "/api/team").then(function (r) {
      if (r.status === 200) { mine = r.data; row = rowKey(); fillProject(); render(); }
    }, function () { asked = false; });
  }
  function rowKey() { // what the public state says of our team: when it changes, our team view is read again
    var h = hk(), team = mine && mine.team;
    return JSON.stringify([team && named(h.teams, team.id), h.submissions_open]);
  }
  function fillProject() {
    var p = mine && mine.project;
    if (dirty || !p) return;
    $("p-title").value = p.title; $("p-desc").value = p.description; $("p-link").value = p.link;
  }
  function renderTeam() {
    var h = hk(), team = mine && mine.team;
    if (!asked || rowKey() !== row) { row = rowKey(); loadTeam(); }
    show("s-team", !!team || h.submissions_open);
    show("team-new", !team); show("team-in", !!team);
    if (!team) {
      var pick = $("team-ch"), was = pick.value;
      pick.textContent = "";
      h.challenges.forEach(function (c) { var o = el("option", "", c.title); o.value = c.id; pick.appendChild(o); });
      if (was) pick.value = was;
      return;
    }
    $("team-is").textContent = team.name + " \u00b7 " + challengeTitle(team.challenge);
    $("team-show").textContent = team.code ? team.code.slice(0, 3) + " " + team.code.slice(3) : "";
    var form = $("proj-form").elements;
    for (var i = 0; i < form.length; i++) form[i].disabled = !h.submissions_open;
    if (!h.submissions_open) msg("proj-msg", t("submissions_closed"));
  }
  function renderProjects() {
    var h = hk(), box = $("projects");
    show("s-projects", h.projects.length > 0);
    box.textContent = "";
    h.challenges.forEach(function (c) {
      var list = h.projects.filter(function (p) { var tm = named(h.teams, p.team); return tm && tm.challenge === c.id; });
      if (!list.length) return;
      text(box, "h3", "", c.title);
      var ul = el("ul", "ideas");
      list.forEach(function (p) {
        var li = el("li");
        text(li, "p", "t", p.title);
        text(li, "p", "hint", t("by_team", { team: (named(h.teams, p.team) || {}).name || "" }));
        if (p.description) text(li, "p", "d", p.description);
        link(li, p.link);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
  }
  function register(ev) {
    ev.preventDefault();
    var name = $("team-name").value.trim();
    if (!name) { $("team-name").focus(); return; }
    P.queue({ kind: "team", key: P.newKey(), path: "/api/teams", body: { name: name, challenge: +$("team-ch").value, members: +$("team-n").value || 1 } });
  }
  function joinTeam(ev) {
    ev.preventDefault();
    P.queue({ kind: "team", key: P.newKey(), path: "/api/teams/join", body: { code: $("team-code").value } });
  }
  function saveProject(ev) {
    ev.preventDefault();
    var p = mine && mine.project;
    msg("proj-msg", t("project_saving"));
    P.queue({ kind: "project", key: P.newKey(), path: "/api/project", body: {
      title: $("p-title").value, description: $("p-desc").value, link: $("p-link").value.trim(), base_version: p ? p.version : 0 } });
  }

  /* ---- a juror's phone ---- */
  function juryStart() {
    juror = true;
    P.show("s-join", false); P.show("s-main", false); show("s-jury", true);
    var found = location.hash.match(/[#&]j=([A-Za-z0-9_-]+)/);
    if (found) { history.replaceState(null, "", location.pathname); if (!P.jury()) { $("jury-code").value = found[1]; joinJury(); return; } }
    if (P.jury()) loadJury(); else show("jury-join", true);
  }
  function joinJury(ev) {
    if (ev) ev.preventDefault();
    var key = P.read("cocity.jkey") || P.newKey(); // the same key on every retry: one ticket, one phone
    P.write("cocity.jkey", key);
    msg("jury-msg", "");
    P.api("POST", "/api/jury/join", { ticket: $("jury-code").value.replace(/\s+/g, "") }, { "Idempotency-Key": key }).then(function (r) {
      if (r.status !== 201) { show("jury-join", true); msg("jury-msg", r.data.message || t("error"), true); return; }
      P.write("cocity.jkey", null); P.jury(r.data.token); show("jury-join", false);
      loadJury(); P.openEvents();
    }, function () { show("jury-join", true); msg("jury-msg", t("reconnecting"), true); });
  }
  function loadJury() {
    return P.api("GET", "/api/jury").then(function (r) {
      if (r.status === 401) { P.jury(null); jv = null; show("jury-head", false); $("jury-list").textContent = ""; show("jury-join", true); return; }
      if (r.status !== 200) return;
      if (!jv) P.openEvents();
      jv = r.data; renderJury();
    }, function () { P.net(t("reconnecting")); setTimeout(loadJury, 3000); });
  }
  function sheetOf(id) { for (var i = 0; i < jv.sheets.length; i++) if (jv.sheets[i].project === id) return jv.sheets[i]; return null; }
  function renderJury() {
    if (!jv) return;
    var h = hk(), state = jv.judging, list = $("jury-list"), scoring = state === "open";
    if (h && judging !== h.judging) { judging = h.judging; if (h.judging !== state) { loadJury(); return; } } // opened or closed
    show("jury-head", true);
    $("jury-h").textContent = t("juror", { n: jv.juror });
    $("jury-state").textContent = t(scoring ? "judging_open" : state === "closed" ? "judging_closed" : "judging_not_started");
    list.textContent = "";
    jv.projects.forEach(function (p) {
      var saved = sheetOf(p.id) || { scores: {}, comment: "" }, draft = drafts[p.id] || saved;
      var conflicted = jv.conflicts.indexOf(p.team) >= 0, done = Object.keys(saved.scores).length;
      var card = el("details", "card sheet"), sum = el("summary");
      card.open = !!opened[p.id];
      card.addEventListener("toggle", function () { opened[p.id] = card.open; });
      text(sum, "span", "t", p.title);
      sum.appendChild(el("span", "badge", conflicted ? t("conflict_badge") : done ? t("scored", { done: done, all: jv.criteria.length }) : t("not_scored")));
      card.appendChild(sum);
      text(card, "p", "hint", t("by_team", { team: p.team_name }) + (challengeTitle(p.challenge) ? " \u00b7 " + challengeTitle(p.challenge) : ""));
      if (p.description) text(card, "p", "d", p.description);
      link(card, p.link);
      var check = el("label", "check"), box = el("input");
      box.type = "checkbox"; box.checked = conflicted; box.disabled = state === "closed";
      box.addEventListener("change", function () {
        P.queue({ kind: "conflict", key: P.newKey(), path: "/api/jury/conflicts", body: { team: p.team, conflicted: box.checked } });
      });
      check.appendChild(box); check.appendChild(el("span", "", t("conflict_label")));
      card.appendChild(check);
      var form = el("form"), fields = [];
      form.noValidate = true;
      jv.criteria.forEach(function (c) {
        var id = "sc-" + p.id + "-" + c.id, label = el("label", "", t("criterion_label", { name: c.name, weight: c.weight, low: c.min, high: c.max }));
        label.htmlFor = id; label.dir = "auto";
        var pick = el("select"), none = el("option", "", t("no_score"));
        pick.id = id; none.value = ""; pick.appendChild(none);
        for (var v = c.min; v <= c.max; v++) { var o = el("option", "", String(v)); o.value = v; pick.appendChild(o); }
        pick.value = draft.scores[c.id] !== undefined ? String(draft.scores[c.id]) : "";
        fields.push([c.id, pick]);
        form.appendChild(label); form.appendChild(pick);
        if (c.description) text(form, "p", "hint", c.description);
      });
      var note = el("label", "", t("comment_label")), area = el("textarea");
      note.htmlFor = area.id = "cm-" + p.id; area.rows = 2; area.maxLength = 1000; area.value = draft.comment;
      form.appendChild(note); form.appendChild(area);
      var keep = function () { drafts[p.id] = collect(fields, area); };
      form.addEventListener("change", keep); area.addEventListener("input", keep);
      var save = el("button", "primary", t("sheet_save")), status = el("p", "msg", sheetMsg[p.id] || "");
      save.type = "submit"; status.setAttribute("role", "status");
      form.appendChild(save); form.appendChild(status);
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var sheet = collect(fields, area);
        sheetMsg[p.id] = t("sheet_saving"); status.textContent = sheetMsg[p.id];
        P.queue({ kind: "sheet", key: P.newKey(), path: "/api/jury/sheets", body: { project: p.id, scores: sheet.scores, comment: sheet.comment } });
      });
      for (var i = 0; i < form.elements.length; i++) form.elements[i].disabled = !scoring || conflicted;
      card.appendChild(form);
      list.appendChild(card);
    });
  }
  function collect(fields, area) {
    var scores = {};
    fields.forEach(function (f) { if (f[1].value !== "") scores[f[0]] = +f[1].value; });
    return { scores: scores, comment: area.value };
  }

  /* ---- answers from the outbox ---- */
  function done(item, r) {
    var ok = r.status === 200 || r.status === 201, bad = r.data.message || t("error");
    if (item.kind === "team") {
      if (ok) { msg("team-msg", ""); loadTeam(); } else msg("team-msg", bad, true);
    } else if (item.kind === "project") {
      if (ok) { dirty = false; show("theirs", false); msg("proj-msg", t("project_saved")); loadTeam(); return; }
      msg("proj-msg", bad, true);
      if (r.status === 409) P.api("GET", "/api/team").then(function (a) { // a teammate saved: show theirs, keep ours
        var p = a.data.project;
        if (!p) return;
        mine = a.data; show("theirs", true); $("theirs-t").textContent = p.title; $("theirs-d").textContent = p.description;
      });
    } else if (item.kind === "sheet") {
      var id = item.body.project;
      sheetMsg[id] = ok ? t("sheet_saved") : bad;
      if (ok) delete drafts[id];
      loadJury();
    } else if (item.kind === "conflict") {
      loadJury();
    }
  }

  function render() {
    renderPitch();
    if (juror) { renderJury(); return; }
    var h = hk();
    show("s-team", false); show("s-projects", false);
    if (!h || !P.token()) return;
    renderTeam(); renderProjects();
  }

  document.querySelector("#s-main .phase").insertAdjacentHTML("afterend", TEAM);
  $("main").insertAdjacentHTML("beforeend", JURY);
  $("main").insertAdjacentHTML("afterbegin", PITCH);
  setInterval(pitchClock, 1000);
  $("team-form").addEventListener("submit", register);
  $("code-form").addEventListener("submit", joinTeam);
  $("proj-form").addEventListener("submit", saveProject);
  $("proj-form").addEventListener("input", function () { dirty = true; });
  $("jury-form").addEventListener("submit", joinJury);
  P.ready({ render: render, done: done, strings: strings });
  if (P.jury() || /[#&]j=/.test(location.hash)) juryStart();
})();
