"""One door through which the platform tells a person something: `notify(recipients, event, context)`.

- `events.py` is the catalog: each event's key, kind, urgency, who may receive it, and its texts per
  channel (an email's subject and body, the in-app inbox's short text), written in the recipient's language.
- `channels.py` holds the channels (email and the in-app inbox today; Web Push, LINE, Messenger and SMS plug
  into the same `Channel` interface later).
- `services.py`: `notify()` writes the inbox rows and the delivery log (queued) in the caller's transaction
  and enqueues the sending on commit; `deliver_due()` (a task, and a periodic job for what quiet hours held
  back) sends. Nothing is ever sent inside a request.

Import it as `from kakehashi.notifications.services import notify`.
"""
