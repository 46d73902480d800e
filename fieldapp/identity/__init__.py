"""Who signs: this device's keys and certificate, shared by bundles (sync) and reports."""
