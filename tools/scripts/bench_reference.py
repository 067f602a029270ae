"""The practical floor for `validate-campaign`: stdlib json + jsonschema-rs, nothing else.

Usage: python tools/scripts/bench_reference.py BUNDLED_SCHEMA FILE...
Prints the path of every invalid (or unparsable) file, collecting all errors as a linter must,
and exits 1 if there was one. The benchmark runs it beside `validate-campaign`.
"""

import json
import sys

import jsonschema_rs


def main() -> int:
    with open(sys.argv[1], "rb") as handle:
        validator = jsonschema_rs.validator_for(json.load(handle), validate_formats=True)
    failed = 0
    for path in sys.argv[2:]:
        try:
            with open(path, "rb") as handle:
                instance = json.loads(handle.read())
        except (OSError, ValueError):
            print(path)
            failed += 1
            continue
        if not validator.is_valid(instance):
            errors = list(validator.iter_errors(instance))
            print(path, len(errors))
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
