// masterplan web: small progressive enhancements. Every form works without this file.
(function () {
  "use strict";
  // A form marked "once" is sent once: its buttons wait while the server works (finalising takes a while).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("once")) { return; }
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    window.setTimeout(function () {
      form.querySelectorAll("button:not([disabled])").forEach(function (button) {
        button.disabled = true;
        button.dataset.busy = "1";
      });
      form.setAttribute("aria-busy", "true");
    }, 0);
  });
  // Coming back to a page from the browser's history: its forms may be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.once").forEach(function (form) {
      form.dataset.sent = "";
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[data-busy='1']").forEach(function (button) {
        button.disabled = false;
        button.dataset.busy = "";
      });
    });
  });
  // After a save with errors the page opens at its summary: focus it, so that it is read out first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary && window.location.hash === "#ringkasan") { summary.focus(); }
  });
  // Typed input is never lost. An answers form keeps a copy of its fields in this browser while it is
  // filled, warns before the page is left with unsaved edits, and when the page opens again with a copy
  // that differs from what the server shows (the tab was closed, the browser crashed, the session
  // ended), it offers the copy back. A successful save discards it.
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.answers");
    if (!form || !window.localStorage) { return; }
    var key = "masterplan:isian:" + form.getAttribute("action");
    // the server shows input that is not saved yet (a row added, a save refused as stale, a login between)
    var unsaved = form.dataset.unsaved === "1";
    var skipped = { csrf: true, base: true };
    var dirty = false;
    var sending = false;
    var timer = null;
    function fields() {
      var out = [];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || skipped[el.name] || el.type === "submit" || el.type === "button" || el.type === "file") { return; }
        if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
        out.push([el.name, el.value]);
      });
      return out;
    }
    function read() {
      try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
    }
    function write(value) {
      try {
        if (value) { window.localStorage.setItem(key, JSON.stringify(value)); } else { window.localStorage.removeItem(key); }
      } catch (e) { /* storage full or blocked: the warning before leaving still holds */ }
    }
    var initial = JSON.stringify(fields());
    function keep(sent) {
      var now = fields();
      dirty = unsaved || JSON.stringify(now) !== initial;
      if (dirty || sent) { write({ time: Date.now(), sent: !!sent, fields: now }); } else { write(null); }
    }
    var saved = read();
    var serverCopy = null;
    try { serverCopy = form.dataset.serverCopy ? JSON.parse(form.dataset.serverCopy) : null; } catch (e) { serverCopy = null; }
    if (serverCopy && Array.isArray(serverCopy.fields)) {
      // kept on the server from another browser or device: offered when newer than this browser's copy
      var serverTime = Date.parse(serverCopy.time) || 0;
      if (!saved || serverTime > (saved.time || 0)) {
        saved = { time: serverTime, sent: false, fields: serverCopy.fields.filter(function (pair) { return !skipped[pair[0]]; }) };
      }
    }
    var success = document.querySelector(".flashes .flash.ok");
    if (unsaved) {
      keep(false);
      dirty = true;
      saved = null;
    } else if (saved && ((saved.sent && success) || JSON.stringify(saved.fields) === initial)) {
      write(null);
      saved = null;
    }
    if (saved) {
      var bar = document.createElement("div");
      bar.className = "box info restore";
      bar.setAttribute("role", "status");
      var when = new Date(saved.time).toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" });
      var text = document.createElement("p");
      text.textContent = "Ada isian formulir ini yang belum tersimpan di peramban ini (pukul " + when + ").";
      var restore = document.createElement("button");
      restore.type = "button";
      restore.className = "primary";
      restore.textContent = "Pulihkan isian itu";
      var drop = document.createElement("button");
      drop.type = "button";
      drop.textContent = "Buang";
      bar.appendChild(text);
      bar.appendChild(restore);
      bar.appendChild(document.createTextNode(" "));
      bar.appendChild(drop);
      form.parentNode.insertBefore(bar, form);
      restore.addEventListener("click", function () {
        var queues = {};
        // the rows of a table shown as a grid are put back whole by the grid (grid.js)
        var pairs = window.masterplanGrid ? window.masterplanGrid.restore(saved.fields) : saved.fields;
        pairs.forEach(function (pair) { (queues[pair[0]] = queues[pair[0]] || []).push(pair[1]); });
        var missing = 0;
        Object.keys(queues).forEach(function (name) {
          var els = Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
          if (!els.length) { missing += queues[name].length; return; }
          var values = queues[name];
          var boxes = els.filter(function (el) { return el.type === "checkbox" || el.type === "radio"; });
          boxes.forEach(function (el) { el.checked = values.indexOf(el.value) >= 0; });
          els.filter(function (el) { return boxes.indexOf(el) < 0 && (el.type !== "hidden" || el.dataset.restore); })
            .forEach(function (el, i) { if (i < values.length) { el.value = values[i]; } });
        });
        bar.textContent = missing
          ? "Isian dipulihkan, kecuali " + missing + " isian pada baris yang belum ada; tambahkan barisnya lalu isi lagi. Tekan Simpan untuk menyimpan."
          : "Isian dipulihkan dan belum disimpan: periksa, lalu tekan Simpan.";
        keep(false);
        send();
      });
      drop.addEventListener("click", function () { write(null); bar.remove(); send(); });
    }
    // What the form holds goes to the server too, two seconds after typing stops.
    var serverTimer = null;
    function send() {
      if (!window.fetch || !window.FormData) { return; }
      window.fetch(form.getAttribute("action") + "/sementara", {
        method: "POST", body: new FormData(form), credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (answer) {
        // what check says about each field as typed: the grids mark their cells (grid.js)
        if (answer && answer.kesalahan) {
          form.dispatchEvent(new CustomEvent("masterplan:diperiksa", { detail: answer.kesalahan }));
        }
      }).catch(function () { /* offline: this browser's copy still holds it */ });
    }
    function later() {
      window.clearTimeout(serverTimer);
      serverTimer = window.setTimeout(function () { if (dirty) { send(); } }, 2000);
    }
    if (unsaved) { send(); }
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { keep(false); }, 300);
      later();
    });
    form.addEventListener("change", function () { keep(false); later(); });
    form.addEventListener("submit", function () { keep(true); sending = true; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !sending) { event.preventDefault(); event.returnValue = ""; }
    });
    window.addEventListener("pageshow", function () { sending = false; });
  });
  // A file chosen for an attachment goes to the server at once (checked and stored there); the name it is
  // stored under fills the answer's field, which is then saved, kept and restored like any other field.
  function showAttachment(box, name, link, kind) {
    box.textContent = "";
    var a = document.createElement("a");
    a.href = link;
    a.target = "_blank";
    a.rel = "noopener";
    a.className = "attached";
    if (kind === "jpeg" || kind === "png") {
      var img = document.createElement("img");
      img.src = link;
      img.alt = "Foto terlampir";
      img.height = 96;
      a.appendChild(img);
    }
    var span = document.createElement("span");
    span.textContent = name.split("/").pop();
    a.appendChild(span);
    box.appendChild(a);
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-file-input]")) { return; }
    var form = input.form;
    if (!form || !form.dataset.upload || !input.files || !input.files.length || !window.fetch || !window.FormData) { return; }
    var holder = input.closest(".field");
    var field = holder.querySelector("input[data-file-field]");
    var box = holder.querySelector("[data-attachment]");
    var chosen = input.files[0];
    var body = new FormData();
    body.append("csrf", form.elements.csrf.value);
    body.append("isian", field.name);
    body.append("berkas", chosen);
    input.value = "";  // sent now, not again with the form
    box.classList.remove("bad");
    box.textContent = "Mengunggah " + chosen.name + " …";
    window.fetch(form.dataset.upload, {
      method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (response) {
      if ((response.headers.get("Content-Type") || "").indexOf("application/json") < 0) { throw new Error("sesi"); }
      return response.json();
    }).then(function (answer) {
      if (answer.kesalahan) {
        box.textContent = answer.kesalahan;
        box.classList.add("bad");
        return;
      }
      field.value = answer.nama;
      showAttachment(box, answer.nama, answer.tautan, answer.jenis);
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }).catch(function () {
      box.textContent = "Berkas " + chosen.name + " belum terunggah: sesi Anda mungkin telah berakhir atau koneksi terputus. " +
        "Tekan Simpan (isian lain tetap dibawa), lalu pilih berkasnya lagi.";
      box.classList.add("bad");
    });
  });
  // A row marked for removal is shown dimmed.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name && /\._hapus$/.test(box.name)) {
      var card = box.closest(".row-card");
      if (card) { card.classList.toggle("removed", box.checked); }
    }
  });
})();
