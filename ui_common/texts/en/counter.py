"""Words of the counter: clerk's panel, citizen-facing display, rating — in English."""

TEXTS = {
    # the clerk's panel: login
    "counter_login_title": "Counter sign-in",
    "counter_username": "Username",
    "counter_pin": "PIN",
    "counter_login": "Sign in",
    "counter_logout": "Sign out",
    "counter_wrong_pin": "The username or PIN is not right. Please try again.",
    "counter_locked": (
        "Too many wrong PINs: this account is locked here for a few minutes. "
        "Try again later or ask a supervisor."
    ),
    "counter_too_many": (
        "Too many wrong PINs from this counter: please wait a few minutes, then try again."
    ),
    "counter_not_assigned": (
        "You do not work at counter {counter} today. Sign in at your own counter, or ask a "
        "supervisor to assign you to this one."
    ),
    "counter_login_needed": "Please enter your username and PIN.",
    "counter_signing_in": "Signing in…",
    # the clerk's panel: the counter and its ticket
    "counter_clerk": "Clerk: {name}",
    "counter_state_open": "Open",
    "counter_state_paused": "Paused",
    "counter_state_closed": "Closed",
    "counter_no_ticket": "No number called yet",
    "counter_idle_open": "Press Call next (F1) to invite the next citizen.",
    "counter_idle_paused": "The counter is paused: press Open counter (F8) to call again.",
    "counter_idle_closed": "The counter is closed: press Open counter (F8) to start calling.",
    "counter_status_called": "Called – waiting for the citizen",
    "counter_status_serving": "Serving",
    "counter_called_ago": "Called at {time} · {elapsed} ago",
    "counter_started_ago": "Started at {time} · {elapsed} ago",
    "counter_recalls": "Recalled {n} times",
    "counter_recalls_one": "Recalled once",
    "counter_from_counter": "Transferred from counter {n}",
    "counter_priority": "Priority",
    "counter_appointment": "Appointment {time}",
    "counter_services": "This counter's services",
    "counter_waiting_list": "Waiting for this counter",
    "counter_nobody_waiting": "Nobody is waiting",
    "counter_today": "Today",
    "counter_today_counter": "Counter",
    "counter_today_clerk": "You",
    "counter_not_here": "{number} (not here)",
    "counter_more_n": "+{n}",
    "counter_col_waiting": "Waiting",
    "counter_col_called": "Called",
    "counter_col_served": "Done",
    "counter_col_no_show": "No-show",
    "counter_col_average": "Min/case",
    # the clerk's panel: actions
    "action_next": "Call next",
    "action_recall": "Recall",
    "action_start": "Start",
    "action_finish": "Finish",
    "action_no_show": "No-show",
    "action_transfer": "Transfer",
    "action_call_chosen": "Call another",
    "action_pause": "Pause",
    "action_open": "Open counter",
    "action_close": "Close counter",
    # the clerk's panel: what happened
    "counter_nobody_to_call": "Nobody is waiting for this counter.",
    "counter_offline": (
        "Connection to the system lost: buttons are locked. No number is called twice."
    ),
    "counter_reloaded": "Reconnected – the counter's state has been reloaded.",
    "refused_ticket_in_progress": (
        "The called number has not been started: press Start if the citizen is here, "
        "or Recall / No-show."
    ),
    "refused_recall_first": "Recall at least {n} time(s) before marking a no-show.",
    "refused_counter_not_open": "The counter is not open: press Open counter (F8) first.",
    "refused_no_current_ticket": "The counter has no number now: call the next one.",
    "refused_not_callable_here": "This number is no longer waiting for this counter.",
    "refused_not_checked_in": (
        "This number was taken by text and its holder has not checked in at the kiosk yet."
    ),
    "refused_session": "The session has ended: please sign in again.",
    "refused_other": "The system refused: {message}",
    # the transfer dialog
    "transfer_title": "Transfer number {number}",
    "transfer_to_service": "To service",
    "transfer_to_counter": "To counter",
    "transfer_front": "To the front of the queue",
    "transfer_back": "To the back of the queue",
    "transfer_confirm": "Transfer",
    # the out-of-turn call dialog
    "texts_button": "Text the citizen",
    "texts_title": "Text number {number} near their turn",
    "texts_consent": (
        "Only with the citizen's consent: the number is used for texts about this ticket and "
        "deleted at the end of the day."
    ),
    "texts_confirm": "Save the number",
    "texts_done": "{phone} will be texted near the turn and when called.",
    "texts_invalid": "Not a Vietnamese mobile number (10 digits starting 03, 05, 07, 08, 09).",
    "call_chosen_title": "Call one number out of turn",
    "call_chosen_reason": "Reason (kept in the event log)",
    "call_chosen_reason_hint": "e.g. the citizen came back with a missing paper",
    "call_chosen_confirm": "Call this number",
    "call_chosen_empty": "No number is waiting for this counter.",
    # the citizen-facing display
    "display_counter": "COUNTER {n}",
    "display_inviting": "Now serving number",
    "display_clerk_on_duty": "Officer on duty",
    "display_more_services": "+{n} more",
    "display_waiting": "Waiting",
    "display_nobody_waiting": "Nobody is waiting now",
    "display_paused": "Counter paused",
    "display_paused_detail": "Please wait a moment",
    "display_closed": "Counter closed",
    "display_closed_detail": "Please go to another counter",
    "display_welcome": "Welcome",
    # the rating
    "rating_question": "Are you satisfied with how your case was handled?",
    "rating_touch": "Touch one face to rate",
    "rating_reason_question": "Please tell us why (optional)",
    "rating_skip": "Skip",
    "rating_thanks": "Thank you!",
    "rating_thanks_detail": "Your opinion helps us serve you better.",
}
