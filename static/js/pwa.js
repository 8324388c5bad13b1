// The installable app, on the page side (kakehashi.core.pwa): registers the service worker, keeps forms
// marked data-outbox on this device when offline and sends them when the connection returns, and forgets
// the kept pages and forms at sign-out. Without a service worker or IndexedDB, forms post as always.
"use strict";
(function () {
  const Outbox = window.KakehashiOutbox;
  const info = document.querySelector('meta[name="kakehashi-user"]');
  const user = info ? info.content : "-";
  const text = (name) => (info && info.dataset[name]) || "";
  const hasWorker = "serviceWorker" in navigator;

  if (hasWorker) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    // Sent by the worker's Background Sync: say so here too.
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "outbox-sent") report({ sent: new Array(event.data.sent), refused: event.data.refused || [] });
    });
  }

  // A status line at the top of the page, like the server's messages.
  function say(message, level) {
    if (!message) return;
    const main = document.getElementById("main");
    if (!main) return;
    let section = main.querySelector("section.messages");
    if (!section) {
      section = document.createElement("section");
      section.className = "messages";
      section.setAttribute("aria-live", "polite");
      main.prepend(section);
    }
    const line = document.createElement("p");
    line.className = "message " + level;
    line.setAttribute("role", level === "error" ? "alert" : "status");
    line.textContent = message;
    section.append(line);
  }

  function report(result) {
    if (result.sent.length) say(text("sent"), "success");
    result.refused.forEach((refusal) => say(text("refused") + " " + (refusal.errors || []).join(" "), "error"));
  }

  function csrfToken() {
    const field = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : null;
  }

  async function send() {
    if (!Outbox || user === "-" || !navigator.onLine) return;
    try {
      report(await Outbox.flush(user, csrfToken()));
    } catch (storageError) { /* IndexedDB unavailable (a private window): nothing was kept */ }
  }

  // Offline: keep the form here, with its key, and ask the worker to send it when the connection returns.
  async function keep(form) {
    const body = new URLSearchParams(new FormData(form));
    const key = body.get("idempotency_key");
    await Outbox.save({ key, user, url: form.action, body: body.toString(), savedAt: Date.now() });
    say(text("saved"), "warning");
    form.reset();
    if (hasWorker) {
      const registration = await navigator.serviceWorker.ready;
      if (registration.sync) await registration.sync.register(Outbox.SYNC_TAG).catch(() => {});
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.matches('[action$="/accounts/logout/"]')) return signOut(event, form);
    if (!form.hasAttribute("data-outbox")) return;
    // A new key for each tap or save: sent again (offline, or after a lost answer) it is recorded once.
    const field = form.querySelector("[data-idempotency]");
    if (field && Outbox) field.value = Outbox.newKey();
    if (navigator.onLine || !Outbox || !field || user === "-") return; // online: the ordinary post
    event.preventDefault();
    keep(form).catch(() => form.submit());
  });

  // Sign-out: send what is waiting, then forget this person's kept pages and forms on this device.
  function signOut(event, form) {
    if (form.dataset.cleared) return;
    event.preventDefault();
    const done = () => { form.dataset.cleared = "1"; form.submit(); };
    const work = (async () => {
      await send();
      if (Outbox) await Outbox.forget(user);
      if (window.caches) await caches.delete("kakehashi-pages");
      if (hasWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "signed-out" });
    })();
    // Never hold the sign-out for long.
    Promise.race([work, new Promise((resolve) => setTimeout(resolve, 1500))]).then(done, done);
  }

  async function showWaiting() {
    if (!Outbox || user === "-") return;
    try {
      const waiting = (await Outbox.all()).filter((item) => item.user === user);
      if (waiting.length && !navigator.onLine) say(text("saved"), "warning");
    } catch (storageError) { /* nothing kept */ }
  }

  window.addEventListener("online", send);
  document.addEventListener("DOMContentLoaded", () => { showWaiting(); send(); });
})();
