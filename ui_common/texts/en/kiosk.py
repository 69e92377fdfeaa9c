"""The kiosk's words, in English."""

TEXTS = {
    "kiosk_welcome": "Please choose the agency you need",
    "kiosk_waiting": "{n} waiting",
    "kiosk_estimate": "About {minutes} min wait",
    "kiosk_estimate_none": "Under 1 min wait",
    "kiosk_estimate_range": "About {low}–{high} min wait",
    "kiosk_estimate_short": "Under {m} min wait",
    "kiosk_search_button": "Search by procedure name",
    "kiosk_lookup_button": "Look up a procedure",
    "kiosk_priority_button": "Priority",
    "kiosk_priority_who": "Elderly · Disabled · Pregnant women · People with merit",
    "kiosk_priority_title": "Priority ticket",
    "kiosk_priority_prompt": (
        "Priority tickets are served first. Please confirm which of these applies to you:"
    ),
    "kiosk_priority_elderly": "Elderly person",
    "kiosk_priority_disabled": "Person with a disability",
    "kiosk_priority_pregnant": "Pregnant woman",
    "kiosk_priority_merit": "Person with merit to the revolution",
    "kiosk_priority_no": "No, a normal ticket",
    "kiosk_priority_mode": "You are taking a PRIORITY ticket: {kind}",
    "kiosk_priority_drop": "Cancel priority",
    "kiosk_choose_service": "Choose the procedure",
    "kiosk_procedure_button": "Procedure details",
    "kiosk_reason_closed_now": "Outside opening hours",
    "kiosk_reason_closed_today": "Not taking applications today",
    "kiosk_reason_daily_cap_reached": "No more tickets today",
    "kiosk_reason_unavailable": "Not taking applications now",
    "kiosk_agency_closed": "Not taking applications now",
    "kiosk_search_title": "Find a procedure",
    "kiosk_lookup_title": "Look up a procedure",
    "kiosk_search_hint": "Type a few letters of the procedure's name, no accents needed.",
    "kiosk_search_none": "No procedure has “{query}”. Please try other letters.",
    "kiosk_search_count": "{n} matching procedures",
    "kiosk_key_space": "Space",
    "kiosk_key_clear": "Clear",
    "kiosk_procedure_documents": "Documents to bring",
    "kiosk_procedure_time": "Processing time",
    "kiosk_procedure_fee": "Fee",
    "kiosk_procedure_missing": (
        "There are no details for this procedure yet. The staff at the counter will help you."
    ),
    "kiosk_take_for_procedure": "Take a ticket for this procedure",
    "kiosk_printing": "Printing your ticket…",
    "kiosk_printing_detail": "Please wait a moment.",
    "kiosk_your_number": "Your number",
    "kiosk_ticket_priority": "PRIORITY",
    "kiosk_ticket_take": "Please take your ticket from the printer below.",
    "kiosk_ticket_qr": "Scan to follow your turn on your phone",
    "kiosk_paperless_title": "The ticket could not be printed",
    "kiosk_paperless": (
        "Please take a photo of this screen or scan the QR code to keep your number."
    ),
    "kiosk_done": "Done",
    "kiosk_problem_title": "No ticket yet",
    "kiosk_problem_no_number": "No number has been issued. Please ask a member of staff.",
    "kiosk_problem_core_away": (
        "The system is reconnecting. No number has been issued; please try again in a few minutes."
    ),
    "kiosk_problem_refused": "This procedure is not taking tickets now.",
    "kiosk_problem_too_fast": (
        "Tickets are being taken too fast here. Please wait a few seconds and try again."
    ),
    "kiosk_no_printer": "This kiosk has no printer connected.",
    "kiosk_try_again": "Try again",
    "kiosk_people": "people",
    "kiosk_texts_offer": "Text me when my turn is near",
    "kiosk_texts_title": "A text when your turn is near",
    "kiosk_texts_prompt": "Type your mobile number:",
    "kiosk_texts_empty": "09xx xxx xxx",
    "kiosk_texts_consent": (
        "By pressing “Send” you agree to receive texts about this ticket: when your turn is "
        "near and when you are called. Your number is used for nothing else and is "
        "deleted at the end of the day."
    ),
    "kiosk_texts_send": "Send",
    "kiosk_texts_sending": "Sending…",
    "kiosk_texts_invalid": (
        "This is not a Vietnamese mobile number (10 digits starting 03, 05, 07, 08 or 09)."
    ),
    "kiosk_texts_away": "The system cannot be reached. Your ticket stands; please try again.",
    "kiosk_texts_refused": "Texts cannot be set for this ticket. Please ask at a counter.",
    "kiosk_texts_done": "We will text {phone} when your turn is near.",
    "kiosk_dossier_button": "Check a dossier",
    "kiosk_dossier_title": "Check a dossier",
    "kiosk_dossier_prompt": (
        "Type the dossier code printed on your receipt, or hold the receipt's barcode"
        " under the scanner."
    ),
    "kiosk_dossier_code_empty": "Dossier code…",
    "kiosk_dossier_look_up": "Check",
    "kiosk_dossier_code": "Dossier code: {code}",
    "kiosk_dossier_asking": "Looking up your dossier…",
    "kiosk_dossier_unknown": "Dossier not found",
    "kiosk_dossier_unknown_detail": (
        "No dossier has this code. Please check the code on your receipt, or ask a member of staff."
    ),
    "kiosk_dossier_busy": (
        "This kiosk has looked up too many dossiers. Please try again in a minute."
    ),
    "kiosk_dossier_away": "The system cannot be reached. Please try again in a few minutes.",
    "kiosk_dossier_procedure": "Procedure",
    "kiosk_dossier_agency": "Handled by",
    "kiosk_dossier_holder": "Applicant",
    "kiosk_dossier_received": "Received",
    "kiosk_dossier_due": "Due",
    "kiosk_dossier_resolved": "Result ready on",
    "kiosk_dossier_early": "The result was ready before the due date.",
    "kiosk_dossier_on_time": "The result was ready on time.",
    "kiosk_dossier_late": "The result was ready after the due date.",
    "kiosk_dossier_pending": "Your dossier is within its processing time.",
    "kiosk_dossier_overdue": "Your dossier is past its due date. Please ask a member of staff.",
    "kiosk_dossier_ready": "Please come and collect your result.",
    "kiosk_dossier_counters": "Collect at: {counters}",
    "kiosk_dossier_counter": "Counter {n}",
    "kiosk_dossier_bring": "Please bring: {bring}",
    "kiosk_dossier_take": "Take a ticket to collect the result",
    "kiosk_dossier_no_result_service": "Please ask a member of staff how to collect it.",
    "kiosk_dossier_again": "Check another code",
    "kiosk_booking_button": "I have an appointment",
    "kiosk_booking_title": "I have an appointment",
    "kiosk_booking_prompt": (
        "Scan your booking's QR code at the reader below the screen, or type its 6-character "
        "code, or the code texted to you with a number taken by text."
    ),
    "kiosk_booking_code_empty": "Booking code…",
    "kiosk_booking_submit": "Confirm",
    "kiosk_booking_slot": "Appointment at {time}",
    "kiosk_booking_early": "You are early",
    "kiosk_booking_early_detail": (
        "Your appointment is at {slot}, for {service}. Please come back from {back} for your "
        "appointment's ticket, or take an ordinary ticket now."
    ),
    "kiosk_booking_late": "Your appointment has passed",
    "kiosk_booking_late_detail": (
        "Your appointment at {slot} is past the time allowed, so its place is no longer "
        "held. You will still be served: please take an ordinary ticket, like anyone walking "
        "in."
    ),
    "kiosk_booking_walk_in": "Take an ordinary ticket",
    "kiosk_booking_later": "I will come back",
    "kiosk_problem_unknown_booking": (
        "No booking has this code. Please check the code, or take an ordinary ticket."
    ),
    "kiosk_problem_booking_closed": (
        "This booking has been used or cancelled, or the number taken by text has had its "
        "turn. Please ask a member of staff, or take an ordinary ticket."
    ),
    "kiosk_large_text": "Aa  Large text",
    "kiosk_high_contrast": "High contrast",
    "kiosk_voice_button": "Voice guidance",
    "kiosk_voice_on": (
        "Voice guidance is on. Keys 4 and 6 read each choice, 5 chooses, 0 goes back."
    ),
    "kiosk_voice_home": "Home screen.",
    "kiosk_voice_greyed": "Not taking tickets now.",
    "kiosk_voice_ticket_rule": (
        "Please take your ticket from the printer slot. When your number is called, go to "
        "the counter announced and shown on the board."
    ),
}
