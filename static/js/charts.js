/* Line and scatter charts from data embedded with json_script; the tables beside them carry
   the same numbers for readers without JavaScript or a screen. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var lang = document.documentElement.lang || "vi";
  var fmt = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var palette = ["#8b1a1a", "#0b4f8a", "#1f7a3a", "#b35c00", "#6b3fa0", "#00707a", "#5a5a5a", "#a0006e"];

  // Method breaks as vertical dashed lines between the two years they separate.
  function methodBreaks(breaks) {
    return {
      id: "methodBreaks",
      afterDatasetsDraw: function (chart) {
        var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
        breaks.forEach(function (b) {
          var px = (x.getPixelForValue(b.index - 1) + x.getPixelForValue(b.index)) / 2;
          ctx.save();
          ctx.strokeStyle = "#b35c00"; ctx.lineWidth = 1.5; ctx.setLineDash([6, 4]);
          ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
          ctx.fillStyle = "#b35c00"; ctx.font = "11px sans-serif"; ctx.textAlign = "center";
          ctx.fillText(b.label, px, area.top + 10);
          ctx.restore();
        });
      }
    };
  }

  function lineChart(canvas, data) {
    var datasets = data.series.map(function (s, i) {
      // A series split at a method break keeps one colour (s.color) across its parts.
      var colour = palette[(s.color === undefined ? i : s.color) % palette.length];
      return { type: "line", label: s.label, data: s.values, borderColor: colour,
               backgroundColor: colour, spanGaps: false, tension: 0.1, yAxisID: "y" };
    });
    if (data.bars) {
      datasets.push({ type: "bar", label: data.bars.label, data: data.bars.values,
                      backgroundColor: "rgba(120,120,120,0.35)", yAxisID: "y2" });
    }
    var scales = { y: { ticks: { callback: function (v) { return fmt.format(v); } }, reverse: !!data.reverse } };
    if (data.bars) {
      scales.y2 = { position: "right", beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false } };
    }
    return new window.Chart(canvas, {
      type: "line",
      data: { labels: data.years, datasets: datasets },
      plugins: [methodBreaks(data.breaks || [])],
      options: {
        maintainAspectRatio: false, animation: false,
        plugins: {
          title: { display: !!data.title, text: data.title },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + (c.parsed.y === null ? "—" : (c.dataset.type === "bar" ? c.parsed.y : fmt.format(c.parsed.y))); } } }
        },
        scales: scales
      }
    });
  }

  function scatterChart(canvas, data) {
    return new window.Chart(canvas, {
      type: "scatter",
      data: { datasets: [{ label: data.label, data: data.points, backgroundColor: palette[1] }] },
      options: {
        maintainAspectRatio: false, animation: false,
        plugins: {
          title: { display: !!data.title, text: data.title },
          tooltip: { callbacks: { label: function (c) { return c.raw.name + ": " + fmt.format(c.raw.x) + " · " + c.raw.y; } } }
        },
        scales: {
          x: { title: { display: true, text: data.x_label } },
          y: { title: { display: true, text: data.y_label }, ticks: { precision: 0 }, beginAtZero: true }
        }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = canvas.dataset.type === "scatter" ? scatterChart(canvas, data) : lineChart(canvas, data);
    var button = document.querySelector('[data-png-for="' + canvas.id + '"]');
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var link = document.createElement("a");
        link.href = chart.toBase64Image("image/png", 1);
        link.download = (button.dataset.filename || "bieu-do") + ".png";
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
    }
  });
})();
