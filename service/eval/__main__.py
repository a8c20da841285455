import sys

from service.eval.retrieval import main

sys.exit(main())
