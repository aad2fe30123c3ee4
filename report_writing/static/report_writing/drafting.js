// 报告写作: progressive enhancement only. Without this file every button posts the form and the page comes back
// with the same result (the editor's findings after 保存; the problem form's article search, material and rows).
(function () {
  if (!window.fetch || !window.FormData) {
    return;
  }

  // -- The editor: refresh the team leader's findings as the writer types (the check URL writes nothing). --------
  var draftForm = document.querySelector("form[data-check-url]");
  if (draftForm) {
    var timer = null;
    var latest = 0;
    var summary = document.querySelector("[data-findings-summary]");

    var render = function (data) {
      var byTarget = {};
      data.findings.forEach(function (finding) {
        (byTarget[finding.target] = byTarget[finding.target] || []).push(finding);
      });
      document.querySelectorAll("[data-findings-for]").forEach(function (aside) {
        var list = aside.querySelector(".finding-list");
        var findings = byTarget[aside.getAttribute("data-findings-for")] || [];
        list.textContent = "";
        findings.forEach(function (finding) {
          var item = document.createElement("li");
          item.className = "finding";
          item.setAttribute("data-code", finding.code);
          var message = document.createElement("strong");
          message.className = "finding-message";
          message.textContent = finding.message;
          item.appendChild(message);
          if (finding.rule) {
            var rule = document.createElement("span");
            rule.className = "finding-rule";
            rule.textContent = finding.rule;
            item.appendChild(rule);
          }
          if (finding.article_url) {
            var link = document.createElement("a");
            link.className = "finding-article";
            link.href = finding.article_url;
            link.textContent = finding.article_label;
            item.appendChild(link);
          }
          list.appendChild(item);
        });
        aside.classList.toggle("is-clean", findings.length === 0);
      });
      if (summary) {
        summary.textContent = data.summary;
        summary.classList.toggle("is-clean", data.count === 0);
      }
    };

    draftForm.addEventListener("input", function (event) {
      if (!event.target.hasAttribute("data-section-text")) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(function () {
        var request = ++latest;
        fetch(draftForm.getAttribute("data-check-url"), {
          method: "POST",
          body: new FormData(draftForm),
          credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" }
        })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (data) {
            if (data && request === latest) {
              render(data);
            }
          })
          .catch(function () { /* 保存 still shows the findings */ });
      }, 500);
    });
  }

  // -- The problem form: search articles as one types, use the exercise's material in place, one more row. -------
  var problemForm = document.querySelector("form[data-problem-form]");
  if (!problemForm) {
    return;
  }
  var rowsBox = problemForm.querySelector("[data-evidence-rows]");
  var rowCount = problemForm.querySelector("[data-evidence-count]");

  var addRow = function () {
    var rows = rowsBox.querySelectorAll("[data-evidence-row]");
    var fresh = rows[rows.length - 1].cloneNode(true);
    var index = rows.length;
    fresh.querySelectorAll("select, input").forEach(function (field) {
      field.name = field.name.replace(/^evidence-\d+-/, "evidence-" + index + "-");
      if (field.tagName === "SELECT") {
        field.selectedIndex = 0;
      } else {
        field.value = field.type === "number" ? "1" : "";
      }
    });
    rowsBox.appendChild(fresh);
    rowCount.value = String(index + 1);
    return fresh;
  };

  var blankRow = function () {
    var rows = rowsBox.querySelectorAll("[data-evidence-row]");
    for (var i = 0; i < rows.length; i++) {
      var source = rows[i].querySelector("select");
      var note = rows[i].querySelector("input[type=text]");
      if (!source.value && !note.value.trim()) {
        return rows[i];
      }
    }
    return addRow();
  };

  problemForm.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=action]");
    if (!button) {
      return;
    }
    if (button.value === "add-row") {
      event.preventDefault();
      addRow().querySelector("select").focus();
      return;
    }
    var kind = button.getAttribute("data-material");
    if (kind === "fact") {
      event.preventDefault();
      var fact = problemForm.querySelector("[name=fact]");
      fact.value = button.getAttribute("data-text").slice(0, 300);
      fact.focus();
    } else if (kind === "evidence") {
      event.preventDefault();
      var row = blankRow();
      row.querySelector("select").value = button.getAttribute("data-source");
      row.querySelector("input[type=number]").value = button.getAttribute("data-count");
      row.querySelector("input[type=text]").value = button.getAttribute("data-text").slice(0, 200);
      row.querySelector("select").focus();
    }
  });
})();
