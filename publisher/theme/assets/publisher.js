/* Keeps 公示 statuses true after the build day.
 * The page is built with the status of its build date; each status element carries
 * the window's first and last day (Asia/Shanghai dates). Here the browser recomputes
 * it from its own clock, so a page built days ago still says 已结束 once the window
 * has closed. Without JavaScript the build-time status stays, which is correct on the
 * day the site was built (a daily rebuild keeps it fresh). */
(function () {
  "use strict";

  function todayInShanghai() {
    var parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(new Date());
    var get = function (type) {
      return parts.filter(function (p) { return p.type === type; })[0].value;
    };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  function refresh() {
    var today = todayInShanghai();
    var nodes = document.querySelectorAll(".pub-status[data-start][data-end]");
    Array.prototype.forEach.call(nodes, function (node) {
      var start = node.getAttribute("data-start");
      var end = node.getAttribute("data-end");
      var state = today < start ? "upcoming" : (today > end ? "closed" : "open");
      var word = node.getAttribute("data-word-" + state);  /* the site's words (templates/words.yaml) */
      if (word) { node.textContent = word; }
      node.className = node.className.replace(/pub-status--\w+/, "pub-status--" + state);
      node.setAttribute("data-live", state);
    });
    regroup();
  }

  /* The home page groups notices by status; move each into the group its live status names. */
  function regroup() {
    var lists = document.querySelectorAll("ul.pub-notices[data-pub-group]");
    if (!lists.length) { return; }
    var byGroup = {};
    Array.prototype.forEach.call(lists, function (list) { byGroup[list.getAttribute("data-pub-group")] = list; });
    Array.prototype.forEach.call(lists, function (list) {
      Array.prototype.slice.call(list.children).forEach(function (item) {
        var status = item.querySelector(".pub-status[data-live]");
        var target = status && byGroup[status.getAttribute("data-live")];
        if (target && target !== list) { target.appendChild(item); }
      });
    });
    Object.keys(byGroup).forEach(function (key) {
      var items = Array.prototype.slice.call(byGroup[key].children);
      items.sort(function (a, b) {  /* closed: newest first; open and upcoming: soonest first */
        var x = a.getAttribute("data-start"), y = b.getAttribute("data-start");
        return key === "closed" ? (x < y ? 1 : x > y ? -1 : 0) : (x < y ? -1 : x > y ? 1 : 0);
      });
      items.forEach(function (item) { byGroup[key].appendChild(item); });
      var empty = document.querySelector('[data-pub-empty="' + key + '"]');
      if (empty) { empty.hidden = items.length > 0; }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
})();

/* Text size (适老化): three sizes, remembered across pages in localStorage. The saved
 * size is applied in <head> before first paint (main.html); this wires the buttons. */
(function () {
  "use strict";
  function apply(size) {
    if (size === "1") {
      document.documentElement.removeAttribute("data-pub-size");
    } else {
      document.documentElement.setAttribute("data-pub-size", size);
    }
    var buttons = document.querySelectorAll(".pub-textsize button[data-pub-size]");
    Array.prototype.forEach.call(buttons, function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-pub-size") === size ? "true" : "false");
    });
  }
  function init() {
    var saved = "1";
    try { saved = window.localStorage.getItem("pub-text-size") || "1"; } catch (e) { saved = "1"; }
    apply(saved);
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(".pub-textsize button[data-pub-size]");
      if (!button) { return; }
      var size = button.getAttribute("data-pub-size");
      try { window.localStorage.setItem("pub-text-size", size); } catch (e) { /* size still applies to this page */ }
      apply(size);
    });
    /* Material's search dialog has no accessible name; screen readers announce "对话框" only. */
    Array.prototype.forEach.call(document.querySelectorAll('[role="dialog"]:not([aria-label])'), function (d) {
      d.setAttribute("aria-label", "搜索");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
