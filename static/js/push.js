// Web Push on the notification settings page (kakehashi.notifications.views.push_subscribe): subscribes
// this browser with the server's VAPID public key, or unsubscribes it. The service worker (sw.js) shows
// the notifications. Nothing shows without script, a service worker and the Push API.
"use strict";
(function () {
  const section = document.querySelector("[data-push]");
  if (!section || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  const on = section.querySelector("[data-push-on]");
  const denied = section.querySelector("[data-push-denied]");
  const subscribeButton = section.querySelector("[data-push-subscribe]");
  const unsubscribeButton = section.querySelector("[data-push-unsubscribe]");
  const csrf = () => (document.querySelector('input[name="csrfmiddlewaretoken"]') || {}).value || "";

  // The VAPID public key, base64url, as the bytes PushManager wants.
  function keyBytes(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body),
    });
  }

  function show(subscribed) {
    section.hidden = false;
    const blocked = Notification.permission === "denied";
    on.hidden = !subscribed;
    denied.hidden = !blocked || subscribed;
    subscribeButton.hidden = subscribed || blocked;
    unsubscribeButton.hidden = !subscribed;
  }

  navigator.serviceWorker.ready.then(async (registration) => {
    show(Boolean(await registration.pushManager.getSubscription()));

    subscribeButton.addEventListener("click", async () => {
      try {
        const subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(section.dataset.key),
        });
        const response = await post(section.dataset.subscribeUrl, subscription.toJSON());
        if (!response.ok) await subscription.unsubscribe();
        show(response.ok);
      } catch (refused) {
        show(false); // permission refused, or no push service
      }
    });

    unsubscribeButton.addEventListener("click", async () => {
      const subscription = await registration.pushManager.getSubscription();
      if (subscription) {
        await post(section.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      show(false);
    });
  });
})();
