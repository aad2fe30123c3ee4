// Progressive enhancement only: every page works without this file.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});

// Search suggestions while typing: titles from the site's own search API fill the datalist.
(function () {
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) {
    return;
  }
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var value = input.value.trim();
    if (value.length < 2) {
      return;
    }
    timer = setTimeout(function () {
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(value), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          data.results.slice(0, 8).forEach(function (result) {
            var option = document.createElement("option");
            option.value = result.title;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 250);
  });
})();

// Quiz timer: count down locally between page loads. The server keeps the real deadline.
(function () {
  var timer = document.querySelector("[data-seconds-left]");
  if (!timer) {
    return;
  }
  var value = timer.querySelector(".quiz-timer-value");
  var end = Date.now() + parseInt(timer.dataset.secondsLeft, 10) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    value.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left > 0) {
      setTimeout(tick, 1000);
    }
  }
  tick();
})();

// The header's 菜单 (a details element that works without this): aria-expanded kept in step, and the menu
// closes on a tap outside it and on Escape (focus back on 菜单).
(function () {
  var menu = document.querySelector("[data-site-menu]");
  if (!menu) {
    return;
  }
  var summary = menu.querySelector("summary");
  function sync() {
    summary.setAttribute("aria-expanded", menu.open ? "true" : "false");
  }
  sync();
  menu.addEventListener("toggle", sync);
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) {
      menu.open = false;
      sync();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (menu.open && (event.key === "Escape" || event.key === "Esc")) {
      menu.open = false;
      sync();
      summary.focus();
    }
  });
})();

// Back to top: the plain link at the end of the page floats in the corner once the reader is two screens down.
(function () {
  var link = document.querySelector("[data-back-to-top]");
  if (!link) {
    return;
  }
  document.documentElement.className += " js-back-to-top";
  var pending = false;
  function update() {
    pending = false;
    var far = (window.pageYOffset || document.documentElement.scrollTop) > 2 * window.innerHeight;
    if (far !== link.classList.contains("is-visible")) {
      link.classList.toggle("is-visible", far);
    }
  }
  window.addEventListener("scroll", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(update);
    }
  }, { passive: true });
  update();
})();

// The regulation page's 目录 button: open the table of contents as well as jumping to it.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-toc-open]");
  var toc = button && document.getElementById(button.getAttribute("href").slice(1));
  if (toc && toc.tagName === "DETAILS") {
    toc.open = true;
  }
});
