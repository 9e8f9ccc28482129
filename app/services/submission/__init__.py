"""Submission to the back office: the package (JSON and PDF) and the outbox that delivers it.

    package.py   the versioned JSON package and its schema (schema.json)
    pdf.py       the PDF summary (WeasyPrint)
    signing.py   HMAC signatures a receiver checks
    delivery.py  the outbox, its worker and the submission hook
    config.py    BACK_OFFICE_* and STAFF_TOKEN settings

See docs/back-office-package.md.
"""
