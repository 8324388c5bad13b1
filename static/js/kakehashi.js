// Progressive enhancement only: every form here also works with its submit button and no script.
document.addEventListener("DOMContentLoaded", () => {
  // Selects marked data-autosubmit (language, program) submit their form as soon as they change.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
