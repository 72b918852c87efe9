// "Check before saving" on the log form: fetch what the standards would flag and show it in
// place. Without JavaScript the button submits the form, which is shown again with the check.
(function () {
  "use strict";
  const button = document.getElementById("check-contact");
  const target = document.getElementById("check-result");
  if (!button || !target) return;
  button.addEventListener("click", function (event) {
    event.preventDefault();
    const label = button.textContent;
    button.disabled = true;
    button.textContent = button.dataset.busyLabel || "Checking…";
    fetch(button.dataset.checkUrl, {
      method: "POST",
      body: new FormData(button.form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    })
      .then(function (r) { return r.text(); })
      .then(function (html) { target.innerHTML = html; })
      .catch(function () { button.form.requestSubmit(button); })
      .finally(function () { button.disabled = false; button.textContent = label; button.focus(); });
  });
})();
