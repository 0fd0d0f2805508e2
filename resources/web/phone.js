/* CoCity Workshop phone page. Plain script, no framework, no external request.
   Participant text is only ever set with textContent. Changes wait in a localStorage outbox with their
   idempotency key and are retried with backoff and jitter until the server confirms them. A photo waiting to
   be sent keeps its bytes in IndexedDB (localStorage is too small) and has its own lane with the same backoff. */
(function () {
  "use strict";

  var KEY = { token: "cocity.token", lang: "cocity.lang", outbox: "cocity.outbox", ballot: "cocity.ballot", join: "cocity.join", next: "cocity.next" };
  var secret = location.pathname.split("/")[2] || "";
  var S = {}, lang = "en", plurals = null, languages = [{ code: "en", name: "English" }];
  var token = read(KEY.token), me = null, ticket = "";
  var jury = read("cocity.jury"), hx = null, hxLoading = false, clocked = false; // juror's token; hackathon.js
  var view = { status: null, ideas: [], tally: null, at: 0 };
  var skew = 0; // the server's clock minus this phone's, in ms (from the state's "now"): countdowns agree with the room's
  var choice = read(KEY.ballot) || { round: null, dots: {} };
  var acked = null; // the allocation the server last confirmed, as JSON text
  var outbox = read(KEY.outbox) || [];
  var sending = null, attempt = 0, resent = false, retryTimer = null, debounce = null, events = null;
  var PHOTOS_KEPT = 4; // at most this many pending photos in IndexedDB; more wait in memory only
  var photos = []; // pending photos: { key, item (the idea's outbox entry), idea (its id once saved), blob, loose }
  var photoSending = null, photoAttempt = 0, photoResent = false, photoTimer = null, shelf = null, shelfQueue = Promise.resolve();
  var ideaText = ["", false];

  function $(id) { return document.getElementById(id); }
  function read(k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } }
  function write(k, v) { try { if (v === null) localStorage.removeItem(k); else localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* storage full: keep in memory */ } }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(s, vars) {
    return String(s).replace(/\{(\w+)\}/g, function (m, k) { return vars && k in vars ? vars[k] : m; });
  }
  function t(k, vars) { return fmt(S[k] || k, vars); }
  function tn(k, n, vars) {
    var forms = S[k] || {}, v = { n: n }; // one form per CLDR category; Intl.PluralRules picks it
    var text = forms[plurals ? plurals.select(n) : (n === 1 ? "one" : "other")] || forms.other || k;
    for (var x in vars || {}) v[x] = vars[x];
    return fmt(text, v);
  }
  function newKey() {
    var b = new Uint8Array(16), s = "";
    crypto.getRandomValues(b);
    for (var i = 0; i < b.length; i++) s += (b[i] + 256).toString(16).slice(1);
    return s;
  }
  function show(id, on) { $(id).hidden = !on; }
  function msg(id, text, bad) { var m = $(id); m.textContent = text || ""; m.className = "msg" + (bad ? " bad" : ""); }
  function ideaMsg(text, bad) { // while a photo waits in memory only, every idea message says so
    if (text !== undefined) ideaText = [text, bad];
    var loose = photos.some(function (p) { return p.loose; });
    msg("idea-msg", loose ? (ideaText[0] ? ideaText[0] + " " : "") + t("photo_not_kept") : ideaText[0], ideaText[1] || loose);
  }

  function api(method, path, body, extra) {
    var headers = { "X-Workshop-Client": "1", "X-Workshop-Lang": lang };
    if (token) headers["X-Workshop-Token"] = token;
    if (jury) headers["X-Jury-Token"] = jury;
    if (body !== undefined && !(body instanceof Blob)) { headers["Content-Type"] = "application/json"; body = JSON.stringify(body); }
    if (body instanceof Blob) headers["Content-Type"] = body.type || "image/jpeg";
    for (var h in extra || {}) headers[h] = extra[h];
    var ctl = new AbortController(), timer = setTimeout(function () { ctl.abort(); }, 15000);
    return fetch(path, { method: method, headers: headers, body: body, credentials: "same-origin", signal: ctl.signal, cache: "no-store" })
      .then(function (r) {
        clearTimeout(timer);
        var said = Date.parse(r.headers.get("Date")); // the server's clock until a state's "now" (jurors read none)
        if (said && !clocked) skew = said - Date.now();
        return r.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
          return { status: r.status, data: data || {} };
        });
      }, function (e) { clearTimeout(timer); throw e; });
  }

  function net(text) { var n = $("net"); n.textContent = text || ""; n.hidden = !text; }

  /* ---- language ---- */
  function pickLanguage() { // the phone's saved choice, else the browser's list: the server takes the first it speaks
    var saved = read(KEY.lang);
    if (saved) return saved;
    var asked = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
    return Array.prototype.slice.call(asked, 0, 10).join(",");
  }
  function loadStrings(code) {
    return api("GET", "/api/strings/" + encodeURIComponent(code)).then(function (r) {
      S = r.data.strings || {}; lang = r.data.lang || "en"; languages = r.data.languages || languages;
      var root = document.documentElement;
      root.lang = r.data.tag || lang; root.dir = r.data.dir === "rtl" ? "rtl" : "ltr";
      try { plurals = new Intl.PluralRules(root.lang); } catch (e) { plurals = null; }
      if (hx) return hx.strings().then(applyStrings);
      applyStrings();
    });
  }
  function applyStrings() {
    var nodes = document.querySelectorAll("[data-t]");
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute("data-t"));
    var pick = $("lang");
    pick.setAttribute("aria-label", t("language"));
    pick.textContent = "";
    languages.forEach(function (l) { // every language, each named in itself
      var o = el("option", "", l.name);
      o.value = l.code; o.lang = l.tag || l.code; o.selected = l.code === lang;
      pick.appendChild(o);
    });
    render();
  }
  function switchLanguage() { var code = $("lang").value; write(KEY.lang, code); loadStrings(code).then(render, function () {}); }

  /* ---- joining ---- */
  function showJoin() {
    show("s-join", true); show("s-main", false);
    $("ticket-box").hidden = !ticket && !$("ticket").value;
    if (ticket) $("ticket").value = ticket;
  }
  function join(ev) {
    ev.preventDefault();
    var button = $("join-btn");
    button.disabled = true; msg("join-msg", t("joining"));
    var code = ($("ticket").value || ticket || "").replace(/\s+/g, "");
    var joinKey = read(KEY.join) || newKey();  /* the same key on every retry: one phone, one participant */
    write(KEY.join, joinKey);
    var body = code ? { ticket: code } : {};
    if (read(KEY.next)) body.next_after = read(KEY.next); /* shared device: the person before hands it on */
    api("POST", "/w/" + secret + "/join", body, { "Idempotency-Key": joinKey }).then(function (r) {
      button.disabled = false;
      if (r.status === 201) {
        token = r.data.token; write(KEY.token, token); write(KEY.join, null); write(KEY.next, null); msg("join-msg", "");
        start();
      } else {
        if (r.data.ticket) $("ticket-box").hidden = false;
        msg("join-msg", r.data.message || t("error"), true);
      }
    }, function () { button.disabled = false; msg("join-msg", t("reconnecting"), true); });
  }

  /* Shared-device mode: once this person's vote is saved and nothing waits to be sent, the device starts
     afresh for the next person, who reads the notice and joins as a new anonymous participant. */
  function nextPerson() {
    if (outbox.length || photos.length || !token) return;
    write(KEY.next, token);
    [KEY.token, KEY.ballot, KEY.join, KEY.outbox, KEY.lang].forEach(function (k) { write(k, null); });
    location.reload();
  }

  function start() {
    api("GET", "/api/me").then(function (r) {
      if (r.status === 401) { token = null; write(KEY.token, null); showJoin(); return; }
      if (r.status !== 200) { setTimeout(start, 2000); return; }
      me = r.data;
      show("s-join", false); show("s-main", true);
      refresh();
      openEvents();
      loadPhotos();
      flush();
    }, function () { net(t("reconnecting")); setTimeout(start, 2000); });
  }

  function refresh() {
    return api("GET", "/api/state").then(function (r) {
      if (r.status !== 200) return;
      var d = r.data;
      view.status = d; view.ideas = d.ideas || []; view.tally = d.tally; view.hackathon = d.hackathon; view.at = Date.now();
      if (typeof d.now === "number") { skew = d.now * 1000 - Date.now(); clocked = true; }
      var mine = d.my_ballot;
      if (mine && d.round && mine.round === d.round.id) {
        acked = JSON.stringify(sorted(mine.dots));
        if (choice.round !== mine.round || !pendingBallot(mine.round)) { choice = { round: mine.round, dots: mine.dots }; write(KEY.ballot, choice); }
      }
      render();
    }, function () {});
  }

  function openEvents() {
    if (events) events.close();
    events = new EventSource("/api/events");
    events.addEventListener("status", function (e) { var s = JSON.parse(e.data); view.status = s; view.at = Date.now(); render(); });
    events.addEventListener("ideas", function (e) { view.ideas = JSON.parse(e.data).ideas; renderVote(); renderResults(); renderIdeas(); });
    events.addEventListener("tally", function (e) { view.tally = JSON.parse(e.data).tally; renderResults(); });
    events.addEventListener("hackathon", function (e) { view.hackathon = JSON.parse(e.data).hackathon; hackathon(); });
    events.onopen = function () { net(""); attempt = photoAttempt = 0; flush(); flushPhotos(); };
    events.onerror = function () {
      net(t("reconnecting"));
      if (events.readyState === 2) { setTimeout(jury ? openEvents : start, 3000); }
    };
  }

  /* ---- the outbox ---- */
  function save() { write(KEY.outbox, outbox); }
  function pendingBallot(round) {
    for (var i = 0; i < outbox.length; i++) if (outbox[i].kind === "ballot" && outbox[i].round === round) return true;
    return false;
  }
  function queue(item) { outbox.push(item); save(); flush(); }
  function flush() {
    if (sending || !outbox.length || !(token || jury)) return;
    clearTimeout(retryTimer);
    var item = outbox[0];
    sending = item.key;
    api("POST", item.path, item.body, { "Idempotency-Key": item.key }).then(function (r) {
      sending = null;
      if (again(r)) { retry(); return; }
      outbox = outbox.filter(function (o) { return o.key !== item.key; }); save();
      attempt = 0; resent = false;
      done(item, r);
      flush();
    }, function (e) {
      sending = null;
      if (resendAtOnce(e, resent)) { resent = true; flush(); return; }
      retry();
    });
  }
  /* A request that failed with no answer on a connection that had worked (the server closed an idle
     keep-alive socket under it) is sent again at once, once, with the same key; after that, backoff. */
  function resendAtOnce(e, already) { return !already && !(e && e.name === "AbortError") && navigator.onLine !== false; }
  function again(r) { // not an answer yet: the same request is sent again later
    return r.status >= 500 || r.status === 429 || r.status === 408 || (r.status === 409 && r.data.error === "in_flight");
  }
  function backoff(n) { return 250 + Math.random() * Math.min(15000, 500 * Math.pow(2, n)); } // full jitter, so phones do not all come back at once
  function retry() {
    attempt += 1;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, backoff(attempt));
    if (outbox.some(function (o) { return o.kind === "idea"; })) ideaMsg(t("idea_queued"));
    renderVoteStatus();
  }
  function done(item, r) {
    if (item.kind === "ballot") {
      if (r.status === 200) { if (!pendingBallot(item.round)) acked = JSON.stringify(sorted(r.data.dots)); }
      else if (r.status === 401) { token = null; write(KEY.token, null); showJoin(); }
      else { msgVote(r.data.message || t("error")); refresh(); }
      renderVote();
    } else if (item.kind === "idea") {
      if (r.status === 201) {
        ideaMsg(r.data.status === "pending" ? t("idea_pending") : t("idea_sent"));
        linkPhotos(item.key, r.data.idea);
      } else {
        photos.filter(function (p) { return p.item.key === item.key; }).forEach(dropPhoto);
        ideaMsg(r.data.message || t("error"), true);
      }
    } else if (item.kind === "profile") {
      msg("profile-msg", r.status === 200 ? t("saved") : (r.data.message || t("error")), r.status !== 200);
    } else if (hx) hx.done(item, r);
  }

  /* ---- pending photos: in memory, with their bytes in IndexedDB when it can keep them ---- */
  function nothing() {}
  function inOrder(step) { // one IndexedDB change at a time, in the order asked, so a delete never overtakes its put
    var run = shelfQueue.then(step);
    shelfQueue = run.then(null, nothing);
    return run;
  }
  function tx(mode, work) { // resolves with the result of work's request once the transaction is committed
    shelf = shelf || new Promise(function (ok, fail) {
      var open = indexedDB.open("cocity", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("photos", { keyPath: "key" }); };
      open.onsuccess = function () { ok(open.result); };
      open.onerror = open.onblocked = function () { fail(open.error); };
    });
    return shelf.then(function (db) {
      return new Promise(function (ok, fail) {
        var x = db.transaction("photos", mode), req = work(x.objectStore("photos"));
        x.oncomplete = function () { ok(req && req.result); };
        x.onabort = function () { fail(x.error); };
      });
    });
  }
  function addPhoto(item, file) {
    var p = { key: newKey(), item: item, idea: null, blob: file, loose: false }, kept = false;
    photos.push(p);
    inOrder(function () {
      return new Response(file).arrayBuffer().then(function (data) { // the bytes now: a picked file may not be readable later
        p.blob = new Blob([data], { type: file.type || "image/jpeg" });
        return tx("readwrite", function (store) {
          var keys = store.getAllKeys();
          keys.onsuccess = function () {
            if (keys.result.length >= PHOTOS_KEPT) return;
            kept = true;
            store.put({ key: p.key, item: p.item, idea: p.idea, type: p.blob.type, data: data });
          };
        });
      });
    }).then(function () { if (!kept) throw new Error("full"); }).then(null, function () {
      if (photos.indexOf(p) < 0) return; // already sent
      p.loose = true; // no IndexedDB, quota exceeded or too many waiting: this one lasts only as long as the page
      ideaMsg();
    });
  }
  function linkPhotos(itemKey, idea) {
    photos.forEach(function (p) {
      if (p.item.key !== itemKey) return;
      p.idea = idea;
      inOrder(function () {
        return tx("readwrite", function (store) {
          var got = store.get(p.key);
          got.onsuccess = function () { if (got.result) { got.result.idea = idea; store.put(got.result); } };
        });
      }).then(null, nothing); // not kept: it waits in memory
    });
    flushPhotos();
  }
  function dropPhoto(p) {
    photos = photos.filter(function (o) { return o !== p; });
    inOrder(function () { return tx("readwrite", function (store) { return store.delete(p.key); }); }).then(null, nothing);
  }
  function loadPhotos() { // after a reload: the photos an earlier page could not send
    inOrder(function () { return tx("readonly", function (store) { return store.getAll(); }); }).then(function (kept) {
      kept.forEach(function (k) {
        if (photos.some(function (p) { return p.key === k.key; })) return;
        photos.push({ key: k.key, item: k.item, idea: k.idea, blob: new Blob([k.data], { type: k.type }), loose: false, waited: true });
        // Its idea was answered but the page closed before the answer reached IndexedDB: the same key
        // gets the same answer again (the server keeps it), which links the photo.
        if (!k.idea && !outbox.some(function (o) { return o.key === k.item.key; })) queue(k.item);
      });
      flushPhotos();
    }, nothing); // no IndexedDB: nothing was kept
  }
  function flushPhotos() {
    var p = photos.filter(function (o) { return o.idea; })[0];
    if (photoSending || !p || !token) return;
    clearTimeout(photoTimer);
    photoSending = p.key;
    api("POST", "/api/ideas/" + p.idea + "/photo", p.blob, { "Idempotency-Key": p.key }).then(function (r) {
      photoSending = null;
      if (again(r)) { photoRetry(p); return; }
      dropPhoto(p); // stored, or refused for good (too large, not a photo, not this phone's idea...)
      photoAttempt = 0; photoResent = false;
      if (r.status !== 201) ideaMsg(r.data.message || t("photo_failed"), true);
      else if (p.waited) ideaMsg(t("photo_sent"));
      else ideaMsg();
      flushPhotos();
    }, function (e) {
      photoSending = null;
      if (resendAtOnce(e, photoResent)) { photoResent = true; flushPhotos(); return; }
      photoRetry(p);
    });
  }
  function photoRetry(p) {
    photoAttempt += 1;
    p.waited = true;
    clearTimeout(photoTimer);
    photoTimer = setTimeout(flushPhotos, backoff(photoAttempt));
    ideaMsg(t("photo_queued"));
  }

  /* ---- voting ---- */
  function sorted(dots) {
    var out = {};
    Object.keys(dots || {}).sort().forEach(function (k) { if (dots[k] > 0) out[k] = dots[k]; });
    return out;
  }
  function spent() { var n = 0; for (var k in choice.dots) if (!view.ideas.length || shownIdea(+k)) n += choice.dots[k]; return n; }
  function tap(idea, delta) {
    var round = view.status && view.status.round;
    if (!round || round.state !== "open") return;
    if (choice.round !== round.id) choice = { round: round.id, dots: {} };
    var now = choice.dots[idea] || 0, next = now + delta;
    if (next < 0) return;
    if (delta > 0 && next > round.max_per_idea) { msgVote(tn("cap", round.max_per_idea)); return; }
    if (delta > 0 && spent() >= round.dots) { msgVote(t("no_dots_left")); return; }
    choice.dots[idea] = next; write(KEY.ballot, choice);
    clearTimeout(debounce);
    debounce = setTimeout(sendBallot, 400);
    renderVote();
  }
  function sendBallot() {
    var round = choice.round;
    if (view.ideas.length) Object.keys(choice.dots).forEach(function (k) { if (!shownIdea(+k)) delete choice.dots[k]; });
    outbox = outbox.filter(function (o) { return !(o.kind === "ballot" && o.round === round && o.key !== sending); });
    queue({ kind: "ballot", round: round, key: newKey(), path: "/api/ballot", body: { round: round, dots: sorted(choice.dots) } });
    renderVoteStatus();
  }
  // At large text sizes the line above the ballot (dots left, saved) would cover much of the screen:
  // then it scrolls away with the page instead of staying on top.
  function fitSticky() {
    var bar = document.querySelector("#s-vote .sticky");
    if (bar) bar.classList.toggle("tall", bar.offsetHeight > window.innerHeight * 0.2);
  }
  window.addEventListener("resize", fitSticky);
  function msgVote(text) { var s = $("vote-status"); s.textContent = text; s.className = "vote-status waiting"; }
  function renderVoteStatus() {
    var s = $("vote-status"), round = view.status && view.status.round;
    if (!round || choice.round !== round.id) return;
    var mine = JSON.stringify(sorted(choice.dots));
    if (round.state !== "open") { s.textContent = t("vote_closed"); s.className = "vote-status"; show("next-box", false); return; }
    var saved = mine === acked && !pendingBallot(round.id);
    var shared = !!(view.status.joining && view.status.joining.shared_device);
    show("next-box", saved && shared && !outbox.length && !photos.length);
    if (saved) { s.textContent = t("vote_saved"); s.className = "vote-status saved"; }
    else if (mine === "{}" && acked === null && !pendingBallot(round.id)) { s.textContent = ""; s.className = "vote-status"; }
    else if (attempt > 0) { s.textContent = t("vote_offline"); s.className = "vote-status waiting"; }
    else { s.textContent = t("vote_saving"); s.className = "vote-status waiting"; }
  }
  function shownIdea(id) {  // hidden and merged ideas leave the ideas list: they take no new dots
    for (var i = 0; i < view.ideas.length; i++) if (view.ideas[i].id === id) return true;
    return false;
  }
  function ideaTitle(id) {
    for (var i = 0; i < view.ideas.length; i++) if (view.ideas[i].id === id) return view.ideas[i].title;
    return "#" + id;
  }
  function renderVote() {
    var round = view.status && view.status.round;
    var open = !!round && round.state === "open" && !(view.status && view.status.finished);
    show("s-vote", open);
    if (!open) return;
    if (choice.round !== round.id) choice = { round: round.id, dots: {} };
    $("vote-title").textContent = t("vote_title", { round: round.title });
    $("vote-hint").textContent = t("vote_hint") + " " + tn("cap", round.max_per_idea);
    renderVoteClock();
    var left = round.dots - spent();
    $("dots-left").textContent = tn("dots_left", left);
    var list = $("ballot"), focused = document.activeElement && document.activeElement.getAttribute("data-f");
    list.textContent = "";
    CoCityFair.order(round.ideas.filter(shownIdea), round.id, token).forEach(function (id) {
      var n = choice.dots[id] || 0, title = ideaTitle(id);
      var li = el("li"), name = el("span", "name");
      var text = el("span", "", title);
      text.dir = "auto"; // the participant's title finds its own direction; the count keeps the page's
      name.appendChild(text);
      name.appendChild(el("span", "dots", tn("dots", n)));
      var minus = el("button", "", "\u2212"), plus = el("button", "", "+"), count = el("span", "count", String(n));
      minus.type = plus.type = "button";
      minus.setAttribute("data-f", "-" + id); plus.setAttribute("data-f", "+" + id);
      minus.setAttribute("aria-label", t("remove_dot", { idea: title }));
      plus.setAttribute("aria-label", t("add_dot", { idea: title }));
      count.setAttribute("aria-hidden", "true");
      minus.disabled = n === 0;
      plus.disabled = left === 0 || n >= round.max_per_idea;
      minus.addEventListener("click", function () { tap(id, -1); });
      plus.addEventListener("click", function () { tap(id, 1); });
      li.appendChild(name); li.appendChild(minus); li.appendChild(count); li.appendChild(plus);
      list.appendChild(li);
    });
    if (focused) { // keep the keyboard (or screen reader) where it was after the list is redrawn
      var again = list.querySelector('[data-f="' + focused + '"]');
      if (again && again.disabled) again = list.querySelector('[data-f="' + (focused[0] === "+" ? "-" : "+") + focused.slice(1) + '"]');
      if (again) again.focus();
    }
    renderVoteStatus();
    fitSticky();
  }

  /* ---- rendering ---- */
  function serverNow() { return (Date.now() + skew) / 1000; }
  function duration(seconds) { // m:ss, h:mm:ss from an hour; seconds left rounded up, over time down (as the app)
    var s = seconds >= 0 ? Math.ceil(seconds) : Math.floor(-seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (sec < 10 ? "0" : "") + sec;
  }
  function clockText() {
    var st = view.status, p = st && st.phase;
    if (!p) return "";
    // "remaining" was counted when the status was built (server_time): a frame caught up later is not stale.
    var since = typeof st.server_time === "number" ? serverNow() - st.server_time : (Date.now() - view.at) / 1000;
    var left = p.remaining - (p.paused ? 0 : Math.max(0, since)), over = left < 0;
    $("phase-clock").className = "clock" + (over ? " over" : "");
    var time = duration(left);
    return (p.paused ? t("paused") + " \u00b7 " : "") + (over ? t("time_over", { time: time }) : t("time_left", { time: time }));
  }
  function renderVoteClock() { // the round's countdown: a warning in the last minute; the app closes the round at zero
    var round = view.status && view.status.round, box = $("vote-clock");
    var on = !!(round && round.state === "open" && typeof round.ends_at === "number");
    box.hidden = !on;
    if (!on) return;
    var left = Math.max(0, round.ends_at - serverNow()), time = duration(left);
    box.className = "vote-clock" + (left <= 60 ? " warn" : "");
    box.textContent = left > 60 ? t("vote_ends_in", { time: time }) : left > 0 ? t("vote_last_minute", { time: time })
      : round.closes_itself ? t("vote_closing") : t("vote_time_up");
  }
  function render() {
    var st = view.status;
    if (!st) return;
    var title = st.workshop && st.workshop.title ? st.workshop.title : t("workshop");
    $("title").textContent = title; document.title = title;
    $("phase-title").textContent = st.phase ? st.phase.title : (st.finished ? t("thanks_title") : t("waiting_start"));
    $("phase-clock").textContent = clockText();
    show("s-thanks", !!st.finished);
    show("s-add", !st.finished);
    renderVote();
    renderResults();
    renderIdeas();
    renderOptions();
    hackathon();
  }
  // A hackathon's screens, loaded only in a hackathon or on a juror's phone: other phones never fetch them.
  function hackathon() {
    if (hx) { hx.render(); return; }
    if (hxLoading || !(jury || (view.hackathon && token) || /[#&]j=/.test(location.hash))) return;
    hxLoading = true;
    var sheet = el("link"); sheet.rel = "stylesheet"; sheet.href = "/assets/hackathon.css";
    document.head.appendChild(sheet);
    var code = el("script"); code.src = "/assets/hackathon.js";
    code.onerror = function () { hxLoading = false; };
    document.head.appendChild(code);
  }
  window.CoCityPhone = { // for hackathon.js
    $: $, el: el, t: t, api: api, show: show, msg: msg, read: read, write: write, newKey: newKey, queue: queue,
    view: view, net: net, openEvents: function () { openEvents(); },
    lang: function () { return lang; }, add: function (more) { for (var k in more) S[k] = more[k]; },
    jury: function (v) { if (v !== undefined) { jury = v; write("cocity.jury", v); } return jury; },
    token: function () { return token; }, now: function () { return Date.now() + skew; },
    ready: function (module) { hx = module; hxLoading = false; module.strings().then(function () { applyStrings(); }); }
  };
  function renderResults() {
    var st = view.status, tally = view.tally, round = st && st.round;
    var on = !!(tally && round && round.results_public && tally.round === round.id);
    show("s-results", on);
    if (!on) return;
    $("results-title").textContent = t("results_title", { round: round.title });
    $("results-meta").textContent = (round.state === "open" ? t("results_live") + " \u00b7 " : "") + tn("ballots", tally.ballots);
    var list = $("results"), max = 1;
    list.textContent = "";
    tally.ideas.forEach(function (r) { max = Math.max(max, r.dots); });
    tally.ideas.forEach(function (r) {
      var li = el("li"), row = el("div", "row"), name = el("span", "", ideaTitle(r.id));
      name.dir = "auto";
      row.appendChild(name); row.appendChild(el("span", "n", tn("dots", r.dots)));
      var wrap = el("div", "barwrap"), bar = el("div", "bar");
      bar.style.width = Math.round(100 * r.dots / max) + "%";
      wrap.appendChild(bar); li.appendChild(row); li.appendChild(wrap);
      list.appendChild(li);
    });
  }
  function renderIdeas() {
    var list = $("ideas");
    list.textContent = "";
    if (!view.ideas.length) { list.appendChild(el("li", "hint", t("no_ideas"))); return; }
    view.ideas.slice().reverse().forEach(function (idea) {
      var li = el("li"), head = el("p", "t", idea.title);
      head.dir = "auto";
      li.appendChild(head);
      if (idea.theme) li.appendChild(el("span", "theme", idea.theme));
      if (idea.description) { var d = el("p", "d", idea.description); d.dir = "auto"; li.appendChild(d); }
      (idea.photos || []).forEach(function (id) {
        var img = el("img");
        img.src = "/api/photos/" + id; img.alt = t("photo_of", { idea: idea.title }); img.loading = "lazy";
        li.appendChild(img);
      });
      list.appendChild(li);
    });
  }
  function fill(select, items, label, current) {
    var value = current === undefined ? select.value : current;
    select.textContent = "";
    var none = el("option", "", label); none.value = ""; select.appendChild(none);
    items.forEach(function (it) { var o = el("option", "", it.name || it.label || it); o.value = it.id !== undefined ? it.id : it; select.appendChild(o); });
    select.value = value === null || value === undefined ? "" : String(value);
  }
  function renderOptions() {
    var st = view.status;
    fill($("idea-theme"), st.workshop.themes || [], t("no_theme"));
    var g = $("group"), a = $("age");
    if (document.activeElement !== g) fill(g, st.groups || [], t("not_said"), g.options.length ? undefined : me && me.group);
    if (document.activeElement !== a) fill(a, st.age_bands || [], t("not_said"), a.options.length ? undefined : me && me.age_band);
  }

  /* ---- forms ---- */
  function sendIdea(ev) {
    ev.preventDefault();
    var title = $("idea-title").value.trim();
    if (!title) { ideaMsg(t("title_needed"), true); $("idea-title").focus(); return; }
    var file = $("idea-photo").files[0];
    var item = { kind: "idea", key: newKey(), path: "/api/ideas", body: { title: title, description: $("idea-desc").value, theme: $("idea-theme").value } };
    if (file) addPhoto(item, file);
    queue(item);
    $("idea-form").reset();
    ideaMsg("");
  }
  function sendProfile(ev) {
    ev.preventDefault();
    var g = $("group").value, a = $("age").value;
    outbox = outbox.filter(function (o) { return o.kind !== "profile" || o.key === sending; });
    queue({ kind: "profile", key: newKey(), path: "/api/profile", body: { group: g ? +g : null, age_band: a ? +a : null } });
  }

  function boot() {
    var hash = location.hash.match(/[#&]t=([A-Za-z0-9_-]+)/);
    if (hash) { ticket = hash[1]; history.replaceState(null, "", location.pathname); }
    $("join-form").addEventListener("submit", join);
    $("next-person").addEventListener("click", nextPerson);
    $("idea-form").addEventListener("submit", sendIdea);
    $("profile-form").addEventListener("submit", sendProfile);
    $("lang").addEventListener("change", switchLanguage);
    window.addEventListener("online", function () { attempt = photoAttempt = 0; flush(); flushPhotos(); });
    document.addEventListener("visibilitychange", function () { if (!document.hidden && token) { flush(); flushPhotos(); refresh(); } });
    setInterval(function () {
      if (view.status && view.status.phase) $("phase-clock").textContent = clockText();
      if (view.status && view.status.round) renderVoteClock();
    }, 1000);
    load();
  }
  function load() {
    loadStrings(pickLanguage()).then(function () { if (jury || /[#&]j=/.test(location.hash)) hackathon(); else if (token) start(); else showJoin(); }, function () { net("\u2026"); setTimeout(load, 2000); });
  }
  boot();
})();
