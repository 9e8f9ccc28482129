"""Evidence: files a person uploads to prove what their claim says.

- ``checks``: size, virus scan, real type by content, photo and PDF checks (pure, no I/O
  except the clamd socket);
- ``clamav``: the clamd INSTREAM client;
- ``images``: readability warnings and metadata stripping for photos;
- ``storage``: encrypted files under random names in ``<data_dir>/evidence``;
- ``filenames``: the name shown back to the person, made safe.
"""
