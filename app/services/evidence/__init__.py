"""Evidence: files a person uploads to prove what their claim says.

- ``checks``: size, virus scan, real type by content, photo and PDF checks (pure, no I/O
  except the clamd socket);
- ``clamav``: the clamd INSTREAM client;
- ``sniff``: the real type, from the signature at the start of the file;
- ``images``: the pixel limit, readability warnings and metadata stripping for photos;
- ``pdfs``: refusing PDFs that are damaged, encrypted, run code or carry other files;
- ``storage``: encrypted files under random names in ``<data_dir>/evidence``;
- ``filenames``: the name shown back to the person, made safe.
"""
