/* Applies the reader's saved text size (适老化) before the page is painted. */
try {
  var size = window.localStorage.getItem("pub-text-size");
  if (size === "2" || size === "3") { document.documentElement.setAttribute("data-pub-size", size); }
} catch (e) { /* storage may be disabled: the standard size stays */ }
