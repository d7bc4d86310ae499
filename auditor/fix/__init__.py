"""`auditor fix`: mend what a check found, losslessly. Images get the IPTC digital
source type in their XMP (one module per container); captions get a disclosure.

Nothing here decides whether something is wrong: the findings of a check say so,
and ``plan`` turns them into edits.
"""
