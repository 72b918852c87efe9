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
})();
