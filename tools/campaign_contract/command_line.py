"""The argument parser every command builds on: argparse's, with its help written as the rest of
the toolkit's output is.

argparse writes `--help` and ignores a failure to write it (its `_print_message` swallows the
`OSError`), then exits 0: on a full disk, or with standard output closed, a command printed
nothing, said nothing and succeeded. Here a help that cannot be written is one line on stderr
naming the command, and exit 3, as with a report (`errors.write_stdout`).

Only a command that parses options imports this module (argparse with it): `validate-campaign`
on a list of paths alone does without both.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from campaign_contract.errors import write_stdout

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class ArgumentParser(argparse.ArgumentParser):
    """`argparse.ArgumentParser`, except that `--help` on a standard output that cannot be
    written exits 3 with one line on stderr instead of 0 with nothing said."""

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        if file is not None:  # a caller's own stream: argparse's way
            super().print_help(file)
            return
        code = write_stdout(self.format_help(), self.prog)
        if code:
            raise SystemExit(code)
