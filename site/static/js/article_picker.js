// Ticking articles (includes/article_picker.html: the 定性 drill, a report draft's problem entry): search as one
// types. Progressive enhancement only: without this file the form's own 查找条文 button posts the whole form back
// and the page comes back with the matches as tick boxes. This posts the same form with action=search and swaps in
// the two blocks the page re-renders (ticked, found), so nothing typed elsewhere is touched and the ticked articles
// stay ticked. Enter in the search box searches rather than submitting the form.
(function () {
  var box = document.querySelector("[data-search-as-you-type]");
  if (!box || !window.fetch || !window.FormData || !window.DOMParser) {
    return;
  }
  var form = box.closest("form");
  var input = box.querySelector("input[name=q]");
  var timer = null;
  var latest = 0;

  function swap(doc, id) {
    var fresh = doc.getElementById(id);
    var current = document.getElementById(id);
    if (fresh && current) {
      current.innerHTML = fresh.innerHTML;
    }
  }

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      box.querySelector("button[value=search]").click();
    }
  });

  input.addEventListener("input", function () {
    clearTimeout(timer);
    if (input.value.trim().length < 2) {
      return;
    }
    timer = setTimeout(function () {
      var data = new FormData(form);
      data.set("action", "search");
      var request = ++latest;
      // form.action would be the buttons named "action"; the attribute is the address.
      fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html || request !== latest) {
            return;
          }
          var doc = new DOMParser().parseFromString(html, "text/html");
          swap(doc, "chosen-articles-block");
          swap(doc, "article-results");
        })
        .catch(function () { /* the button still works */ });
    }, 400);
  });
})();
