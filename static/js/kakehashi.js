// Progressive enhancement only: every form here also works with its submit button and no script.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // Selects marked data-autosubmit (language, program) submit their form as soon as they change.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });

  // The phone menu: the button (a link to #site-menu without script) opens and closes the menu.
  const toggle = document.querySelector("[data-menu-toggle]");
  const menu = document.getElementById("site-menu");
  if (toggle && menu) {
    toggle.setAttribute("role", "button");
    const setOpen = (open) => {
      menu.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", String(open));
    };
    toggle.addEventListener("click", (event) => {
      event.preventDefault();
      setOpen(!menu.classList.contains("open"));
    });
    toggle.addEventListener("keydown", (event) => {
      if (event.key === " ") {
        event.preventDefault();
        setOpen(!menu.classList.contains("open"));
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && menu.classList.contains("open")) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // Drop-down areas (<details data-dropdown>): one open at a time; a click elsewhere or Escape closes them.
  const dropdowns = [...document.querySelectorAll("details[data-dropdown]")];
  dropdowns.forEach((details) => {
    details.addEventListener("toggle", () => {
      if (details.open) dropdowns.forEach((other) => { if (other !== details) other.open = false; });
    });
  });
  document.addEventListener("click", (event) => {
    dropdowns.forEach((details) => { if (details.open && !details.contains(event.target)) details.open = false; });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    dropdowns.forEach((details) => {
      if (details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
  });

  // Buttons that only serve pages without script (the language select submits itself).
  document.querySelectorAll("[data-js-hide]").forEach((element) => element.classList.add("visually-hidden"));

  // Tables: each scrolls sideways in its own focusable region, named after its caption or heading.
  document.querySelectorAll("main table").forEach((table) => {
    if (table.closest(".table-scroll, .gradebook, .board-columns")) return;
    const wrapper = document.createElement("div");
    wrapper.className = "table-scroll";
    wrapper.setAttribute("role", "region");
    wrapper.tabIndex = 0;
    const caption = table.querySelector("caption");
    let heading = null;
    for (let node = table.previousElementSibling; node && !heading; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) heading = node;
    }
    const name = (caption || heading || document.querySelector("main h1"))?.textContent.trim() || "";
    if (name) wrapper.setAttribute("aria-label", name);
    table.parentNode.insertBefore(wrapper, table);
    wrapper.appendChild(table);
  });

  // Forms marked data-confirm="Question?" ask first, in a dialog (without script they submit at once).
  const dialog = document.getElementById("confirm-dialog");
  if (dialog && dialog.showModal) {
    const message = dialog.querySelector("[data-confirm-message]");
    let pending = null;
    document.addEventListener("submit", (event) => {
      const form = event.target;
      if (!form.matches("form[data-confirm]") || form.dataset.confirmed === "yes") return;
      event.preventDefault();
      pending = { form, submitter: event.submitter };
      message.textContent = form.dataset.confirm;
      dialog.showModal();
      dialog.querySelector("[data-confirm-cancel]").focus();
    }, true);
    dialog.querySelector("[data-confirm-cancel]").addEventListener("click", () => { pending = null; dialog.close(); });
    dialog.querySelector("[data-confirm-ok]").addEventListener("click", () => {
      dialog.close();
      if (!pending) return;
      pending.form.dataset.confirmed = "yes";
      pending.form.requestSubmit(pending.submitter || undefined);
      pending = null;
    });
  }
});
