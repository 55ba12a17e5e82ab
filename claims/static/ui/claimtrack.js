/* Claimtrack web UI: reader highlights, review-queue shortcuts and the text-selection helper.
 * Everything works without this script (plain links and forms); it only adds convenience.
 * It never builds markup from strings: it moves and clones nodes the server already escaped. */
(function () {
  "use strict";

  /* ---- Reader: a highlight shows its claim in the side panel --------------------------- */

  function initReader() {
    var text = document.getElementById("reader-text");
    var focusBox = document.getElementById("claim-focus");
    if (!text || !focusBox) return;
    var pinned = null;

    // One tab stop per claim: its first highlighted piece.
    var seen = {};
    text.querySelectorAll("mark[data-claim]").forEach(function (mark) {
      var id = mark.dataset.claim;
      if (seen[id]) return;
      seen[id] = true;
      mark.tabIndex = 0;
      mark.setAttribute("role", "button");
      mark.setAttribute("aria-controls", "claim-focus");
    });

    function show(id) {
      var source = document.getElementById("claim-" + id);
      if (!source) return;
      text.querySelectorAll("mark.is-active").forEach(function (m) { m.classList.remove("is-active"); });
      text.querySelectorAll('mark[data-claim="' + id + '"]').forEach(function (m) { m.classList.add("is-active"); });
      document.querySelectorAll(".claim-summary.is-active").forEach(function (li) { li.classList.remove("is-active"); });
      source.classList.add("is-active");
      var label = document.createElement("p");
      label.className = "focus-label";
      label.textContent = "Selected claim";
      var copy = document.createElement("div");
      copy.className = "claim-summary";
      Array.prototype.forEach.call(source.childNodes, function (node) {
        copy.appendChild(node.cloneNode(true));
      });
      focusBox.replaceChildren(label, copy);
    }

    text.addEventListener("mouseover", function (event) {
      var mark = event.target.closest("mark[data-claim]");
      if (mark && !pinned) show(mark.dataset.claim);
    });
    text.addEventListener("click", function (event) {
      var mark = event.target.closest("mark[data-claim]");
      if (!mark) return;
      pinned = mark.dataset.claim;
      show(pinned);
    });
    text.addEventListener("focusin", function (event) {
      var mark = event.target.closest("mark[data-claim]");
      if (!mark) return;
      pinned = mark.dataset.claim;
      show(pinned);
    });
    text.addEventListener("keydown", function (event) {
      var mark = event.target.closest("mark[data-claim]");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        var link = document.querySelector("#claim-" + mark.dataset.claim + " a.more");
        if (link && event.key === "Enter") link.click();
        else show(mark.dataset.claim);
      }
    });
    document.querySelectorAll(".claim-index .claim-summary").forEach(function (li) {
      function mark() {
        text.querySelectorAll("mark.is-active").forEach(function (m) { m.classList.remove("is-active"); });
        text.querySelectorAll('mark[data-claim="' + li.dataset.claim + '"]').forEach(function (m) { m.classList.add("is-active"); });
      }
      li.addEventListener("mouseenter", mark);
      li.addEventListener("focusin", mark);
    });
  }

  /* ---- Selection helper: document offsets (code points) of the selected text ----------- */

  function codePoints(s) { return Array.from(s).length; }

  function selectionIn(container) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
    var before = document.createRange();
    before.selectNodeContents(container);
    before.setEnd(range.startContainer, range.startOffset);
    var base = parseInt(container.dataset.start, 10) || 0;
    var start = base + codePoints(before.toString());
    var selected = range.toString();
    return { start: start, end: start + codePoints(selected), text: selected };
  }

  function useSelection(button) {
    var card = button.closest(".review-card");
    var context = card && card.querySelector(".context");
    var form = button.closest("form");
    var status = card && card.querySelector(".selection-status");
    var span = context && selectionIn(context);
    if (!span) {
      if (status) status.textContent = "First select some words in the sentence above.";
      return;
    }
    form.elements[button.dataset.startField].value = span.start;
    form.elements[button.dataset.endField].value = span.end;
    if (status) status.textContent = "Using “" + span.text + "” (" + span.start + "–" + span.end + ").";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-use-selection]");
    if (button) {
      event.preventDefault();
      useSelection(button);
    }
  });
  // Buttons take the focus on click in some browsers; remember the selection just before.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest("[data-use-selection]")) event.preventDefault();
  });

  /* ---- Review queue: j/k to move, a/r/e/c/u to act --------------------------------------- */

  function items() { return Array.prototype.slice.call(document.querySelectorAll(".queue-item")); }

  function current() {
    var active = document.activeElement && document.activeElement.closest(".queue-item");
    return active || document.querySelector(".queue-item.is-current") || items()[0] || null;
  }

  function select(item) {
    if (!item) return;
    items().forEach(function (el) { el.classList.remove("is-current"); });
    item.classList.add("is-current");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function move(step) {
    var list = items();
    var index = list.indexOf(current());
    var next = list[Math.min(list.length - 1, Math.max(0, index + step))];
    select(next);
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function initQueue() {
    if (!document.body.hasAttribute("data-review-queue")) return;
    var first = items().find(function (el) { return el.dataset.status === "suggested"; });
    if (first && !location.hash) first.classList.add("is-current");

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      var key = event.key;
      if (key === "j" || key === "k") {
        event.preventDefault();
        move(key === "j" ? 1 : -1);
        return;
      }
      var item = current();
      if (!item) return;
      var control = item.querySelector('[data-shortcut="' + key + '"]');
      if (!control) return;
      event.preventDefault();
      select(item);
      if (control.tagName === "SUMMARY") {
        var details = control.parentElement;
        details.open = !details.open;
        if (details.open) {
          var field = details.querySelector("select, input:not([type=hidden])");
          if (field) field.focus();
        }
      } else {
        control.click();
      }
    });

    // After an in-place update: keep the keyboard user's place.
    document.body.addEventListener("htmx:load", function (event) {
      var item = event.detail.elt;
      if (!item || !item.classList || !item.classList.contains("queue-item")) return;
      var invalid = item.querySelector(".has-error input, .has-error select, [role=alert]");
      if (item.dataset.status !== "suggested" && !invalid) {
        var list = items();
        var next = list.slice(list.indexOf(item) + 1).find(function (el) { return el.dataset.status === "suggested"; });
        select(next || item);
      } else {
        var field = item.querySelector(".edit-form input:not([type=hidden]), .has-error input, .has-error select");
        if (field) field.focus();
        else select(item);
      }
    });
    document.addEventListener("click", function (event) {
      var item = event.target.closest(".queue-item");
      if (item) {
        items().forEach(function (el) { el.classList.remove("is-current"); });
        item.classList.add("is-current");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initReader();
    initQueue();
  });
})();
