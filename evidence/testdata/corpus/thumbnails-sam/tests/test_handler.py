import io

from PIL import Image

from thumbnails.handler import make_thumbnail


def test_make_thumbnail_shrinks():
    img = Image.new("RGB", (1024, 768))
    buf = io.BytesIO()
    img.save(buf, format="JPEG")
    out = Image.open(io.BytesIO(make_thumbnail(buf.getvalue())))
    assert max(out.size) <= 256
