/**
 * The portal's one script (no framework, a few kilobytes): solves the proof of work with the
 * browser's own SHA-256, sends the form with its files as base64 JSON, shows the receipt once, and
 * draws the tracking page. The tracking code lives in memory only: read from the address's
 * fragment (never sent to a server), which is then cleared.
 */
export const PORTAL_SCRIPT = `"use strict";
(function () {
  var body = document.body;
  var lang = body.dataset.lang || "fr";
  var words = body.dataset.words ? JSON.parse(body.dataset.words) : {};
  var org = body.dataset.organisation;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function problemText(json) {
    var m = json && json.error && json.error.message;
    if (!m) return words.error || "Erreur";
    return lang === "en" ? m.en : m.fr;
  }
  function fmt(iso) {
    try { return new Date(iso).toLocaleString(lang === "ar" ? "ar-MA" : lang === "en" ? "en-GB" : "fr-FR"); } catch (e) { return iso; }
  }
  async function api(method, url, payload) {
    var res = await fetch(url, {
      method: method,
      credentials: "omit",
      headers: payload ? { "content-type": "application/json" } : {},
      body: payload ? JSON.stringify(payload) : undefined,
    });
    var json = null;
    if ((res.headers.get("content-type") || "").indexOf("application/json") === 0) json = await res.json();
    return { ok: res.ok, status: res.status, json: json, res: res };
  }
  function toHex(buf) {
    var b = new Uint8Array(buf), s = "";
    for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
    return s;
  }
  async function solve(c) {
    var enc = new TextEncoder();
    for (var n = 0; n <= c.maxnumber; n++) {
      if (toHex(await crypto.subtle.digest("SHA-256", enc.encode(c.salt + n))) === c.challenge) {
        return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature }));
      }
    }
    return null;
  }
  function fileBase64(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result).split(",")[1] || ""); };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }
  function setPath(target, path, value) {
    var parts = path.split("."), o = target;
    for (var i = 0; i < parts.length - 1; i++) { o[parts[i]] = o[parts[i]] || {}; o = o[parts[i]]; }
    o[parts[parts.length - 1]] = value;
  }

  // ---- The request form ----
  var form = document.getElementById("request");
  if (form) {
    var status = document.getElementById("form-status");
    var sendCode = document.getElementById("send-code");
    if (sendCode) sendCode.addEventListener("click", async function () {
      var email = document.getElementById("r-email").value.trim();
      var r = await api("POST", "/api/portal/" + org + "/email-codes", { procedureId: body.dataset.procedure, email: email });
      status.textContent = r.ok ? body.dataset.codeSent : problemText(r.json);
      status.className = r.ok ? "ok" : "error";
    });
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      if (!form.reportValidity()) return;
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      status.className = "";
      status.textContent = body.dataset.sending;
      try {
        var payload = { procedureId: body.dataset.procedure, requester: {}, data: {}, documents: [], consent: false, website: "" };
        var inputs = form.querySelectorAll("input, select, textarea");
        for (var i = 0; i < inputs.length; i++) {
          var input = inputs[i], name = input.name;
          if (!name) continue;
          if (name === "consent") { payload.consent = input.checked; continue; }
          if (name.indexOf("doc.") === 0) {
            var file = input.files && input.files[0];
            if (file) payload.documents.push({ documentId: name.slice(4), fileName: file.name, mediaType: file.type || "application/octet-stream", contentBase64: await fileBase64(file) });
            continue;
          }
          var value = input.type === "checkbox" ? input.checked : input.value.trim();
          if (value === "" ) continue;
          if (input.dataset.type === "number" || input.dataset.type === "integer") value = Number(value);
          if (input.dataset.type === "datetime") value = new Date(value).toISOString();
          setPath(payload, name, value);
        }
        var challenge = await api("GET", "/api/portal/" + org + "/challenge");
        if (!challenge.ok) throw challenge.json;
        payload.altcha = await solve(challenge.json);
        var r = await api("POST", "/api/portal/" + org + "/requests", payload);
        if (!r.ok) throw r.json;
        showReceipt(r.json);
      } catch (problem) {
        status.className = "error";
        status.textContent = problemText(problem);
      } finally {
        button.disabled = false;
      }
    });
  }
  function showReceipt(receipt) {
    var section = document.getElementById("receipt");
    form.hidden = true;
    section.hidden = false;
    section.replaceChildren(
      el("h2", { id: "receipt-title", text: words.receipt }),
      el("p", { class: "ok", text: words.receiptIntro }),
      el("dl", {}, [
        el("dt", { text: words.registryNumber }), el("dd", { id: "registry-number", text: receipt.registryNumber }),
        el("dt", { text: words.trackingCode }), el("dd", {}, [el("span", { class: "code", id: "tracking-code", text: receipt.trackingCode })]),
        el("dt", { text: words.submittedAt }), el("dd", { text: fmt(receipt.submittedAt) }),
      ]),
      el("p", { text: words.keepCode }),
      el("button", { type: "button", id: "print" }, [words.print]),
      el("p", {}, [el("a", { href: "/portail/" + org + "/suivi?lang=" + lang + "#" + receipt.trackingCode }, [words.followIt])])
    );
    document.getElementById("print").addEventListener("click", function () { window.print(); });
    section.focus();
  }

  // ---- The tracking page ----
  var track = document.getElementById("track");
  if (track) {
    var code = null;
    var trackStatus = document.getElementById("track-status");
    var out = document.getElementById("tracking");
    async function load(path, extra) {
      var r = await api("POST", "/api/portal/tracking" + (path || ""), Object.assign({ code: code }, extra || {}));
      if (!r.ok) { trackStatus.className = "error"; trackStatus.textContent = problemText(r.json); return false; }
      trackStatus.className = ""; trackStatus.textContent = "";
      render(r.json);
      return true;
    }
    track.addEventListener("submit", function (event) {
      event.preventDefault();
      code = document.getElementById("code").value.trim();
      load();
    });
    if (location.hash.length > 1) {
      code = decodeURIComponent(location.hash.slice(1));
      history.replaceState(null, "", location.pathname + location.search);
      document.getElementById("code").value = code;
      load();
    }
    function waiting(view) {
      var last = -1;
      view.messages.forEach(function (m, i) { if (m.fromOffice && m.asksFor) last = i; });
      return view.status === "active" && last >= 0 && !view.messages.slice(last + 1).some(function (m) { return !m.fromOffice && m.attachment; });
    }
    function download(doc) {
      return el("button", { type: "button", class: "download", "data-id": doc.id }, [words.download + " : " + doc.fileName]);
    }
    function render(view) {
      out.hidden = false;
      var steps = view.steps.length
        ? el("ol", {}, view.steps.map(function (s) { return el("li", { text: (s.title ? s.title + " — " : "") + fmt(s.doneAt) }); }))
        : el("p", { text: words.noSteps });
      var thread = el("ol", { class: "thread" }, view.messages.map(function (m) {
        return el("li", { class: m.fromOffice ? "" : "mine" }, [
          el("strong", { text: (m.fromOffice ? words.office : words.you) + " — " + fmt(m.createdAt) }),
          el("p", { text: m.text }),
          m.asksFor ? el("p", {}, [el("strong", { text: words.asked + " : " }), m.asksFor]) : null,
        ]);
      }));
      var parts = [
        el("h2", { text: view.procedureTitle }),
        el("dl", {}, [
          el("dt", { text: words.registryNumber }), el("dd", { id: "tracked-number", text: view.registryNumber }),
          el("dt", { text: words.status }), el("dd", { id: "tracked-status", text: view.statusText[lang] || view.statusText.fr }),
          el("dt", { text: words.submittedAt }), el("dd", { text: fmt(view.submittedAt) }),
          view.currentStep ? el("dt", { text: words.currentStep }) : null,
          view.currentStep ? el("dd", { text: view.currentStep }) : null,
          view.reopenedFrom ? el("dt", { text: words.reopenedFrom }) : null,
          view.reopenedFrom ? el("dd", { text: view.reopenedFrom }) : null,
        ]),
        el("h3", { text: words.stepsDone }), steps,
        el("h3", { text: words.issued }),
        el("ul", {}, view.documents.map(function (d) {
          return el("li", {}, [download(d), d.verificationCode ? el("a", { href: "/verifier/" + d.verificationCode }, [" " + words.verify]) : null]);
        })),
        el("h3", { text: words.messages }), thread,
      ];
      if (view.status === "active") {
        parts.push(el("form", { id: "message-form" }, [
          el("label", { for: "message", text: words.write }),
          el("textarea", { id: "message", rows: "3", required: "" }),
          el("button", { type: "submit" }, [words.sendMessage]),
        ]));
      }
      if (waiting(view)) {
        parts.push(el("form", { id: "document-form" }, [
          el("label", { for: "asked-file", text: words.addDocument }),
          el("input", { type: "file", id: "asked-file", accept: "application/pdf,image/png,image/jpeg", required: "" }),
          el("button", { type: "submit" }, [words.sendDocument]),
        ]));
      }
      if (view.mayRate) {
        var select = el("select", { id: "rating" }, [5, 4, 3, 2, 1].map(function (n) { return el("option", { value: String(n), text: String(n) }); }));
        parts.push(el("form", { id: "rating-form" }, [
          el("h3", { text: words.rate }),
          el("label", { for: "rating", text: words.rating }), select,
          el("label", { for: "rating-comment", text: words.comment }),
          el("textarea", { id: "rating-comment", rows: "2" }),
          el("button", { type: "submit" }, [words.sendRating]),
        ]));
      }
      if (view.rating) parts.push(el("p", { class: "ok", id: "rated", text: words.thanks + " (" + view.rating.rating + "/5)" }));
      if (view.reopenUntil) {
        parts.push(el("form", { id: "reopen-form" }, [
          el("h3", { text: words.reopen }),
          el("p", { text: words.reopenUntil + " " + fmt(view.reopenUntil) }),
          el("label", { for: "reopen-reason", text: words.reason }),
          el("textarea", { id: "reopen-reason", rows: "2", required: "" }),
          el("button", { type: "submit" }, [words.reopen]),
        ]));
      }
      out.replaceChildren.apply(out, parts);
      bind();
    }
    function bind() {
      var m = document.getElementById("message-form");
      if (m) m.addEventListener("submit", function (e) { e.preventDefault(); load("/messages", { text: document.getElementById("message").value }); });
      var d = document.getElementById("document-form");
      if (d) d.addEventListener("submit", async function (e) {
        e.preventDefault();
        var file = document.getElementById("asked-file").files[0];
        if (!file) return;
        load("/documents", { file: { fileName: file.name, mediaType: file.type || "application/octet-stream", contentBase64: await fileBase64(file) } });
      });
      var r = document.getElementById("rating-form");
      if (r) r.addEventListener("submit", function (e) {
        e.preventDefault();
        var comment = document.getElementById("rating-comment").value.trim();
        load("/rating", Object.assign({ rating: Number(document.getElementById("rating").value) }, comment ? { comment: comment } : {}));
      });
      var o = document.getElementById("reopen-form");
      if (o) o.addEventListener("submit", function (e) { e.preventDefault(); load("/reopen", { reason: document.getElementById("reopen-reason").value }); });
      Array.prototype.forEach.call(out.querySelectorAll("button.download"), function (b) {
        b.addEventListener("click", async function () {
          var res = await fetch("/api/portal/tracking/file", { method: "POST", credentials: "omit", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: code, attachmentId: b.dataset.id }) });
          if (!res.ok) return;
          var url = URL.createObjectURL(await res.blob());
          var a = el("a", { href: url, download: b.textContent.split(" : ").slice(1).join(" : ") });
          document.body.appendChild(a); a.click(); a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        });
      });
    }
  }
})();
`;
