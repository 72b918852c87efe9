// Small helpers of the workplace pages; every page works without them.
(function () {
  "use strict";
  // The policy form: choosing a standard for a rule shows that standard's parameter fields.
  const refresh = document.getElementById("show-parameters");
  if (refresh) {
    document.querySelectorAll("select.rule-standard").forEach(function (select) {
      select.addEventListener("change", function () { refresh.form.requestSubmit(refresh); });
    });
  }

  // A time field's hint names the zone's letters and offset of the day typed, not of today: a July date
  // typed in December is summer time. The periods come from the server (data-zone-hints), which
  // decides how a typed time is read.
  document.querySelectorAll("input[data-zone-hints]").forEach(function (input) {
    const hint = document.getElementById(input.id + "-hint");
    let periods;
    try { periods = JSON.parse(input.dataset.zoneHints); } catch (e) { return; }
    if (!hint || !Array.isArray(periods) || !periods.length) { return; }
    const now = hint.textContent;  // today's, as the server wrote it: for an empty field
    function follow() {
      // "2026-07-01" (a bare day) is due at its end; "2026-07-01T14:30" as typed
      const typed = input.value.length === 10 ? input.value + "T23:59" : input.value;
      let text = now;
      if (typed) {
        periods.forEach(function (period) { if (period[0] <= typed) { text = period[1]; } });
      }
      if (hint.textContent !== text) { hint.textContent = text; }
    }
    input.addEventListener("input", follow);
    input.addEventListener("change", follow);
    follow();
  });
})();
