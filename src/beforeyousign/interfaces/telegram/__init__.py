"""The Telegram bot: ``beforeyousign bot --token-file FILE``.

:mod:`.core` decides what to answer, from inputs already decoded (who wrote, in which
language, which files of what size, their bytes) to outgoing messages, and knows nothing
of Telegram; :mod:`.bot` is the python-telegram-bot adapter around it (handlers, albums,
downloads into memory, worker threads, long polling). Neither keeps a document, a text or
a report beyond the short time the reader may ask for the report as a file, and the logs
hold only counts and timings.
"""
