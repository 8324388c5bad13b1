"""Real files for upload tests: the validator decodes images, so a signature followed by zeros is refused."""

import io


def real_image(fmt: str = "PNG", size: tuple[int, int] = (4, 4)) -> bytes:
    """A small image that Pillow wrote, in `fmt` ("PNG", "JPEG", "GIF", "WEBP")."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 90, 160)).save(buffer, fmt)
    return buffer.getvalue()
