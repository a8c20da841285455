import sys

from service.api.cli import main

sys.exit(main())
