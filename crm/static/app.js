// Lookup as you type, and "/" to jump to the search box from anywhere on an agent page.
(function () {
  "use strict";
  const box = document.getElementById("lookup-box");
  if (!box) return;
  const panel = document.getElementById("lookup-results");
  let timer = null;
  let seq = 0;

  document.addEventListener("keydown", function (event) {
    const tag = (event.target.tagName || "").toLowerCase();
    const typing = tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable;
    if (event.key === "/" && !typing) {
      event.preventDefault();
      box.focus();
      box.select();
    } else if (event.key === "Escape" && event.target === box) {
      panel.hidden = true;
    }
  });

  box.addEventListener("input", function () {
    clearTimeout(timer);
    const q = box.value.trim();
    if (!q) { panel.hidden = true; return; }  // 1-2 characters: the server says a name needs 3
    timer = setTimeout(function () {
      const mine = ++seq;
      const url = box.dataset.resultsUrl + "&q=" + encodeURIComponent(q);
      fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (mine !== seq) return; // a later keystroke already asked again
          panel.innerHTML = html;
          panel.hidden = !html.trim();
        })
        .catch(function () { panel.hidden = true; });
    }, 120);
  });

  // The results are a plain labelled list of links: Tab or the arrow keys move between them,
  // Escape goes back to the box.
  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      const first = panel.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  panel.addEventListener("keydown", function (event) {
    const links = Array.prototype.slice.call(panel.querySelectorAll("a"));
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at + 1 < links.length) { event.preventDefault(); links[at + 1].focus(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : box).focus(); }
    else if (event.key === "Escape") { event.preventDefault(); panel.hidden = true; box.focus(); }
  });
})();

// Buttons that fetch a fragment in place instead of re-submitting the whole form (which is what
// they do without JavaScript): "Suggest feedback from the transcript" and "Check against the
// standards" on the log form. The button names the URL (data-fragment-url), the element the answer
// goes into (data-fragment-target) and what it says while it waits (data-busy-label).
(function () {
  "use strict";
  // A fragment's problems that name a field ([data-field]) are also shown next to that field, tied
  // to it with aria-invalid and aria-describedby, as a refused submit shows them.
  function markFields(form, target) {
    form.querySelectorAll(".js-field-error").forEach(function (old) {
      const input = document.getElementById(old.dataset.for);
      if (input) {
        const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== old.id; });
        if (ids.length) input.setAttribute("aria-describedby", ids.join(" ")); else input.removeAttribute("aria-describedby");
        if (!input.parentNode.querySelector("small.error:not(.js-field-error)")) input.removeAttribute("aria-invalid");
      }
      old.remove();
    });
    target.querySelectorAll("[data-field]").forEach(function (item, i) {
      const input = document.getElementById(item.dataset.field);
      if (!input) return;
      const note = document.createElement("small");
      note.className = "error js-field-error";
      note.id = item.dataset.field + "-check-" + i;
      note.dataset.for = item.dataset.field;
      note.textContent = item.dataset.message;
      input.parentNode.appendChild(note);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + note.id).trim());
    });
  }
  document.querySelectorAll("button[data-fragment-url]").forEach(function (button) {
    const target = document.getElementById(button.dataset.fragmentTarget);
    if (!target) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      const label = button.textContent;
      button.disabled = true;
      if (button.dataset.busyLabel) button.textContent = button.dataset.busyLabel;
      fetch(button.dataset.fragmentUrl, {
        method: "POST",
        body: new FormData(button.form),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      })
        .then(function (r) { return r.text(); })
        .then(function (html) { target.innerHTML = html; markFields(button.form, target); })
        .catch(function () { button.form.requestSubmit(button); })
        .finally(function () { button.disabled = false; button.textContent = label; button.focus(); });
    });
  });
})();

// Small behaviours the pages declare with data- attributes: the Content-Security-Policy allows
// no inline script, so no onclick="" either.
(function () {
  "use strict";
  document.querySelectorAll("[data-choose-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[name='" + box.dataset.chooseAll + "']").forEach(function (b) {
        b.checked = box.checked;
      });
    });
  });
  document.querySelectorAll("[data-select-on-click]").forEach(function (input) {
    input.addEventListener("click", function () { input.select(); });
  });
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    button.addEventListener("click", function () {
      const source = document.getElementById(button.dataset.copyFrom);
      if (!source || !navigator.clipboard) return;
      const text = "value" in source && source.tagName !== "CODE" ? source.value : source.textContent;
      navigator.clipboard.writeText(text).then(function () { button.textContent = button.dataset.copiedLabel || "Copied"; });
    });
  });
})();

// After a refused submit the page comes back with its errors next to the fields (aria-invalid,
// aria-describedby): put the focus on the first field in error, where the reader hears the problem.
(function () {
  "use strict";
  const bad = document.querySelector("main form [aria-invalid='true']");
  if (bad) bad.focus();
})();
