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
