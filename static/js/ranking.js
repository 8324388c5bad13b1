// The student's ranking of places (templates/internships/my_ranking.html).
// - Drag a place by its handle (mouse, pen or finger: pointer events) to another line; on release the hidden
//   form #ranking-move posts the place and its new line, and HTMX swaps the list.
// - The arrow buttons do the same for keyboards and screen readers; after the swap the focus returns to the
//   same button of the same place (or its other arrow when that one became disabled), so a keyboard user
//   can press it again.
// Without JavaScript the buttons still post and the page reloads.
(() => {
  "use strict";

  let dragging = null;
  let startIndex = -1;
  let lastControl = null; // {place, action} of the last arrow button used

  const itemsOf = (list) => Array.from(list.querySelectorAll(":scope > li.rank-item"));

  document.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest(".can-reorder .rank-handle");
    if (!handle || event.button !== 0) return;
    dragging = handle.closest("li.rank-item");
    startIndex = itemsOf(dragging.parentElement).indexOf(dragging);
    dragging.classList.add("is-dragging");
    handle.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  document.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    const list = dragging.parentElement;
    for (const item of itemsOf(list)) {
      if (item === dragging) continue;
      const box = item.getBoundingClientRect();
      if (event.clientY >= box.top && event.clientY <= box.bottom) {
        const before = event.clientY < box.top + box.height / 2;
        list.insertBefore(dragging, before ? item : item.nextSibling);
        break;
      }
    }
  });

  const drop = (cancelled) => {
    if (!dragging) return;
    const item = dragging;
    dragging = null;
    item.classList.remove("is-dragging");
    const list = item.parentElement;
    const index = itemsOf(list).indexOf(item);
    if (cancelled) {
      // Put it back where it was.
      const others = itemsOf(list).filter((other) => other !== item);
      list.insertBefore(item, others[startIndex] || null);
      return;
    }
    if (index === startIndex) return;
    const form = document.getElementById("ranking-move");
    if (!form) return;
    form.elements.place.value = item.dataset.place;
    form.elements.position.value = String(index + 1);
    lastControl = null;
    form.requestSubmit();
  };
  document.addEventListener("pointerup", () => drop(false));
  document.addEventListener("pointercancel", () => drop(true));

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".rank-controls button");
    if (!button) return;
    lastControl = { place: button.form.elements.place.value, action: button.value };
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    if (!lastControl || event.target.id !== "ranking") return;
    const item = document.querySelector(`#ranking li.rank-item[data-place="${CSS.escape(lastControl.place)}"]`);
    let target = item && item.querySelector(`button[value="${lastControl.action}"]`);
    if (target && target.disabled) {
      target = item.querySelector(`button[value="${lastControl.action === "up" ? "down" : "up"}"]`);
    }
    if (!target || target.disabled) target = document.querySelector("#ranking .rank-controls button:not([disabled])");
    if (target) target.focus();
    lastControl = null;
  });
})();
