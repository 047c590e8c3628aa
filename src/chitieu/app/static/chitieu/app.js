// Charts: each <div class="chart" data-spec="ID"> gets the Vega-Lite specification kept in the
// <script type="application/json" id="ID"> beside it, drawn by the vendored vega-embed (no CDN).
(function () {
  function draw(root) {
    if (typeof vegaEmbed === "undefined") return;
    root.querySelectorAll(".chart[data-spec]").forEach(function (box) {
      if (box.dataset.drawn) return;
      var source = document.getElementById(box.dataset.spec);
      if (!source) return;
      box.dataset.drawn = "1";
      vegaEmbed(box, JSON.parse(source.textContent), {
        actions: false,
        renderer: "svg",
        formatLocale: { decimal: ",", thousands: ".", grouping: [3], currency: ["", " ₫"] },
      }).catch(function () {
        box.textContent = "Không vẽ được biểu đồ; số liệu có trong bảng bên cạnh.";
      });
    });
  }
  window.addEventListener("load", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
