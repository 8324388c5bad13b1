"""The QR code printed on a certificate: the verification page's address with the code, as an SVG data URI
that WeasyPrint draws as vectors (sharp at any print size)."""

import base64
import io

import qrcode
import qrcode.image.svg


def qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
