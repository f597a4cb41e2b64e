// Filtre de la liste des actions. Amélioration progressive : sans JavaScript, le
// formulaire reste caché et la liste complète s'affiche ; rien n'est chargé d'ailleurs.
(function () {
  "use strict";
  var form = document.getElementById("filtre");
  var table = document.getElementById("liste-actions");
  var count = document.getElementById("filtre-compte");
  if (!form || !table || !count) {
    return;
  }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var text = document.getElementById("filtre-texte");
  var status = document.getElementById("filtre-statut");
  var plan = document.getElementById("filtre-plan");

  // Comme search_text côté Python : minuscules, sans accents.
  function normalise(value) {
    return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function apply() {
    var words = normalise(text.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var plans = " " + row.getAttribute("data-plans") + " ";
      var haystack = row.getAttribute("data-recherche");
      var keep =
        (!status.value || row.getAttribute("data-statut") === status.value) &&
        (!plan.value || plans.indexOf(" " + plan.value + " ") !== -1) &&
        words.every(function (word) { return haystack.indexOf(word) !== -1; });
      row.hidden = !keep;
      if (keep) {
        shown += 1;
      }
    });
    count.textContent = shown + (shown > 1 ? " actions affichées" : " action affichée") +
      " sur " + rows.length;
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(apply, 0);
  });
  form.hidden = false;
  apply();
})();
