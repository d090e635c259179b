"""Date formats Django's own locale files leave out (settings.FORMAT_MODULE_PATH).

Django's Arabic formats give a date ("7 ديسمبر، 2026") but no date and time, so a time stamp
fell back to the English order ("ديسمبر 7, 2026, 2:15 م"); the Arabic ones below write it in
the order of the Arabic date.
"""
