/* Keeps 公示 statuses (and the retirement of lists) true after the build day.
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
    retire(today);
  }

  function removeAll(selector) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (node) {
      var item = node.closest && node.closest(".md-nav__item");  /* the table of contents' entry, not the nav */
      var target = item && node.matches(".md-nav a") ? item : node;
      if (target.parentNode) { target.parentNode.removeChild(target); }
    });
  }

  /* Retention: a notice page names the day its list stops being public (data-retires-on, a Beijing date).
   * A copy built or cached before that day and opened on or after it drops the list, its files and the text of
   * its corrections, and shows the page's own retirement sentence (in the page, hidden until then). A page
   * built on or after the day holds no list at all and nothing here applies. */
  function retire(today) {
    var box = document.querySelector(".pub-retention[data-retires-on]");
    var due = box && box.querySelector(".pub-retention__due");
    if (!due || today < box.getAttribute("data-retires-on")) { return; }
    due.parentNode.removeChild(due);
    var sentence = box.querySelector(".pub-retention__retired");
    if (sentence) { sentence.hidden = false; }
    removeAll("#collectives, #individuals, ol.pub-list, .pub-attachments, .pub-data, " +
              '.md-nav a[href="#collectives"], .md-nav a[href="#individuals"]');
    Array.prototype.forEach.call(document.querySelectorAll(".pub-correction[data-retired-text]"), function (aside) {
      var what = aside.querySelector(".pub-correction__what");
      if (what) { what.textContent = aside.getAttribute("data-retired-what"); }
      Array.prototype.slice.call(aside.children).forEach(function (child) {
        if (!child.classList.contains("pub-correction__title")) { aside.removeChild(child); }
      });
      var text = document.createElement("p");
      text.textContent = aside.getAttribute("data-retired-text");
      aside.appendChild(text);
    });
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
