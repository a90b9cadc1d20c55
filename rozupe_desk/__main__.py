"""`python -m rozupe_desk` runs the same entry point as `rozupe-desk`."""

from rozupe_desk.cli import main

raise SystemExit(main())
