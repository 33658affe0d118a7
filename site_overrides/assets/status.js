/* Keeps 公示 statuses true after the build day.
 * The page is built with the status of its build date; each status element carries
 * the window's first and last day (Asia/Shanghai dates). Here the browser recomputes
 * it from its own clock, so a page built days ago still says 已结束 once the window
 * has closed. Without JavaScript the build-time status stays, which is correct on the
 * day the site was built (a daily rebuild keeps it fresh). */
(function () {
  "use strict";
  var WORDS = { upcoming: "即将开始", open: "公示中", closed: "已结束" };

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
      node.textContent = WORDS[state];
      node.className = node.className.replace(/pub-status--\w+/, "pub-status--" + state);
      node.setAttribute("data-live", state);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
})();
