"""Acts as Alexa: builds real request envelopes, keeps a session, and can sign requests.

Used by the test suite, the benchmarks and the local chat simulator (`knot-helper chat`).
"""
