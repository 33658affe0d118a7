"""Spreadsheets in and out: the office's door to the YAML data contract.

Staff receive recommendations as spreadsheets and work in Excel/WPS; the data
stays YAML in git. One column table (:mod:`.columns`) drives all three doors so
they can never disagree: the blank template (:mod:`.template`), the import of a
filled sheet or CSV (:mod:`.importing`, :mod:`.reading`, :mod:`.cells`,
:mod:`.writing`) and the printable export of published lists
(:mod:`.exporting`, :mod:`.compliance`).
"""
