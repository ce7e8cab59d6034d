#!/usr/bin/env python3
"""Draws the Teams app icons with no image library: color.png (192x192) and outline.png (32x32, white on transparent).

The mark is a speech bubble with two linked rings (a partner and the vendor). Run it again after changing the
drawing; the PNGs it writes are committed beside it.
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def png(path, width, height, pixels):
    """pixels: function (x, y) -> (r, g, b, a). Writes an 8-bit RGBA PNG."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        for x in range(width):
            raw.extend(pixels(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(bytes(raw), 9)))
        f.write(chunk(b"IEND", b""))


def coverage(inside, x, y, samples=4):
    """Anti-aliasing: the share of sub-pixel samples that fall inside the shape (unit square coordinates)."""
    hits = 0
    for i in range(samples):
        for j in range(samples):
            if inside(x + (i + 0.5) / samples, y + (j + 0.5) / samples):
                hits += 1
    return hits / (samples * samples)


def mark(u, v, stroke):
    """The mark in a 0..1 square: a rounded bubble outline with a tail, and two linked rings inside."""
    # Bubble: rounded rectangle from (0.12, 0.14) to (0.88, 0.72), radius 0.14, drawn as an outline.
    def rounded(u, v, x0, y0, x1, y1, r):
        cx = min(max(u, x0 + r), x1 - r)
        cy = min(max(v, y0 + r), y1 - r)
        return math.hypot(u - cx, v - cy) <= r

    outer = rounded(u, v, 0.12, 0.14, 0.88, 0.72, 0.14)
    inner = rounded(u, v, 0.12 + stroke, 0.14 + stroke, 0.88 - stroke, 0.72 - stroke, max(0.01, 0.14 - stroke))
    bubble = outer and not inner
    # Tail: a triangle under the bubble's left side.
    tail = 0.70 <= v <= 0.88 and 0.24 <= u <= 0.24 + (0.88 - v) * 0.9 and u <= 0.40
    # Two rings, overlapping like links.
    def ring(cx, cy, r):
        d = math.hypot(u - cx, v - cy)
        return r - stroke * 0.9 <= d <= r
    rings = ring(0.41, 0.43, 0.15) or ring(0.59, 0.43, 0.15)
    return bubble or tail or rings


def color_icon(size=192):
    top, bottom = (0x46, 0x4E, 0xB8), (0x2B, 0x31, 0x86)  # Teams-like indigo, a vertical gradient

    def pixel(x, y):
        t = y / (size - 1)
        bg = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom))
        # Full-bleed square (Teams crops the corners itself); the mark is white.
        c = coverage(lambda px, py: mark(px / size, py / size, 0.07), x, y)
        return tuple(round(b + (255 - b) * c) for b in bg) + (255,)

    png(os.path.join(HERE, "color.png"), size, size, pixel)


def outline_icon(size=32):
    def pixel(x, y):
        c = coverage(lambda px, py: mark(px / size, py / size, 0.10), x, y)
        return (255, 255, 255, round(255 * c))  # white only, transparent elsewhere

    png(os.path.join(HERE, "outline.png"), size, size, pixel)


if __name__ == "__main__":
    color_icon()
    outline_icon()
    print("wrote color.png (192x192) and outline.png (32x32)")
