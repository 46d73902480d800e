"""A bundle's verification in parts: the zip container and its limits (container), the
signed manifest and its signer (manifest), strict JSON, numbers and timestamps (strict),
row parsing (rows), what the record CSVs must show (shown), the verified scratch copy
(scratch), the checks of the contents (check) and the two-process path (parallel).

fieldapp.sync.verify is the public door: open_bundle, verify_bundle, verify_container.
"""
