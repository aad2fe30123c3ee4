/* The room: the projector and the phones poll the session state every 2 s and refresh when it moved.
   Plain ES2017, no modules: it must run in the WeChat in-app browser. Every page also works without it. */
(function () {
  "use strict";

  var room = document.getElementById("room");
  if (!room) return;
  var mode = room.getAttribute("data-mode");
  var stateUrl = room.getAttribute("data-state-url");
  var POLL_MS = 2000;
  var busy = false;

  function version() {
    var body = room.querySelector(".room-body");
    return (body && body.getAttribute("data-version")) || room.getAttribute("data-version") || "0";
  }

  function refresh() {
    if (mode === "present") {
      window.location.reload();
      return Promise.resolve();
    }
    // A phone swaps in the new step only: no flash, the scroll position and the header stay.
    return fetch(room.getAttribute("data-part-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        room.innerHTML = html;
        room.setAttribute("data-version", version());
      });
  }

  function poll() {
    if (busy) return;
    busy = true;
    fetch(stateUrl + "?v=" + encodeURIComponent(version()), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (state) {
        if (!state.changed || String(state.version) === version()) return;
        // Every phone in the room sees the change within one poll: spread their step requests over
        // a second more, so the server does not get them all at once.
        var delay = mode === "present" ? 0 : Math.random() * 1000;
        return new Promise(function (resolve) {
          window.setTimeout(resolve, delay);
        }).then(refresh);
      })
      .catch(function () {
        /* A dropped connection: try again at the next tick. */
      })
      .then(function () {
        busy = false;
      });
  }
  // A rehearsal's projector has no state to poll: nobody follows it.
  if (stateUrl) window.setInterval(poll, POLL_MS);

  if (mode !== "present") return;

  // The clock and the time left until the planned end (the host's start plus the planned length), from this
  // computer's clock; formatted like room.selectors.clock_label.
  var clock = room.querySelector("[data-clock]");
  var remaining = room.querySelector("[data-remaining]");
  var endsAt = parseInt(room.getAttribute("data-ends-at"), 10);
  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function tick() {
    var now = new Date();
    if (clock) clock.textContent = two(now.getHours()) + ":" + two(now.getMinutes());
    if (remaining && endsAt) {
      var left = Math.max(0, Math.floor((endsAt - now.getTime()) / 1000));
      var hours = Math.floor(left / 3600);
      var rest = two(Math.floor((left % 3600) / 60)) + ":" + two(left % 60);
      remaining.textContent = hours ? hours + ":" + rest : rest;
    }
  }
  tick();
  window.setInterval(tick, 1000);

  // The sign-in code rotates: fetch a fresh one every minute.
  var code = room.querySelector("img[data-refresh]");
  if (code) {
    var base = code.getAttribute("src").split("?")[0];
    window.setInterval(function () {
      code.setAttribute("src", base + "?t=" + Date.now());
    }, 1000 * parseInt(code.getAttribute("data-refresh"), 10));
  }

  // Text that does not fit even in small type is paged within the step: 上一屏/下一屏 and 第 1/3 屏, a line
  // of overlap so no line is cut in half. Without this script the box scrolls.
  var box = room.querySelector("[data-pager]");
  var pager = room.querySelector("[data-page-controls]");
  var label = room.querySelector("[data-page-label]");
  var page = 0;
  function pageStep() {
    var line = parseFloat(window.getComputedStyle(box).lineHeight) || 30;
    return Math.max(line, box.clientHeight - line);
  }
  function pages() {
    if (!box) return 1;
    var extra = box.scrollHeight - box.clientHeight;
    return extra > 2 ? 1 + Math.ceil(extra / pageStep()) : 1;
  }
  function showPage() {
    var count = pages();
    if (!box || !pager) return;
    box.classList.toggle("is-paged", count > 1);
    pager.hidden = count <= 1;
    page = Math.max(0, Math.min(page, count - 1));
    box.scrollTop = page * pageStep();
    if (label) {
      label.textContent = label
        .getAttribute("data-template")
        .replace("{page}", String(page + 1))
        .replace("{pages}", String(count));
    }
    var back = pager.querySelector('[data-page="prev"]');
    var on = pager.querySelector('[data-page="next"]');
    if (back) back.disabled = page === 0;
    if (on) on.disabled = page >= count - 1;
  }
  function turn(by) {
    var count = pages();
    if (count <= 1) return false;
    var next = page + by;
    if (next < 0 || next >= count) return false;
    page = next;
    showPage();
    return true;
  }
  if (box && pager) {
    pager.addEventListener("click", function (event) {
      var which = event.target && event.target.getAttribute("data-page");
      if (which) turn(which === "next" ? 1 : -1);
    });
    var settle = function () {
      showPage();
      showPage(); // the pager's own row and the box's scroll bar change the box's size: measure again
    };
    window.addEventListener("resize", settle);
    // Measured now, and again once the fonts and the sign-in code are in: a font that comes late sets the
    // text in wider glyphs, and a long article that seemed to fit no longer does.
    window.addEventListener("load", settle);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(settle);
    settle();
  }

  // Keyboard and presentation clickers (they send PageUp/PageDown or the arrow keys): through the screens
  // of a long step first, then to the next step.
  var NEXT = ["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"];
  var PREV = ["ArrowLeft", "ArrowUp", "PageUp"];
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName)) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var which = NEXT.indexOf(event.key) >= 0 ? "next" : PREV.indexOf(event.key) >= 0 ? "prev" : null;
    if (!which) return;
    event.preventDefault();
    if (turn(which === "next" ? 1 : -1)) return;
    var button = room.querySelector('button[data-key="' + which + '"]');
    if (button && !button.disabled) button.click();
  });

  var ending = room.querySelector("form[data-confirm]");
  if (ending) {
    ending.addEventListener("submit", function (event) {
      if (!window.confirm(ending.getAttribute("data-confirm"))) event.preventDefault();
    });
  }
})();
