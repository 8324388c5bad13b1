// The outbox: forms saved on this device while offline (the intern's check-in, the daily report), kept in
// IndexedDB and sent once when the connection returns. Shared by the pages (static/js/pwa.js) and the
// service worker (templates/pwa/sw.js, importScripts): no DOM here.
//
// Each saved form: {key, user, url, body, savedAt}. `key` is the idempotency key the form carries (a UUID
// made in the browser): sent twice (by Background Sync and by the page's "online" event, or again after
// an answer lost on the way), the server records it once and answers the first record.
// `user` is who saved it (X-Kakehashi-User): a form is only ever sent for that same person.
"use strict";
(function (root) {
  const DB_NAME = "kakehashi-outbox";
  const STORE = "forms";
  const SYNC_TAG = "kakehashi-outbox";

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  // Run `work(store)` in one transaction; resolves with the value of the request it returns, if any.
  async function inStore(mode, work) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => { db.close(); resolve(request ? request.result : undefined); };
      transaction.onerror = () => { db.close(); reject(transaction.error); };
    });
  }

  const save = (item) => inStore("readwrite", (store) => store.put(item));
  const all = () => inStore("readonly", (store) => store.getAll());
  const remove = (key) => inStore("readwrite", (store) => store.delete(key));

  // Forget the forms of one person (a sign-out), or all of them.
  async function forget(user) {
    for (const item of await all()) if (!user || item.user === user) await remove(item.key);
  }

  // Send the forms `user` saved. `csrf`: a fresh token from the page, when there is one (the token saved
  // with the form is the page's of the time, still good while the person stays signed in).
  // Answers {sent: [...], refused: [{item, errors}], waiting: n, offline: bool}.
  let running = null;
  function flush(user, csrf) {
    if (running) return running; // one run at a time in this page or worker
    running = (async () => {
      const result = { sent: [], refused: [], waiting: 0, offline: false };
      for (const item of await all()) {
        if (item.user !== user) continue;
        const body = new URLSearchParams(item.body);
        if (csrf) body.set("csrfmiddlewaretoken", csrf);
        let response;
        try {
          response = await fetch(item.url, {
            method: "POST",
            body,
            credentials: "same-origin",
            redirect: "manual", // signed out: a redirect to the sign-in page, not a success
            headers: { "X-Kakehashi-Outbox": "1" },
          });
        } catch (networkError) {
          result.offline = true;
          result.waiting += 1;
          continue;
        }
        if (response.status === 200) {
          await remove(item.key);
          result.sent.push(item);
        } else if (response.status === 400) {
          // Refused for good (say, no longer a day of the internship): dropped, and the person is told why.
          let errors = [];
          try { errors = (await response.json()).errors || []; } catch (notJson) { errors = []; }
          await remove(item.key);
          result.refused.push({ item, errors });
        } else {
          result.waiting += 1; // signed out, or the server failed: kept for the next try
        }
      }
      return result;
    })().finally(() => { running = null; });
    return running;
  }

  // A new idempotency key (crypto.randomUUID where the browser has it).
  function newKey() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    const bytes = root.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  root.KakehashiOutbox = { save, all, remove, forget, flush, newKey, SYNC_TAG };
})(self);
