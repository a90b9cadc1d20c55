"""Drawn ornaments: an open book, the sun, stars, leaf sprigs, confetti and small icons.

They stand in for a missing picture (demo events have none) and decorate every template,
so nothing needs to be shipped as an image file with its own licence.
"""

from __future__ import annotations

import math
import random

from reportlab.lib.colors import Color, white
from reportlab.pdfgen.canvas import Canvas


def draw_book(canvas: Canvas, *, cx: float, cy: float, width: float, cover: Color,
              pages: Color, lines: Color) -> None:
    """An open book seen from the front: two curved pages on a cover."""
    half = width / 2
    h = width * 0.42
    canvas.setFillColor(cover)
    path = canvas.beginPath()
    path.moveTo(cx - half - 6, cy - h * 0.5)
    path.lineTo(cx - half - 6, cy + h * 0.45)
    path.lineTo(cx + half + 6, cy + h * 0.45)
    path.lineTo(cx + half + 6, cy - h * 0.5)
    path.curveTo(cx + half * 0.5, cy - h * 0.42, cx + 8, cy - h * 0.52, cx, cy - h * 0.62)
    path.curveTo(cx - 8, cy - h * 0.52, cx - half * 0.5, cy - h * 0.42, cx - half - 6,
                 cy - h * 0.5)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(pages)
    for side in (-1, 1):
        page = canvas.beginPath()
        page.moveTo(cx, cy - h * 0.5)
        page.curveTo(cx + side * half * 0.3, cy - h * 0.36, cx + side * half * 0.7,
                     cy - h * 0.38, cx + side * half, cy - h * 0.4)
        page.lineTo(cx + side * half, cy + h * 0.5)
        page.curveTo(cx + side * half * 0.7, cy + h * 0.52, cx + side * half * 0.3,
                     cy + h * 0.5, cx, cy + h * 0.36)
        page.close()
        canvas.drawPath(page, stroke=0, fill=1)
    canvas.setStrokeColor(lines)
    canvas.setLineWidth(max(0.6, width / 160))
    for side in (-1, 1):
        for row in range(5):
            yy = cy + h * 0.28 - row * h * 0.14
            canvas.line(cx + side * half * 0.15, yy - h * 0.02, cx + side * half * 0.85,
                        yy + h * 0.01)


def draw_sun(canvas: Canvas, *, cx: float, cy: float, radius: float, color: Color) -> None:
    canvas.setFillColor(color)
    canvas.circle(cx, cy, radius, stroke=0, fill=1)
    canvas.setStrokeColor(color)
    canvas.setLineWidth(radius * 0.16)
    canvas.setLineCap(1)
    for ray in range(12):
        angle = math.tau * ray / 12
        canvas.line(cx + math.cos(angle) * radius * 1.3, cy + math.sin(angle) * radius * 1.3,
                    cx + math.cos(angle) * radius * 1.65, cy + math.sin(angle) * radius * 1.65)


def draw_star(canvas: Canvas, *, cx: float, cy: float, radius: float, color: Color) -> None:
    canvas.setFillColor(color)
    path = canvas.beginPath()
    for point in range(10):
        r = radius if point % 2 == 0 else radius * 0.45
        angle = math.pi / 2 + math.pi * point / 5
        px, py = cx + math.cos(angle) * r, cy + math.sin(angle) * r
        if point == 0:
            path.moveTo(px, py)
        else:
            path.lineTo(px, py)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def draw_leaf_sprig(canvas: Canvas, *, x: float, y: float, length: float, color: Color,
                    mirror: bool = False) -> None:
    """A curved stem with leaves: the classic template's ornament."""
    sign = -1 if mirror else 1
    canvas.setStrokeColor(color)
    canvas.setFillColor(color)
    canvas.setLineWidth(max(0.8, length / 120))
    stem = canvas.beginPath()
    stem.moveTo(x, y)
    stem.curveTo(x + sign * length * 0.35, y + length * 0.1, x + sign * length * 0.7,
                 y + length * 0.1, x + sign * length, y)
    canvas.drawPath(stem, stroke=1, fill=0)
    for step in range(1, 7):
        t = step / 7
        px = x + sign * length * t
        py = y + length * 0.1 * math.sin(math.pi * t) * 0.9
        size = length * 0.09 * (1.1 - t * 0.5)
        for up in (1, -1):
            leaf = canvas.beginPath()
            leaf.moveTo(px, py)
            leaf.curveTo(px + sign * size * 0.2, py + up * size * 0.9, px + sign * size,
                         py + up * size, px + sign * size * 1.3, py + up * size * 0.7)
            leaf.curveTo(px + sign * size, py + up * size * 0.2, px + sign * size * 0.5,
                         py, px, py)
            canvas.drawPath(leaf, stroke=0, fill=1)


def draw_confetti(canvas: Canvas, *, x: float, y: float, width: float, height: float,
                  colors: tuple[Color, ...], count: int, seed: int) -> None:
    """Dots and small stars scattered over a box; the same seed gives the same scatter."""
    rng = random.Random(seed)
    for _ in range(count):
        color = rng.choice(colors)
        cx, cy = x + rng.random() * width, y + rng.random() * height
        size = rng.uniform(3, 9)
        if rng.random() < 0.3:
            draw_star(canvas, cx=cx, cy=cy, radius=size * 1.2, color=color)
        else:
            canvas.setFillColor(color)
            canvas.circle(cx, cy, size, stroke=0, fill=1)


def draw_pin(canvas: Canvas, *, x: float, y: float, size: float, color: Color) -> None:
    """A map pin, drawn before the place."""
    canvas.setFillColor(color)
    path = canvas.beginPath()
    path.moveTo(x + size / 2, y)
    path.curveTo(x - size * 0.1, y + size * 0.55, x, y + size, x + size / 2, y + size)
    path.curveTo(x + size, y + size, x + size * 1.1, y + size * 0.55, x + size / 2, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.circle(x + size / 2, y + size * 0.66, size * 0.18, stroke=0, fill=1)


def draw_clock(canvas: Canvas, *, x: float, y: float, size: float, color: Color) -> None:
    r = size / 2
    canvas.setStrokeColor(color)
    canvas.setLineWidth(size * 0.12)
    canvas.circle(x + r, y + r, r * 0.85, stroke=1, fill=0)
    canvas.setLineCap(1)
    canvas.line(x + r, y + r, x + r, y + r * 1.5)
    canvas.line(x + r, y + r, x + r * 1.4, y + r)
