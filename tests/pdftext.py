"""What a PDF page draws, read back with pypdf: text runs with their position and printed
size, filled rectangles with their colour, and the glyphs of the embedded fonts."""

import io
from dataclasses import dataclass

import pypdf


def _times(a, b):
    """The product of two PDF matrices [a b c d e f]."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


@dataclass(frozen=True)
class Run:
    """A piece of text as drawn: baseline at (x, y) in points from the page's bottom left,
    `size` the printed size in points, `font` the embedded font's name."""

    text: str
    x: float
    y: float
    size: float
    font: str

    @property
    def bottom(self):
        """The lowest ink of the line (DejaVu's descent is under a quarter of the size)."""
        return self.y - 0.25 * self.size

    @property
    def top(self):
        return self.y + 0.95 * self.size


def runs(page) -> list[Run]:
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip() or font_dict is None:
            return
        matrix = _times(tm, cm)
        size = font_size * (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5
        font = str(font_dict.get("/BaseFont", "")).split("+")[-1]
        found.append(Run(text.strip(), matrix[4], matrix[5], round(size, 2), font))

    page.extract_text(visitor_text=visit)
    return found


@dataclass(frozen=True)
class Rect:
    colour: tuple[float, float, float]
    left: float
    bottom: float
    right: float
    top: float


def rectangles(page) -> list[Rect]:
    """The rectangles the page paints (`re`), each with the fill colour set last."""
    found = []
    colour = [(0.0, 0.0, 0.0)]

    def visit(operator, operands, cm, tm):
        if operator == b"rg":
            colour[0] = tuple(round(float(c), 3) for c in operands)
        elif operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            corners = [
                _times([1, 0, 0, 1, px, py], cm)[4:] for px in (x, x + w) for py in (y, y + h)
            ]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            found.append(Rect(colour[0], min(xs), min(ys), max(xs), max(ys)))

    page.extract_text(visitor_operand_before=visit)
    return found


def rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(round(int(hex_colour[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))


def embedded_fonts(pdf: bytes) -> dict:
    """{font name: fontTools TTFont} of the fonts embedded in the first page."""
    from fontTools.ttLib import TTFont

    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = {}
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        data = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        fonts[str(font["/BaseFont"]).split("+")[-1]] = TTFont(io.BytesIO(data))
    return fonts
