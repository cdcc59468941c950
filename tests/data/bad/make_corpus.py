"""Writes the bad-input corpus next to this file (run once; the files are committed).

``python tests/data/bad/make_corpus.py`` rewrites every file deterministically. The
large inputs (11 MB, a 5 MB line) are not committed: the test writes them itself.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
HEAD = "**CHƯƠNG TRÌNH**\n**Công tác tháng 7 năm 2020**\n\n**1. Các nhiệm vụ trọng tâm**\n\n"
TASK = "- Thanh tra Sở chủ trì kiểm tra các cơ sở kinh doanh xăng dầu trên địa bàn tỉnh.\n"
rng = random.Random(13)


def text(name: str, content: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(content.encode(encoding))


def raw(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def zipped(name: str, parts: dict[str, bytes], **options: int) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **options) as package:
        for part, data in parts.items():
            package.writestr(part, data)
    raw(name, buffer.getvalue())


def main() -> None:
    programme = HEAD + TASK
    raw("empty.md", b"")
    text("blank-lines.txt", " \n\t\r\n\n   \n")
    raw("bom-only.md", b"\xef\xbb\xbf")
    raw("bom-and-spaces.md", b"\xef\xbb\xbf  \r\n \t ")
    raw("random-bytes.md", bytes(rng.randrange(256) for _ in range(4096)))
    raw("random-high-bytes.txt", b"Ch\x81\x8a\x8d" + bytes(rng.randrange(128, 256) for _ in range(512)))
    raw("fake.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n")
    raw("pdf-named.md", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"stream\nx\x9c\x03\x00\nendstream\n")
    raw("word-97.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    raw("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17))
    raw("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32))
    raw("anim.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(16))
    raw("archive.md.gz", b"\x1f\x8b\x08\x00" + bytes(16))
    raw("archive.rar", b"Rar!\x1a\x07\x00" + bytes(16))
    zipped("archive.zip", {"ghi-chu.txt": b"khong phai van ban"})
    text("utf16-le.md", "\ufeff" + programme, "utf-16-le")
    text("utf16-be.md", "\ufeff" + programme, "utf-16-be")
    text("utf16-no-bom.txt", programme, "utf-16-le")
    text("shift-jis.txt", "作業計画 2020年7月\n- 検査を実施する\n", "shift_jis")
    raw("tcvn3.txt", "**CH¦¥NG TR×NH**\nC«ng t¸c th¸ng 7 n¨m 2020\n- Thanh tra Së chñ tr× kiÓm tra.\n".encode("latin-1"))
    text("koi8-r.txt", "Программа работы на июль 2020\n- Проверка\n", "koi8_r")
    text("nul-bytes.md", programme.replace("kiểm tra", "kiểm\x00tra"))
    text("nul-at-end.txt", programme + "\x00")
    zipped("corrupt.docx", {"word/document.xml": b"<w:document>" * 50})
    raw("truncated.docx", (HERE / "corrupt.docx").read_bytes()[:60])
    text("text-named.docx", programme)
    zipped("no-document-part.docx", {"[Content_Types].xml": b"<Types/>", "docProps/app.xml": b"<x/>"})
    zipped("workbook-named.docx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    zipped("workbook.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    zipped("zip-bomb.docx", {"word/document.xml": b"\x00" * (200 * 1024 * 1024)}, compresslevel=9)
    zipped("many-parts.docx", {f"word/media/p{n}.bin": b"" for n in range(2500)})
    text("only-recipients.md", "Nơi nhận:\n- Như trên;\n- UBND tỉnh (b/c);\n- Lưu: VT, VP.\n")
    text("month-13.md", HEAD.replace("tháng 7", "tháng 13") + TASK)
    text("feb-31.md", HEAD + "- Thanh tra Sở hoàn thành kiểm tra trước ngày 31/02/2020.\n")
    text("no-period.md", "**CHƯƠNG TRÌNH CÔNG TÁC**\n\n" + TASK)
    text("header-only.md", HEAD)
    text("year-zero.md", HEAD.replace("năm 2020", "năm 0000") + TASK)
    text("long-task.md", HEAD + "- Thanh tra Sở " + "kiểm tra cơ sở " * 200 + "\n")
    text("emoji-only.md", "📄📅✅❌\n🗓️ 🗂️\n")
    text("zero-width.md", "\u200b\u200c\u200d\ufeff\u2060\n\u200b\n")
    text("table-only.md", "| STT | Nội dung |\n| --- | --- |\n| 1 | |\n")
    text("ansi-in-text.txt", "\x1b[31mĐỎ\x1b[0m \x1b]0;title\x07\n")


if __name__ == "__main__":
    main()
