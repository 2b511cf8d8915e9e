// Live SLA timers: badges with data-due count down (or up, once overdue) every 30 s.
(function () {
  function fmt(el, seconds) {
    var s = Math.abs(seconds), d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600),
      m = Math.floor((s % 3600) / 60), parts = [];
    if (d) parts.push(d + " " + el.dataset.d);
    if (h) parts.push(h + " " + el.dataset.h);
    if (!d) parts.push(m + " " + el.dataset.m);
    return parts.join(" ");
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".sla-live[data-due]").forEach(function (el) {
      var left = Math.round((Date.parse(el.dataset.due) - now) / 1000);
      if (isNaN(left)) return;
      if (left >= 0) {
        el.textContent = el.dataset.left + " " + fmt(el, left);
        el.classList.remove("text-bg-danger"); el.classList.add("text-bg-info");
        el.dataset.state = "running";
      } else {
        el.textContent = el.dataset.over + " " + fmt(el, left);
        el.classList.remove("text-bg-info"); el.classList.add("text-bg-danger");
        el.dataset.state = "breached";
      }
    });
  }
  tick();
  setInterval(tick, 30000);
  document.addEventListener("htmx:afterSwap", tick);
})();
