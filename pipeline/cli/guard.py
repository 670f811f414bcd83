"""The one error path of every ``claimgraph`` command: ``GuardedGroup``, the command group the app is
built on, turns what a user can cause into one line and exit status 2 (``output.fail``), never a traceback.

Caught, wherever a command (or a sub-command of ``actors`` or ``review``) raises them: usage errors
(an unknown option or choice, a bad value: typer's multi-line box becomes one line naming the help to
read), every ``ClaimgraphError`` (a bad or unreachable store, a bad setting, a missing input) and
``OSError`` (a file that cannot be written). Anything else is a bug and fails loudly. Imports
typer and the shared ``pipeline.cli.output`` only.
"""

from __future__ import annotations

from typing import Any

from typer._click.core import Context  # typer vendors click; pinned in pyproject
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from pipeline.cli.output import fail
from pipeline.errors import ClaimgraphError


class GuardedGroup(TyperGroup):
    """A typer group whose commands end in one error line and exit 2 when the user's input is at fault."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except UsageError as error:
            command = error.ctx.command_path if error.ctx else ctx.command_path
            fail(f"{error.format_message()} (see `{command} --help`)")
        except ClaimgraphError as error:
            fail(str(error))
        except OSError as error:
            fail(os_error_message(error))


def os_error_message(error: OSError) -> str:
    """Return a file-system error as one line: what failed, on which path, and what to check."""
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}: check the path exists and may be written"
