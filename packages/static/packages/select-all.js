// 全选: one button per kind ticks (or unticks) every box of its fieldset. Without JavaScript the button stays hidden.
(function () {
  "use strict";
  document.querySelectorAll(".packages-select-all").forEach(function (button) {
    var fieldset = button.closest("fieldset");
    if (!fieldset) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var boxes = fieldset.querySelectorAll("input[type=checkbox]");
      var allTicked = Array.prototype.every.call(boxes, function (box) {
        return box.checked;
      });
      boxes.forEach(function (box) {
        box.checked = !allTicked;
      });
    });
  });
})();
