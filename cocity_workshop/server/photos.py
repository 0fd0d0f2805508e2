"""Photos from phones: decoded, turned upright, shrunk and re-encoded, so no metadata (EXIF, GPS) survives."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from cocity_workshop.core.errors import InvalidInput

#: The longest side of a stored photo, in pixels.
MAX_SIDE = 1600
#: Refuse images whose pixel count could exhaust memory when decoded (a "decompression bomb").
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


def reencode(data: bytes) -> tuple[str, bytes, int, int]:
    """Return ``(mime, bytes, width, height)`` of a clean JPEG made from an uploaded image.

    Raises ``InvalidInput`` when the data is not an image we accept.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                if opened.format not in ACCEPTED_FORMATS:
                    raise InvalidInput("Photos must be JPEG, PNG or WebP images.")
                if opened.width * opened.height > MAX_PIXELS:
                    raise InvalidInput("The photo has too many pixels.")
                image = ImageOps.exif_transpose(opened)
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                if image.mode not in ("RGB", "L"):
                    background = Image.new("RGB", image.size, (255, 255, 255))
                    rgba = image.convert("RGBA")
                    background.paste(rgba, mask=rgba.getchannel("A"))
                    image = background
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=82, optimize=True)
                return "image/jpeg", out.getvalue(), image.width, image.height
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidInput("This file is not a photo we can read.") from None
