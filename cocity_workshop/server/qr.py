"""QR codes for the join URL: a PNG for screens and tickets, block characters for a terminal."""

from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

_HALF_BLOCKS = {(False, False): "\u2588", (True, False): "\u2584", (False, True): "\u2580", (True, True): " "}


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_png(data: str, size_px: int = 512) -> bytes:
    """A square PNG about ``size_px`` wide (whole modules, never blurred) encoding ``data``."""
    code = _code(data)
    modules = code.modules_count + 2 * code.border
    code.box_size = max(1, size_px // modules)
    image = code.make_image()
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def qr_terminal(data: str) -> str:
    """``data`` as a QR code drawn with half-block characters (two rows of modules per line)."""
    code = _code(data)
    matrix = code.get_matrix()  # includes the quiet zone
    lines: list[str] = []
    for top in range(0, len(matrix), 2):
        upper = matrix[top]
        lower = matrix[top + 1] if top + 1 < len(matrix) else [False] * len(upper)
        # Light modules are drawn as blocks and dark ones left blank, so the code (with its light quiet
        # zone) scans on the usual dark terminal background.
        lines.append("".join(_HALF_BLOCKS[(up, down)] for up, down in zip(upper, lower, strict=True)))
    return "\n".join(lines)
