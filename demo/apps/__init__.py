"""The demo hall's side of each app, run in the app's own process: the app built by the one
start-up (``ui_common.app``), with the demo's hooks attached (screenshots, a ready mark, an
autopilot). The launcher starts each app through its entry here (``demo.hall``)."""
