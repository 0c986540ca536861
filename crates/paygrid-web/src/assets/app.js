// Progressive enhancement for the search fields: as you type, suggestions
// come from /api/v1/roles and /api/v1/locations, so job titles ("Senior
// Backend Developer") and places missing from the preloaded list resolve
// too. Without this script the preloaded <datalist> still works.
(function () {
  "use strict";
  var endpoints = { roles: "/api/v1/roles", locations: "/api/v1/locations" };
  function hook(input) {
    var kind = input.getAttribute("data-suggest");
    var list = document.getElementById(input.getAttribute("list"));
    if (!endpoints[kind] || !list) return;
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (timer) clearTimeout(timer);
      if (q.length < 2 || q === last) return;
      timer = setTimeout(function () {
        last = q;
        fetch(endpoints[kind] + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (d) {
            if (!d || input.value.trim() !== q) return;
            while (list.firstChild) list.removeChild(list.firstChild);
            (d[kind] || []).forEach(function (item) {
              var o = document.createElement("option");
              o.value = item.suggest || item.name;
              if (item.n) o.label = item.name + " (" + item.n + " records)";
              list.appendChild(o);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  var inputs = document.querySelectorAll("input[data-suggest]");
  for (var i = 0; i < inputs.length; i++) hook(inputs[i]);
})();
