// corskit play: the page. It reads the form into a state (every control with a name),
// keeps the state in the URL fragment, asks the play server to prepare the request and
// predict it (POST /api/run), makes the request for real, asks what the test API
// received (GET /api/log), and shows both. What the fields mean is decided by the
// server: the page runs the request it is given.
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const boot = JSON.parse($("boot").textContent);
  const form = $("setup");
  const presets = new Map(boot.presets.map(p => [p.id, p]));
  const timeoutMs = 15000;
  let lastRun = "";
  let busy = false;
  let svgURL = "";
  let fontCount = 0;
  let gl = null; // one WebGL context for every run: browsers cap how many live at once

  // ---- The state: the form, the fragment --------------------------------------------

  const named = () => Array.from(form.elements).filter(el => el.name);

  function readState() {
    const s = {};
    for (const el of named()) s[el.name] = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value;
    return s;
  }

  function writeState(s) {
    for (const el of named()) {
      const v = s[el.name] ?? "";
      if (el.type === "checkbox") el.checked = v === "1";
      else el.value = v;
    }
    update();
  }

  function toFragment(state, lesson) {
    const p = new URLSearchParams();
    if (lesson) p.set("lesson", lesson);
    for (const [k, v] of Object.entries(state)) if (v !== "") p.set(k, v);
    return p.toString();
  }

  // fromFragment reads a setup from the fragment: a lesson alone stands for its setup.
  function fromFragment(hash) {
    if (!hash.includes("=")) return null; // not a setup: an in-page link
    const p = new URLSearchParams(hash.replace(/^#/, ""));
    const lesson = p.get("lesson") || "";
    p.delete("lesson");
    if ([...p.keys()].length === 0) {
      return presets.has(lesson) ? {lesson, state: presets.get(lesson).state} : null;
    }
    const state = {};
    for (const el of named()) state[el.name] = p.get(el.name) ?? "";
    return {lesson: presets.has(lesson) ? lesson : "", state};
  }

  function save() {
    history.replaceState(null, "", "#" + toFragment(readState(), $("preset").value));
    updateCookieLink();
  }

  // update shows the fields that apply: data-when="name:value1,value2".
  function update() {
    for (const el of document.querySelectorAll("[data-when]")) {
      const [name, values] = el.dataset.when.split(":");
      el.hidden = !values.split(",").includes(form.elements[name].value);
    }
  }

  function showLesson() {
    const p = presets.get($("preset").value);
    $("lesson").textContent = p ? p.lesson : "";
  }

  function updateCookieLink() {
    const back = boot.origins.page + "/cookie?back=" + encodeURIComponent(boot.origins.page + "/" + location.hash);
    $("cookie-link").href = boot.origins.cross_site + "/cookie?back=" + encodeURIComponent(back);
  }

  // ---- Messages -------------------------------------------------------------------

  function status(text) { $("announce").textContent = text; }

  function clearErrors() {
    for (const el of form.querySelectorAll("[aria-invalid]")) {
      el.removeAttribute("aria-invalid");
      const d = (el.getAttribute("aria-describedby") || "").split(" ").filter(x => x && x !== el.id + "-error");
      if (d.length) el.setAttribute("aria-describedby", d.join(" "));
      else el.removeAttribute("aria-describedby");
    }
    for (const el of form.querySelectorAll(".field-error")) el.remove();
  }

  function showError(err) {
    const el = err.field && form.elements[err.field];
    if (!el) {
      status("Cannot run this: " + err.message);
      return;
    }
    const p = document.createElement("p");
    p.className = "field-error";
    p.id = el.id + "-error";
    p.textContent = err.message;
    el.closest(".field").append(p);
    el.setAttribute("aria-invalid", "true");
    el.setAttribute("aria-describedby", ((el.getAttribute("aria-describedby") || "") + " " + p.id).trim());
    const label = el.labels[0] ? el.labels[0].firstChild.textContent.trim() : "";
    status("Cannot run this: " + (label ? label + ": " : "") + err.message);
    el.focus();
  }

  function errText(e) { return e && e.name ? e.name + ": " + e.message : String(e); }

  // ---- The server -----------------------------------------------------------------

  async function prepare(runID, predict) {
    const res = await fetch("/api/run", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({state: readState(), run: runID, predict})});
    return res.json();
  }

  function newRunID() {
    const b = new Uint8Array(6);
    crypto.getRandomValues(b);
    return Array.from(b, x => (x % 36).toString(36)).join("");
  }

  // ---- Making the request, as the page would ------------------------------------------

  function withTimeout(p) {
    return Promise.race([p, new Promise(resolve => setTimeout(
      () => resolve({outcome: "timeout", words: "nothing happened within " + timeoutMs / 1000 + " s"}), timeoutMs))]);
  }

  async function perform(req) {
    const runs = [];
    for (let i = 0; i < (req.repeat ? 2 : 1); i++) runs.push(await withTimeout(once(req)));
    return runs;
  }

  function once(req) {
    switch (req.as) {
    case "fetch": return viaFetch(req);
    case "xhr": return viaXHR(req);
    case "image": return viaImage(req, false);
    case "webgl": return viaImage(req, true);
    case "font": return viaFont(req);
    case "script": return viaScript(req);
    case "stylesheet": return viaStylesheet(req);
    }
    return Promise.resolve({outcome: "unknown", words: "unknown use " + req.as});
  }

  async function viaFetch(req) {
    const init = {method: req.method, headers: req.headers, credentials: req.credentials, mode: req.mode};
    if (req.body !== null) init.body = req.body;
    let request;
    try {
      request = new Request(req.url, init);
    } catch (e) {
      return {outcome: "error", words: "fetch() refused to make the request: nothing was sent", error: errText(e)};
    }
    let res;
    try {
      res = await fetch(request);
    } catch (e) {
      return {outcome: "blocked", words: "fetch() rejected: the page gets no status, no header, no body", error: errText(e)};
    }
    const headers = [...res.headers.keys()];
    let body = "";
    try { body = await res.text(); } catch (e) { body = "(reading the body failed: " + errText(e) + ")"; }
    if (res.type === "opaque") {
      return {outcome: "opaque", words: "fetch() resolved with an opaque response: status 0, no headers, no body",
        status: res.status, type: res.type, headers, body};
    }
    return {outcome: "allowed", words: "fetch() resolved: the page reads the status, the body and the readable headers",
      status: res.status, type: res.type, headers, body};
  }

  function viaXHR(req) {
    return new Promise(resolve => {
      const x = new XMLHttpRequest();
      try {
        x.open(req.method, req.url);
        x.withCredentials = req.credentials === "include";
        for (const [k, v] of req.headers) x.setRequestHeader(k, v);
      } catch (e) {
        resolve({outcome: "error", words: "XMLHttpRequest refused to make the request: nothing was sent", error: errText(e)});
        return;
      }
      x.onload = () => {
        const names = new Set();
        for (const line of x.getAllResponseHeaders().split("\r\n")) {
          const i = line.indexOf(":");
          if (i > 0) names.add(line.slice(0, i).trim().toLowerCase());
        }
        resolve({outcome: "allowed", words: "the XMLHttpRequest loaded: status, responseText and the readable headers are there",
          status: x.status, headers: [...names].sort(), body: x.responseText});
      };
      x.onerror = () => resolve({outcome: "blocked", words: "the XMLHttpRequest failed: its error event fired and status is 0",
        status: x.status, error: "error event (XMLHttpRequest says no more)"});
      x.send(req.body);
    });
  }

  function loadImage(req) {
    return new Promise(resolve => {
      const img = new Image();
      if (req.crossorigin) img.crossOrigin = req.crossorigin;
      img.onload = () => resolve(img);
      img.onerror = () => resolve(null);
      img.src = req.url;
    });
  }

  async function viaImage(req, webgl) {
    const img = await loadImage(req);
    if (!img) return {outcome: "blocked", words: "the image did not load: its error event fired", error: "error event"};
    const c = document.createElement("canvas");
    c.width = c.height = 16;
    c.className = "seen";
    c.setAttribute("role", "img");
    c.setAttribute("aria-label", "the image, drawn on a canvas");
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0);
    if (webgl) {
      if (!gl) gl = document.createElement("canvas").getContext("webgl");
      if (!gl) return {outcome: "unknown", words: "the image loaded, but this browser gives no WebGL context", node: c};
      gl.bindTexture(gl.TEXTURE_2D, gl.createTexture());
      try {
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, img);
        return {outcome: "allowed", words: "the image loaded and WebGL accepted it as a texture (texImage2D)", node: c};
      } catch (e) {
        return {outcome: "opaque", words: "the image loaded, but WebGL refused it as a texture: texImage2D() threw", error: errText(e), node: c};
      }
    }
    try {
      const d = ctx.getImageData(0, 0, 1, 1).data;
      return {outcome: "allowed", words: `the image loaded and the canvas stays readable: getImageData() gives rgba(${d[0]}, ${d[1]}, ${d[2]}, ${d[3]})`, node: c};
    } catch (e) {
      return {outcome: "opaque", words: "the image shows, but the canvas is tainted: getImageData() threw", error: errText(e), node: c};
    }
  }

  async function viaFont(req) {
    const family = "corskit-play-" + (++fontCount);
    const style = document.createElement("style");
    style.textContent = "@font-face { font-family: " + family + "; src: url(" + JSON.stringify(req.url) + "); }";
    document.head.append(style);
    try { await document.fonts.load("16px " + family); } catch (e) { /* the face's status says what happened */ }
    let state = "missing";
    for (const f of document.fonts) if (f.family === family) state = f.status;
    const sample = document.createElement("span");
    sample.className = "sample";
    sample.style.fontFamily = family + ", serif";
    sample.textContent = "CORS";
    if (state === "loaded") {
      return {outcome: "allowed", words: "the font loaded: the sample uses it (every letter is a box)", node: sample};
    }
    return {outcome: "blocked", words: `the font did not load (its FontFace status is "${state}"): the sample falls back to another font`,
      error: "document.fonts.load() failed", node: sample};
  }

  function viaScript(req) {
    return new Promise(resolve => {
      let seen = null;
      const onerror = ev => {
        if (ev.filename !== req.url && ev.message !== "Script error.") return;
        seen = {message: ev.message, filename: ev.filename, lineno: ev.lineno};
        ev.preventDefault(); // it was expected: keep it out of the console
      };
      window.addEventListener("error", onerror);
      const el = document.createElement("script");
      if (req.crossorigin) el.crossOrigin = req.crossorigin;
      const done = loaded => {
        window.removeEventListener("error", onerror);
        el.remove();
        if (!loaded) {
          resolve({outcome: "blocked", words: "the script did not run: the error event fired on the <script> element", error: "error event"});
        } else if (!seen) {
          resolve({outcome: "empty", words: "the script ran but threw nothing: it was empty, so there is nothing to see of its errors"});
        } else if (seen.message === "Script error." && !seen.lineno) {
          resolve({outcome: "opaque", words: "the script ran, but its errors are muted: window.onerror sees only \"Script error.\", no message, file or line",
            error: "window.onerror: " + seen.message});
        } else {
          resolve({outcome: "allowed", words: `the script ran and window.onerror sees its error in full, line ${seen.lineno}`,
            error: "window.onerror: " + seen.message});
        }
      };
      el.onload = () => done(true);
      el.onerror = () => done(false);
      el.src = req.url;
      document.head.append(el);
    });
  }

  function viaStylesheet(req) {
    return new Promise(resolve => {
      const l = document.createElement("link");
      l.rel = "stylesheet";
      if (req.crossorigin) l.crossOrigin = req.crossorigin;
      l.onload = () => {
        let r;
        try {
          const rules = l.sheet.cssRules;
          r = {outcome: "allowed", words: `the stylesheet applied, and scripts read its rules: ${rules.length} rule(s), ${rules.length ? rules[0].cssText : ""}`};
        } catch (e) {
          r = {outcome: "opaque", words: "the stylesheet applied, but scripts cannot read its rules: sheet.cssRules threw", error: errText(e)};
        }
        l.remove();
        resolve(r);
      };
      l.onerror = () => {
        l.remove();
        resolve({outcome: "blocked", words: "the stylesheet did not apply: the error event fired on the <link> element", error: "error event"});
      };
      l.href = req.url;
      document.head.append(l);
    });
  }

  // ---- Comparing ------------------------------------------------------------------

  const fetchLike = as => as === "fetch" || as === "xhr";

  function finalStatus(report) {
    const ex = report.exchanges;
    return ex.length ? ex[ex.length - 1].status : 0;
  }

  const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  // differences lists every way what the browser did differs from the prediction.
  function differences(req, observed, pred, log) {
    const out = [];
    observed.forEach((o, i) => {
      const which = observed.length > 1 ? (i === 0 ? "first request: " : "second request: ") : "";
      const want = pred.outcomes[Math.min(i, pred.outcomes.length - 1)];
      if (o.outcome !== want) {
        out.push(`${which}your browser: ${o.outcome}; corskit: ${want}`);
        return;
      }
      const r = pred.reports[i];
      if (!r || o.outcome !== "allowed" || !fetchLike(req.as)) return;
      if (o.status !== finalStatus(r)) out.push(`${which}status: your browser ${o.status}, corskit ${finalStatus(r)}`);
      if (!sameList(o.headers, r.readable_headers)) {
        out.push(`${which}readable headers: your browser ${o.headers.join(", ") || "none"}; corskit ${r.readable_headers.join(", ") || "none"}`);
      }
    });
    const sent = log.map(e => e.method + " " + e.url);
    const predicted = pred.reports.flatMap(r => r.exchanges
      .filter(e => e.kind !== "preflight (cached)" && !e.network_error)
      .map(e => e.method + " " + e.url));
    if (!sameList(sent, predicted)) {
      out.push(`requests: the server received ${sent.length} (${sent.map(s => s.split(" ")[0]).join(", ") || "none"}); corskit predicts ${predicted.length} (${predicted.map(s => s.split(" ")[0]).join(", ") || "none"})`);
    }
    return out;
  }

  // ---- Showing --------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function row(dl, term, ...value) {
    dl.append(el("dt", {}, term), el("dd", {}, ...value));
  }

  function outcomeNode(outcome, words) {
    return el("span", {"class": "outcome-" + outcome, "data-field": "outcome", "data-value": outcome},
      outcome.toUpperCase() + (words ? ": " + words : ""));
  }

  // prose renders text where `code` spans are marked with backticks.
  function prose(text) {
    const span = el("span", {});
    text.split("`").forEach((part, i) => span.append(i % 2 ? el("code", {}, part) : part));
    return span;
  }

  function pathOf(u) {
    try {
      const x = new URL(u);
      return x.origin === boot.origins.page ? x.pathname + x.search : x.origin + x.pathname + x.search;
    } catch (e) {
      return u;
    }
  }

  function cookieNames(v) {
    return v.split(";").map(c => c.split("=")[0].trim()).filter(Boolean).join(", ");
  }

  // wire lists requests: what the test API received, or what corskit predicts.
  function wire(items) {
    const ol = el("ol", {"class": "wire"});
    if (!items.length) ol.append(el("li", {}, "no request reached the test API"));
    for (const it of items) {
      const li = el("li", {}, el("span", {"class": "line"}, el("strong", {}, it.method + " "), pathOf(it.url) + (it.status ? " → " + it.status : "") + (it.kind ? " (" + it.kind + ")" : "")));
      for (const l of it.lines || []) li.append(el("span", {"class": "line sub"}, l));
      ol.append(li);
    }
    return ol;
  }

  const wireHeaders = ["origin", "access-control-request-method", "access-control-request-headers", "authorization", "content-type"];

  function received(log) {
    return log.map(e => {
      const lines = [];
      for (const [k, vs] of Object.entries(e.header)) {
        const lk = k.toLowerCase();
        if (lk === "cookie") lines.push("Cookie: " + vs.map(cookieNames).join(", "));
        else if (wireHeaders.includes(lk)) for (const v of vs) lines.push(k + ": " + v);
      }
      if (e.method !== "OPTIONS" && !e.header.Cookie) lines.push("(no cookies)");
      return {method: e.method, url: e.url, status: e.status, lines};
    });
  }

  function predictedWire(reports) {
    const out = [];
    for (const r of reports) {
      for (const ex of r.exchanges) {
        if (ex.kind === "preflight (cached)") {
          out.push({method: ex.method, url: ex.url, kind: "preflight from the cache: nothing sent"});
        } else {
          out.push({method: ex.method, url: ex.url, status: ex.status, kind: ex.kind + (ex.error_kind ? ", refused: " + ex.error_kind : "")});
        }
      }
    }
    return out;
  }

  function showObserved(req, observed, log) {
    const dl = $("browser-result");
    dl.replaceChildren();
    observed.forEach((o, i) => {
      if (observed.length > 1) row(dl, "Request", i === 0 ? "first" : "second, right after");
      row(dl, "Outcome", outcomeNode(o.outcome, o.words));
      if (o.error) row(dl, "The page saw", el("code", {}, o.error));
      if (fetchLike(req.as) && o.status !== undefined) row(dl, "Status", String(o.status));
      if (o.type) row(dl, "Response type", o.type);
      if (o.headers) row(dl, "Readable headers", o.headers.join(", ") || "none");
      if (o.body) row(dl, "Body", el("pre", {}, o.body.slice(0, 2000)));
      if (o.node) row(dl, "Seen", o.node);
    });
    row(dl, "On the wire", wire(received(log)));
  }

  // preflightWhy says in a few words why a preflight is needed (the method, the header
  // names), with every reason in full under it.
  function preflightWhy(reasons) {
    const short = reasons.map(r => r.startsWith("header ") ? r.slice(0, r.indexOf(":")) : r.split(" ").slice(0, 2).join(" "));
    return el("details", {"class": "why"}, el("summary", {}, "needed: " + short.join(", ")), el("ul", {}, ...reasons.map(r => el("li", {}, r))));
  }

  // probeResult says what one of corskit's look-ahead requests found.
  function probeResult(p) {
    if (p.cut) return "no answer: nothing learnt";
    if (p.id === "foreign-origin") return p.passed ? "not granted (good)" : "GRANTED";
    return p.passed ? "the preflight would pass" : "the preflight would fail";
  }

  function showPrediction(req, pred, primary, browserName) {
    const dl = $("predicted-result");
    dl.replaceChildren();
    $("h-predicted").textContent = "corskit predicts for " + (primary ? browserName : pred.name.split(",")[0]);
    if (pred.usage_error) {
      row(dl, "Outcome", outcomeNode("error", "the browser refuses to make this request"));
      row(dl, "Why", pred.usage_error);
      row(dl, "On the wire", wire([]));
      return;
    }
    pred.reports.forEach((r, i) => {
      if (pred.reports.length > 1) row(dl, "Request", i === 0 ? "first" : "second, right after");
      row(dl, "Outcome", outcomeNode(pred.outcomes[i], r.page_gets.summary));
      if (r.response_type !== "basic" && fetchLike(req.as)) {
        row(dl, "Preflight", r.preflight.needed ? preflightWhy(r.preflight.reasons) : "not needed (a simple request)");
      }
      if (fetchLike(req.as) && pred.outcomes[i] === "allowed") {
        row(dl, "Status", String(finalStatus(r)));
        row(dl, "Response type", r.response_type);
        row(dl, "Readable headers", r.readable_headers.join(", ") || "none");
      }
      if (r.console_message) row(dl, "Console", el("pre", {"class": "console"}, r.console_message));
      if (r.fix) {
        const fix = el("details", {}, el("summary", {}, "What the server must send"), el("pre", {}, r.fix.summary));
        if (r.fix.config) fix.append(el("pre", {}, r.fix.config));
        if (r.fix.note) fix.append(el("p", {"class": "note"}, prose(r.fix.note)));
        row(dl, "Fix", fix);
      }
      const warnings = r.warnings.filter(w => w.id !== "local-network-access");
      if (warnings.length) {
        row(dl, "Pitfalls", el("ul", {}, ...warnings.map(w => el("li", {}, el("strong", {}, w.id + ": "), prose(w.message)))));
      }
      if (r.probes.length) {
        row(dl, "Probes", el("ul", {}, ...r.probes.map(p => el("li", {}, el("strong", {}, p.id + ": "), prose(p.purpose), " ", el("em", {}, probeResult(p))))));
      }
    });
    row(dl, "On the wire", wire(predictedWire(pred.reports)));
  }

  function showOthers(preds, primary) {
    const ul = $("others");
    ul.replaceChildren();
    for (const p of preds) {
      if (p === primary) continue;
      if (!p.available) {
        ul.append(el("li", {}, el("strong", {}, p.name + ": "), "no prediction: this build of corskit has no " + p.profile + " profile yet."));
        continue;
      }
      const msg = p.usage_error || p.reports.map(r => r.console_message).filter(Boolean).join(" ");
      ul.append(el("li", {"data-profile": p.profile}, el("strong", {}, p.name + ": "), outcomeNode(p.outcome, ""), msg ? " " : "", msg ? el("code", {}, msg) : null));
    }
  }

  function showDiagram(svg) {
    const box = $("diagram");
    if (svgURL) URL.revokeObjectURL(svgURL);
    svgURL = "";
    if (!svg) {
      box.replaceChildren(el("p", {"class": "note"}, "No picture: the browser makes no request."));
      $("download").hidden = true;
      return;
    }
    // The play server escapes every text it puts in the SVG.
    box.innerHTML = svg;
    svgURL = URL.createObjectURL(new Blob([svg], {type: "image/svg+xml"}));
    $("download").href = svgURL;
    $("download").hidden = false;
  }

  function showCode(code) {
    $("code-box").hidden = !code;
    $("code").textContent = code || "";
  }

  function render(resp, observed, log) {
    const preds = resp.predictions;
    const mine = preds.find(p => p.profile === resp.browser && p.available);
    const pred = mine || preds.find(p => p.available);
    const result = $("result");
    result.hidden = false;
    showObserved(resp.request, observed, log);
    showPrediction(resp.request, pred, Boolean(mine), resp.browser_name);
    showOthers(preds, pred);
    showDiagram(pred.reports.length ? pred.svg : "");
    const diffs = differences(resp.request, observed, pred, log);
    const agreement = $("agreement");
    const against = mine ? "" : ` (corskit has no prediction for ${resp.browser_name || "this browser"}: compared with ${pred.name.split(",")[0]})`;
    const got = observed.map(o => o.outcome).join(", then ");
    if (diffs.length === 0) {
      agreement.className = "agreement agree";
      agreement.textContent = `✓ Your browser and corskit agree: ${got}${against}.`;
    } else {
      agreement.className = "agreement disagree";
      agreement.textContent = `✗ Your browser and corskit DISAGREE${against}.`;
    }
    $("differences").replaceChildren(...diffs.map(d => el("li", {}, d)));
    result.dataset.agree = String(diffs.length === 0);
    result.dataset.browserOutcome = observed.map(o => o.outcome).join(",");
    result.dataset.predictedOutcome = observed.map((_, i) => pred.outcomes[Math.min(i, pred.outcomes.length - 1)]).join(",");
    result.dataset.profile = pred.profile;
    status(`Done: your browser ${got}; corskit ${diffs.length ? "predicts otherwise" : "agrees"}.`);
    $("to-result").hidden = false;
  }

  // ---- Run, copy, share -----------------------------------------------------------

  async function run() {
    if (busy) return;
    busy = true;
    const button = $("run");
    button.setAttribute("aria-disabled", "true");
    const result = $("result");
    result.dataset.state = "running";
    clearErrors();
    status("Running…");
    const id = newRunID();
    result.dataset.run = id;
    try {
      const resp = await prepare(id, true);
      if (resp.error) {
        showError(resp.error);
        result.dataset.state = "refused";
        return;
      }
      lastRun = id;
      showCode(resp.code);
      const observed = await perform(resp.request);
      const log = await (await fetch("/api/log?run=" + id)).json();
      render(resp, observed, log);
      result.dataset.state = "done";
    } catch (e) {
      status("Something went wrong: " + errText(e));
      result.dataset.state = "failed";
    } finally {
      busy = false;
      button.removeAttribute("aria-disabled");
    }
  }

  let copies = null;

  async function openCopy() {
    if (!$("copy").open) return;
    copies = null;
    for (const b of document.querySelectorAll("[data-copy]")) delete b.dataset.ready;
    $("copy-text").textContent = "";
    $("copy-note").textContent = "";
    const resp = await prepare(lastRun || newRunID(), false);
    if (resp.error) {
      $("copy-note").textContent = "Cannot copy this setup: " + resp.error.message;
      return;
    }
    copies = resp.copy;
    for (const b of document.querySelectorAll("[data-copy]")) b.dataset.ready = "1";
  }

  async function copy(text, what) {
    $("copy-text").textContent = text;
    try {
      await navigator.clipboard.writeText(text);
      status("Copied " + what + ".");
    } catch (e) {
      status("Copying is not allowed here: select the text shown and copy it.");
    }
  }

  function onCopy(kind) {
    if (!copies) return;
    const notes = {check: "The same request through corskit's engine, from a terminal (while play runs).",
      config: copies.config_note, curl: copies.curl_note};
    const texts = {check: copies.check, config: copies.config, curl: copies.curl};
    $("copy-note").textContent = notes[kind] || "";
    if (!texts[kind]) {
      $("copy-text").textContent = "";
      status("Nothing to copy: " + (notes[kind] || ""));
      return;
    }
    copy(texts[kind], {check: "the corskit check command", config: "the cors.Config", curl: "the curl command"}[kind]);
  }

  // ---- Start ----------------------------------------------------------------------

  function load(setup) {
    $("preset").value = setup.lesson;
    writeState(setup.state);
    showLesson();
  }

  function onEdit(ev) {
    if (ev.target === $("preset")) {
      const p = presets.get($("preset").value);
      if (p) writeState(p.state);
      showLesson();
      clearErrors();
    }
    update();
    save();
    if ($("copy").open) openCopy();
  }

  load(fromFragment(location.hash) || {lesson: boot.presets[0].id, state: boot.presets[0].state});
  save();
  form.addEventListener("change", onEdit);
  form.addEventListener("input", ev => { if (ev.target.tagName !== "SELECT") onEdit(ev); });
  form.addEventListener("submit", ev => { ev.preventDefault(); run(); });
  window.addEventListener("hashchange", () => {
    const setup = fromFragment(location.hash);
    if (setup) load(setup);
  });
  $("copy").addEventListener("toggle", openCopy);
  for (const b of document.querySelectorAll("[data-copy]")) b.addEventListener("click", () => onCopy(b.dataset.copy));
  $("share").addEventListener("click", () => copy(location.href, "the link to this setup"));
  $("to-result").addEventListener("click", () => {
    $("h-result").scrollIntoView({block: "start"});
    $("h-result").focus({preventScroll: true});
  });
  $("skip").addEventListener("click", ev => { // keep the setup in the fragment
    ev.preventDefault();
    $("run").focus();
  });
})();
