"""What runs a core beside the code that needs one (the demo, the simulator, the tests, the bench,
the screenshot tools): the core as a child process and the one wait until it answers
(``child``), a core set up for tests and the bench (``server``), and a cable that can be cut
(``proxy``). Nothing a centre runs imports it."""
