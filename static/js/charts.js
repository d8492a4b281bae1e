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

  // For a PNG taken to a meeting: white background, and the source with the portal's name
  // under the chart (the title and subtitle are Chart.js's own plugins).
  var whiteBackground = {
    id: "whiteBackground",
    beforeDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save(); ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, chart.width, chart.height); ctx.restore();
    }
  };
  function footer(lines) {
    return {
      id: "sourceFooter",
      afterDraw: function (chart) {
        var ctx = chart.ctx;
        ctx.save(); ctx.fillStyle = "#3d3d3d"; ctx.font = "11px sans-serif"; ctx.textAlign = "left";
        lines.forEach(function (line, i) {
          ctx.fillText(line, 8, chart.height - 8 - (lines.length - 1 - i) * 15);
        });
        ctx.restore();
      }
    };
  }
  function exportOptions(meta) {
    if (!meta) { return null; }
    var lines = [meta.source, meta.site].filter(Boolean);
    return {
      plugins: [whiteBackground, footer(lines)],
      title: { display: true, text: meta.title, font: { size: 16, weight: "bold" }, color: "#1a1a1a" },
      subtitle: { display: !!meta.subtitle, text: meta.subtitle, color: "#3d3d3d", padding: { bottom: 8 } },
      padding: { bottom: 12 + lines.length * 15 }
    };
  }
  function withExport(config, meta) {
    var extra = exportOptions(meta);
    if (!extra) { return config; }
    config.plugins = (config.plugins || []).concat(extra.plugins);
    config.options.plugins.title = extra.title;
    config.options.plugins.subtitle = extra.subtitle;
    config.options.layout = { padding: { bottom: extra.padding.bottom, left: 4, right: 8 } };
    config.options.responsive = false;
    config.options.devicePixelRatio = 2;
    return config;
  }

  function lineChart(canvas, data, meta) {
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
    return new window.Chart(canvas, withExport({
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
    }, meta));
  }

  function scatterChart(canvas, data, meta) {
    return new window.Chart(canvas, withExport({
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
    }, meta));
  }

  // The chart drawn again off screen at twice the on-screen size, with its title, subtitle,
  // source and the portal's name, then downloaded.
  function downloadPng(draw, shown, meta, filename) {
    var width = Math.round(shown.width), height = Math.round(shown.height) + 60;
    var holder = document.createElement("div");
    holder.style.cssText = "position:fixed;left:-20000px;top:0;width:" + width + "px;height:" + height + "px";
    var canvas = document.createElement("canvas");
    canvas.width = width; canvas.height = height;
    canvas.style.width = width + "px"; canvas.style.height = height + "px";
    holder.appendChild(canvas); document.body.appendChild(holder);
    var copy = draw(canvas, meta);
    copy.canvas.toBlob(function (blob) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = filename + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      copy.destroy(); holder.remove();
    }, "image/png");
  }

  window.portalCharts = window.portalCharts || {};
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var draw = function (target, meta) {
      return canvas.dataset.type === "scatter" ? scatterChart(target, data, meta) : lineChart(target, data, meta);
    };
    var chart = draw(canvas, null);
    var button = document.querySelector('[data-png-for="' + canvas.id + '"]');
    var meta = button ? {
      title: button.dataset.title || data.title || "",
      subtitle: button.dataset.subtitle || "",
      source: button.dataset.source || "",
      site: button.dataset.site || ""
    } : null;
    window.portalCharts[canvas.id] = { chart: chart, png: meta && exportOptions(meta) };
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        downloadPng(draw, chart, meta, button.dataset.filename || "bieu-do");
      });
    }
  });
})();
