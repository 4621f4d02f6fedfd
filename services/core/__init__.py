"""What the three services share: settings, server bootstrap, errors, auth, storage."""
