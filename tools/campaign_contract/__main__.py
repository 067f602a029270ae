"""`python -m campaign_contract`: the same as the `campaign-contract` command."""

import sys

from campaign_contract.cli import main

sys.exit(main())
