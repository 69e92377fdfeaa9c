"""Every screen of the three apps drawn offscreen at the sizes they are used at, for the docs, each
checked to fit its screen: ``python -m demo.screenshots.kiosk|counter|board OUTDIR``
(``make screenshots``). The tests walk the same scenes."""
