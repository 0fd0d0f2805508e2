/* CoCity Workshop projector page: read-only, behind its own secret. Participant text only via textContent. */
(function () {
  "use strict";
  var base = location.pathname.replace(/\/?$/, "/");
  var S = {}, lang = "en", plurals = null, numbers = null, view = { at: 0 }, events = null, others = {};
  var skew = 0; // the server's clock minus this screen's, in ms (from the state's "now")
  var hackathonWords = false; // the hackathon part of the words, once fetched

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  function fmt(s, v) { return String(s).replace(/\{(\w+)\}/g, function (m, k) { return v && k in v ? v[k] : m; }); }
  function t(k, v) { return fmt(S[k] || k, v); }
  function tn(k, n, v) { // one form per CLDR category; Intl.PluralRules picks it; the count in CLDR's digits
    var f = S[k] || {};
    return fmt(f[plurals ? plurals.select(n) : (n === 1 ? "one" : "other")] || f.other || k, Object.assign({ n: number(n) }, v));
  }
  function number(n) { return numbers ? numbers.format(n) : String(n); }
  function get(path) { return fetch(path, { cache: "no-store", credentials: "same-origin" }).then(function (r) { return r.json(); }); }
  function named(list, id) { for (var i = 0; i < (list || []).length; i++) if (list[i].id === id) return list[i]; return null; }
  /* A hackathon's pitch takes the wall: the team, its project, the pitch timer (started on the server's
     clock) and who pitches next. The words come from the page's hackathon part, fetched once. */
  function renderPitch() {
    var h = view.hackathon, p = h && h.pitch, team = p && named(h.teams, p.team);
    $("pitch").hidden = !team;
    if (!team) return false;
    if (!hackathonWords) {
      hackathonWords = true;
      get("/api/strings/" + encodeURIComponent(lang) + "?part=hackathon").then(function (s) {
        for (var k in s.strings) S[k] = s.strings[k];
        render();
      }, function () { hackathonWords = false; });
    }
    var project = h.projects.filter(function (x) { return x.team === p.team; })[0], next = named(h.teams, p.next);
    $("wall-title").textContent = t("pitch_now");
    $("pitch-team").textContent = team.name;
    $("pitch-project").textContent = project ? project.title : "";
    $("pitch-next").textContent = next ? t("pitch_next", { team: next.name }) : "";
    pitchClock();
    return true;
  }
  function pitchClock() {
    var p = view.hackathon && view.hackathon.pitch;
    if (!p) return;
    var left = p.seconds - ((Date.now() + skew) / 1000 - p.started_at), s = Math.floor(Math.abs(left));
    var time = Math.floor(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
    $("pitch-clock").textContent = left < 0 ? t("time_over", { time: time }) : t("time_left", { time: time });
    $("pitch-clock").className = "clock pc" + (left < 0 ? " over" : "");
  }

  function serverNow() { return (Date.now() + skew) / 1000; }
  function duration(seconds) { // m:ss, h:mm:ss from an hour; seconds left rounded up, over time down (as the app)
    var s = seconds >= 0 ? Math.ceil(seconds) : Math.floor(-seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (sec < 10 ? "0" : "") + sec;
  }
  function clockText() {
    var p = view.phase;
    if (!p) return "";
    // "remaining" was counted when the status was built (server_time): a frame caught up later is not stale.
    var since = typeof view.server_time === "number" ? serverNow() - view.server_time : (Date.now() - view.at) / 1000;
    var left = p.remaining - (p.paused ? 0 : Math.max(0, since)), over = left < 0;
    $("phase-clock").className = "clock" + (over ? " over" : "");
    var time = duration(left);
    return (p.paused ? t("paused") + " \u00b7 " : "") + (over ? t("time_over", { time: time }) : t("time_left", { time: time }));
  }
  function renderVoteClock() { // the open round's countdown, a warning in its last minute
    var round = view.round, box = $("vote-clock");
    var on = !!(round && round.state === "open" && typeof round.ends_at === "number");
    box.hidden = !on;
    if (!on) return;
    var left = Math.max(0, round.ends_at - serverNow()), time = duration(left);
    box.className = "vote-clock" + (left <= 60 ? " warn" : "");
    box.textContent = left > 60 ? t("vote_ends_in", { time: time }) : left > 0 ? t("vote_last_minute", { time: time })
      : round.closes_itself ? t("vote_closing") : t("vote_time_up");
  }
  function title(id) {
    var list = view.ideas || [];
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i].title;
    return "#" + id;
  }
  function render() {
    if (!view.workshop) return;
    $("title").textContent = view.workshop.title; document.title = view.workshop.title;
    $("phase-title").textContent = view.phase ? view.phase.title : (view.finished ? t("thanks_title") : t("waiting_start"));
    $("phase-clock").textContent = clockText();
    $("joined").textContent = tn("joined", view.joining.joined) + (view.joining.open ? "" : " \u00b7 " + t("joining_closed_short"));
    $("connected").textContent = view.room ? tn("connected", view.room.connected) : "";
    var round = view.round, tally = view.tally, pitching = renderPitch();
    var showTally = !pitching && !!(tally && round && round.results_public && tally.round === round.id);
    var voting = !pitching && !!(round && round.state === "open"), vote = view.room && view.room.vote;
    var counted = voting && vote && vote.round === round.id;
    // While a round is open: "Vote now" with how many have voted; the tally only if the round's results are live.
    $("vote-count").hidden = !counted; $("vote-call").hidden = !voting || showTally;
    $("vote-count").textContent = counted ? tn("voted", vote.voted, { m: number(vote.of) }) : "";
    renderVoteClock();
    $("results").hidden = !showTally; $("ideas").hidden = showTally || voting || pitching;
    // The QR code is large while people join, steps back while they vote and goes during a reveal.
    document.body.classList.toggle("voting", voting && !showTally);
    document.body.classList.toggle("results", showTally);
    document.body.classList.toggle("closed", !view.joining.open);
    if (pitching) return; // a hackathon's pitch has the wall, its title too
    $("wall-title").textContent = showTally ? t("results_title", { round: round.title })
      : voting ? t("vote_title", { round: round.title }) : t("ideas_title");
    $("wall-title").dir = "auto";
    if (showTally) {
      var list = $("results"), max = 1;
      list.textContent = "";
      tally.ideas.forEach(function (r) { max = Math.max(max, r.dots); });
      tally.ideas.forEach(function (r) {
        var li = el("li"), row = el("div", "row"), name = el("span", "", title(r.id));
        name.dir = "auto";
        row.appendChild(name); row.appendChild(el("span", "n", tn("dots", r.dots)));
        var wrap = el("div", "barwrap"), bar = el("div", "bar");
        bar.style.width = Math.round(100 * r.dots / max) + "%";
        wrap.appendChild(bar); li.appendChild(row); li.appendChild(wrap); list.appendChild(li);
      });
    } else {
      var ideas = $("ideas");
      ideas.textContent = "";
      (view.ideas || []).slice().reverse().forEach(function (idea) {
        var li = el("li"), head = el("p", "t", idea.title);
        head.dir = "auto"; li.appendChild(head);
        if (idea.theme) li.appendChild(el("span", "theme", idea.theme));
        if (idea.description) { var d = el("p", "d", idea.description); d.dir = "auto"; li.appendChild(d); }
        (idea.photos || []).forEach(function (id) { var img = el("img"); img.src = base + "photos/" + id; img.alt = ""; li.appendChild(img); });
        ideas.appendChild(li);
      });
    }
  }
  function apply(data) { for (var k in data) view[k] = data[k]; if ("phase" in data) view.at = Date.now(); render(); }
  function listen() {
    events = new EventSource(base + "events");
    ["status", "ideas", "tally", "room", "hackathon"].forEach(function (name) { events.addEventListener(name, function (e) { apply(JSON.parse(e.data)); }); });
    events.onerror = function () { if (events.readyState === 2) setTimeout(listen, 3000); };
  }
  function boot() {
    get(base + "state").then(function (state) {
      lang = state.workshop.language || "en";
      $("qr").src = base + "qr.png";
      $("short").textContent = state.short_url.replace(/^http:\/\//, "");
      return get("/api/strings/" + lang).then(function (s) {
        S = s.strings; lang = s.lang;
        var root = document.documentElement;
        root.lang = s.tag || s.lang; root.dir = s.dir === "rtl" ? "rtl" : "ltr";
        try { plurals = new Intl.PluralRules(root.lang); } catch (e) { plurals = null; }
        // Latin digits in every language, as the app and the report write them (Babel's CLDR default).
        try { numbers = new Intl.NumberFormat(root.lang, { numberingSystem: "latn" }); } catch (e) { numbers = null; }
        roomLanguages(state.room_languages);
        var nodes = document.querySelectorAll("[data-t]");
        for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute("data-t"));
        $("qr").alt = t("scan_to_join");
        if (typeof state.now === "number") skew = state.now * 1000 - Date.now();
        apply(state); listen();
      });
    }, function () { setTimeout(boot, 2000); });
  }
  function roomLanguages(codes) { // the join instructions in each other language the room's phones use
    var box = $("also");
    (codes || []).forEach(function (code) {
      if (code === lang || others[code]) return;
      others[code] = true;
      get("/api/strings/" + encodeURIComponent(code)).then(function (s) {
        var p = el("p", "also-line", s.strings.scan_to_join + " \u00b7 " + s.strings.or_type);
        p.lang = s.tag || s.lang; p.dir = s.dir === "rtl" ? "rtl" : "ltr";
        box.appendChild(p);
      }, function () { others[code] = false; });
    });
  }
  setInterval(function () { if (view.phase) $("phase-clock").textContent = clockText(); if (view.round) renderVoteClock(); pitchClock(); }, 1000);
  setInterval(function () { get(base + "state").then(function (st) { roomLanguages(st.room_languages); }, function () {}); }, 20000);
  boot();
})();
